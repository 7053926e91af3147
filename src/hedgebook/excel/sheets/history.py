"""History: each hedge's last days of closes and settled funding (values written by Refresh), and a chart of its
daily funding APR.  Carry's historical figures are formulas over these blocks."""

from __future__ import annotations

import math
from typing import Any

from ...app.daily_history import DailyHistory
from ...app.plan import Plan
from ...core.dates import to_excel_serial
from ...core.funding import funding_apr
from ...market.text import clean_text
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, headers, set_widths, title, write_cell
from .formulas import Placement

NO_HISTORY = "no history yet: press Refresh"
UP_TO_DATE = "up to date"


def history_heading(item: DailyHistory) -> list[str]:
    """The line above a block: asset, venue, hedge contract, dated alternative, and how current the history is
    (read back by the next refresh, which keeps what it cannot get again)."""
    return [item.asset, item.venue, item.symbol, item.dated_symbol, item.note or UP_TO_DATE]


def history_rows(item: DailyHistory) -> list[list[Any]]:
    """The block's rows: the day (an Excel date), the closes, the day's funding and hours, the dated close, the
    open interest, and the day's funding APR (the day's rates over the hours they cover, a year; positive = longs
    paid)."""
    rows = []
    for k, day in enumerate(item.days):
        funding, hours = item.funding[k], item.funding_hours[k]
        apr = funding_apr(funding, hours) if hours > 0 and not math.isnan(funding) else math.nan
        rows.append([to_excel_serial(day), *(column[k] for column in item.columns()), apr])
    return rows


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "History",
          f"Each hedge's last {L.HISTORY_DAYS} days (UTC), written by Refresh as values: closes of the coins (spot) "
          "and of the hedge contracts, the funding the perpetual settled each day (the day's rates summed, "
          "positive = longs paid shorts, and the hours they cover), and its open interest where the venue keeps "
          "it. Carry's historical figures are computed from them; a blank day is one the venue has no record of. "
          "Above each block: asset, venue, hedge contract, dated future, and how current the history is (spot "
          "closes: Binance, the asset against USDT).")
    styles = (fmt.mkt_day, fmt.mkt_money, fmt.mkt_money, fmt.mkt_rate, fmt.mkt_number, fmt.mkt_money,
              fmt.mkt_count, fmt.mkt_weight)
    last_row, starts = L.HEADER_ROW, []
    for offset, n, i in place.slots(data):
        item = data.histories[i] if i is not None and i < len(data.histories) else None
        if item is None:
            continue
        table = L.history_table(offset)
        cell = L.history_title(offset)
        for col, text in enumerate(history_heading(item)):
            write_cell(sheet, cell.row, cell.col + col, text, fmt.bold)  # text from the network, made safe
        headers(sheet, fmt, table)
        for k, row in enumerate(history_rows(item)):
            for col, (value, style) in enumerate(zip(row, styles)):
                write_cell(sheet, table.first_row + k, table.first_col + col, value, style)
        _funding_chart(book, sheet, table, item)
        last_row = table.last_row
        starts.append(L.history_title(offset).row)
    if last_row == L.HEADER_ROW:
        sheet.write_string(L.HEADER_ROW, 0, NO_HISTORY, fmt.subtitle)
    set_widths(sheet, COLUMN_WIDTHS[L.HISTORY])
    sheet.freeze_panes(L.HEADER_ROW, 1)
    sheet.print_area(0, 0, last_row, L.HISTORY_CHART_COL + 8)
    sheet.set_h_pagebreaks(starts[1:])  # a page per hedge: its days and its chart
    sheet.fit_to_pages(1, max(1, len(starts)))


def _funding_chart(book, sheet, table: L.Table, item: DailyHistory) -> None:
    chart = book.add_chart({"type": "line"})
    hedge = clean_text(f"{item.venue} {item.symbol}")
    chart.add_series({
        "name": f"{hedge} funding APR",
        "categories": table.column("Date (UTC)").ref(),
        "values": table.column("Funding APR (day)").ref(),
        "line": {"color": "#1F3864", "width": 1.25},
    })
    chart.set_title({"name": clean_text(f"{item.asset}: funding APR by day ({hedge})"),
                     "name_font": {"size": 10}})
    chart.set_x_axis({"date_axis": True, "num_format": "dd mmm", "major_unit": 14, "major_unit_type": "days",
                      "major_gridlines": {"visible": False}})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    sheet.insert_chart(table.header_row, L.HISTORY_CHART_COL, chart, {"x_scale": 1.4, "y_scale": 1.0})
