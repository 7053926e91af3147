"""Building a plan workbook with XlsxWriter: formulas with cached values, formats, charts.

Every formula cell carries the value the same ``core`` function computes
(through :mod:`hedgebook.excel.model`), so the workbook shows correct numbers
in any spreadsheet program before the add-in is loaded.  Text that came from
the network is written with ``write_string``: it can never become a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .. import core
from ..market import COLUMNS as MARKET_COLUMNS
from ..market import MarketSnapshot
from . import layout as L
from .model import PlanBook, cot_rows, open_interest_rows, order_rows, venue_status_rows

BUILD_TIME = dt.datetime(2025, 1, 14, 8, 0, 0)
"""Document creation time written into every built file, so builds are reproducible."""
REFRESH_MACRO = "SampleCall"
"""The macro of xlwings' quickstart VBA project: runs ``main()`` of the .py named like the workbook."""

PALETTE = {"input": "#FFF2CC", "output": "#E8EEF7", "header": "#1F3864", "title": "#1F3864", "market": "#F2F2F2"}


def _vba_project() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    return Path(spec.origin).parent / "quickstart.xlsm"


def extract_vba_project(target_dir: Path) -> Path:
    """xlwings' quickstart VBA project (``xl/vbaProject.bin``), extracted into ``target_dir``."""
    import zipfile

    target = target_dir / "vbaProject.bin"
    with zipfile.ZipFile(_vba_project()) as archive:
        target.write_bytes(archive.read("xl/vbaProject.bin"))
    return target


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        add = book.add_format
        base = {"font_name": "Calibri", "font_size": 10}
        self.title = add({**base, "bold": True, "font_size": 16, "font_color": PALETTE["title"]})
        self.subtitle = add({**base, "italic": True, "font_color": "#595959"})
        self.text = add(base)
        self.bold = add({**base, "bold": True})
        self.header = add({**base, "bold": True, "font_color": "white", "bg_color": PALETTE["header"],
                           "text_wrap": True, "valign": "vcenter", "border": 1})
        money, weight, rate, date = "#,##0.00;[Red]-#,##0.00", "0.00%", "0.0000%", "yyyy-mm-dd hh:mm"
        for role, fill in (("in", PALETTE["input"]), ("out", PALETTE["output"]), ("mkt", PALETTE["market"])):
            cell = {**base, "bg_color": fill, "border": 1, "border_color": "#BFBFBF"}
            setattr(self, f"{role}_text", add(cell))
            setattr(self, f"{role}_money", add({**cell, "num_format": money}))
            setattr(self, f"{role}_weight", add({**cell, "num_format": weight}))
            setattr(self, f"{role}_rate", add({**cell, "num_format": rate}))
            setattr(self, f"{role}_date", add({**cell, "num_format": date}))
            setattr(self, f"{role}_number", add({**cell, "num_format": "#,##0.########"}))
            setattr(self, f"{role}_qty", add({**cell, "num_format": "#,##0.000000"}))
            setattr(self, f"{role}_bool", add({**cell, "align": "center", "num_format": '"TRUE";"TRUE";"FALSE"'}))
        self.total_money = add({**base, "bold": True, "num_format": money, "top": 1})
        self.total_label = add({**base, "bold": True, "top": 1})
        self.header_percent = add({**base, "bold": True, "font_color": "white", "bg_color": PALETTE["header"],
                                   "num_format": "+0%;-0%", "border": 1, "align": "center"})


def _value(x):
    """A cached value: a number, or "" where the cell shows nothing."""
    if x is None:
        return ""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str):
        return x
    x = float(x)
    return "" if math.isnan(x) else x


def _naive_utc(value) -> dt.datetime | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _write_cell(sheet, row, col, value, fmt, date_fmt=None):
    """Write a value by its type; text always as text (a venue symbol like '=X()' stays text)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, (dt.datetime, pd.Timestamp)):
        moment = _naive_utc(value)
        if moment is None:
            sheet.write_blank(row, col, None, date_fmt or fmt)
        else:
            sheet.write_datetime(row, col, moment, date_fmt or fmt)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def build_workbook(
    path: Path,
    book_data: PlanBook,
    snapshot: MarketSnapshot,
    *,
    udf_module: str,
    cot: pd.DataFrame | None = None,
) -> Path:
    """Write a plan workbook (``.xlsm``: it carries the Refresh button's macro).

    Parameters
    ----------
    path : Path
        Target file, ``.xlsm``.
    book_data : PlanBook
        Inputs and every computed figure (cached values).
    snapshot : MarketSnapshot
        Written to the Market sheet; its label and errors go to Start.
    udf_module : str
        Module named on the hidden ``xlwings.conf`` sheet for "Import Functions".
    cot : DataFrame, optional
        CFTC Commitments of Traders for the Context sheet.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
        book.set_properties({"title": "hedgebook plan", "author": "hedgebook", "created": BUILD_TIME,
                             "comments": "Rebalance a crypto portfolio with futures, keeping the coins."})
        book.add_vba_project(str(extract_vba_project(Path(scratch))))
        book.set_vba_name("ThisWorkbook")
        fmt = _Formats(book)
        sheets = {name: book.add_worksheet(name) for name in L.SHEETS}
        for index, name in enumerate(L.SHEETS):
            sheets[name].set_vba_name(f"Sheet{index + 1}")
        conf = book.add_worksheet(L.CONF_SHEET)
        conf.set_vba_name(f"Sheet{len(L.SHEETS) + 1}")
        conf.write_string(0, 0, "UDF Modules")
        conf.write_string(0, 1, udf_module)
        conf.hide()

        _start(book, sheets[L.START], fmt, snapshot, book_data)
        _holdings(book, sheets[L.HOLDINGS], fmt, book_data)
        _settings(book, sheets[L.SETTINGS], fmt, book_data)
        write_market(sheets[L.MARKET], fmt, snapshot.table, snapshot.label)
        _rebalance(book, sheets[L.REBALANCE], fmt, book_data)
        _orders(sheets[L.ORDERS], fmt, book_data)
        _carry(sheets[L.CARRY], fmt, book_data)
        _costs(sheets[L.COSTS], fmt, book_data)
        _risk(book, sheets[L.RISK], fmt, book_data)
        _context(sheets[L.CONTEXT], fmt, book_data, snapshot.table, cot)
        for sheet in sheets.values():
            sheet.set_landscape()
            sheet.set_paper(9)  # A4
            sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
            sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheets[L.START].activate()
        book.close()
    return path


def _title(sheet, fmt, title: str, subtitle: str) -> None:
    sheet.write_string(0, 0, title, fmt.title)
    sheet.write_string(1, 0, subtitle, fmt.subtitle)
    sheet.set_row(0, 24)


def _headers(sheet, fmt, titles, row=L.HEADER_ROW, col=0, height=30) -> None:
    for offset, title in enumerate(titles):
        sheet.write_string(row, col + offset, title, fmt.header)
    sheet.set_row(row, height)


def _start(book, sheet, fmt, snapshot: MarketSnapshot, data: PlanBook) -> None:
    _title(sheet, fmt, "hedgebook", "Rebalance a crypto portfolio with futures, and keep your coins.")
    lines = [
        ("What it does", fmt.bold),
        ("Selling an overweight coin realizes a taxable gain. hedgebook moves exposure instead: it shorts a future "
         "on the overweight asset and goes long the underweight one, and shows what that costs and risks.", fmt.text),
        ("", fmt.text),
        ("Three steps", fmt.bold),
        ("1. Holdings: enter what you own (yellow cells), the hedge venue and your target weights.", fmt.text),
        ("2. Press Refresh (or xlwings ribbon > Run main): prices, funding and dated futures are loaded.", fmt.text),
        ("3. Read the plan: Rebalance (weights), Orders (what to place), Carry, Costs and Risk.", fmt.text),
        ("Signs: negative = short. Funding rate > 0 means longs pay shorts. Cost > 0 means you pay.", fmt.subtitle),
    ]
    for offset, (text, style) in enumerate(lines):
        sheet.write_string(3 + offset, 0, text, style)
    sheet.insert_button(12, 0, {"macro": REFRESH_MACRO, "caption": "Refresh", "width": 140, "height": 32})
    sheet.write_string(L.LAST_REFRESH_ROW, 0, "Last refresh (UTC)", fmt.bold)
    sheet.write_datetime(L.LAST_REFRESH_ROW, 2, _naive_utc(snapshot.fetched_at), fmt.out_date)
    book.define_name(L.LAST_REFRESH_NAME, f"='{L.START}'!{L.a1(L.LAST_REFRESH_ROW, 2, True)}")
    sheet.write_string(L.LAST_REFRESH_ROW + 1, 0, "Data", fmt.bold)
    sheet.write_string(L.LAST_REFRESH_ROW + 1, 2, snapshot.label, fmt.out_text)
    book.define_name(L.DATA_LABEL_NAME, f"='{L.START}'!{L.a1(L.LAST_REFRESH_ROW + 1, 2, True)}")
    write_venue_status(sheet, fmt, snapshot)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 70)
    sheet.hide_gridlines(2)


def write_venue_status(sheet, fmt, snapshot: MarketSnapshot) -> None:
    """The per-venue status table on Start: instrument count, ok or the error."""
    _headers(sheet, fmt, ("Venue", "Instruments", "Status"), row=L.START_STATUS_ROW - 1, height=18)
    styles = (fmt.out_text, fmt.out_number, fmt.out_text)
    for offset, row in enumerate(venue_status_rows(snapshot)):
        for col, (value, style) in enumerate(zip(row, styles)):
            _write_cell(sheet, L.START_STATUS_ROW + offset, col, value, style)


def _holdings(book, sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Holdings", "Yellow: what you own and want (type here). Grey: hedge market data, written by Refresh.")
    _headers(sheet, fmt, [c.title for c in L.HOLDINGS_COLUMNS])
    for col, column in enumerate(L.HOLDINGS_COLUMNS):
        book.define_name(column.name, "=" + L.sheet_range(L.HOLDINGS, L.FIRST_ROW, col, L.LAST_ROW))
    for i in range(L.MAX_HOLDINGS):
        row = L.FIRST_ROW + i
        holding = data.holdings[i] if i < len(data.holdings) else None
        quote = data.quotes[i] if i < len(data.quotes) else None
        inputs = (
            (holding.asset if holding else None, fmt.in_text),
            (holding.quantity if holding else None, fmt.in_qty),
            (holding.cost_basis if holding else None, fmt.in_money),
            (holding.futures_notional if holding else None, fmt.in_money),
            (holding.venue if holding else None, fmt.in_text),
            (holding.target_weight if holding else None, fmt.in_weight),
        )
        for col, (value, style) in enumerate(inputs):
            _write_cell(sheet, row, col, value, style)
        write_quote(sheet, fmt, row, quote)
    sheet.data_validation(L.FIRST_ROW, 5, L.LAST_ROW, 5, {"validate": "decimal", "criteria": "between",
                                                           "minimum": -1, "maximum": 1,
                                                           "error_message": "A weight is a fraction: 50% = 0.5"})
    sheet.freeze_panes(L.FIRST_ROW, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 5, 15)
    sheet.set_column(6, 6, 16)
    sheet.set_column(7, 16, 12)
    sheet.set_column(14, 14, 16)
    sheet.set_column(16, 16, 16)
    sheet.set_column(17, 17, 40)


def write_quote(sheet, fmt, row: int, quote) -> None:
    """The market columns of one Holdings row (blank when there is no quote)."""
    first = L.HOLDINGS_COLUMN["Holdings_Symbol"]
    values = (
        (None if quote is None else quote.symbol, fmt.mkt_text),
        (None if quote is None else quote.price, fmt.mkt_money),
        (None if quote is None else quote.spot_price, fmt.mkt_money),
        (None if quote is None else quote.funding_rate, fmt.mkt_rate),
        (None if quote is None else quote.interval_h, fmt.mkt_number),
        (None if quote is None else quote.contract_size, fmt.mkt_number),
        (None if quote is None else quote.lot_size, fmt.mkt_number),
        (None if quote is None else quote.inverse, fmt.mkt_bool),
        (None if quote is None else quote.dated_symbol or None, fmt.mkt_text),
        (None if quote is None else quote.dated_price, fmt.mkt_money),
        (None if quote is None else quote.expiry, fmt.mkt_date),
        (None if quote is None else quote.status, fmt.mkt_text),
    )
    for offset, (value, style) in enumerate(values):
        _write_cell(sheet, row, first + offset, value, style)


def _settings(book, sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Settings", "Assumptions of the plan. Rates are fractions: 0.05% = 0.0005.")
    _headers(sheet, fmt, ("Setting", "Value", "Meaning"), height=18)
    styles = {"horizon_days": fmt.in_number, "slippage_bps": fmt.in_number, "leverage": fmt.in_number,
              "as_of": fmt.in_date, "tax_rate": fmt.in_weight}
    for offset, setting in enumerate(L.SETTINGS_ROWS):
        row = L.FIRST_ROW + offset
        value = data.as_of if setting.attribute == "as_of" else getattr(data.settings, setting.attribute)
        sheet.write_string(row, 0, setting.title, fmt.text)
        _write_cell(sheet, row, L.SETTINGS_VALUE_COLUMN, value, styles.get(setting.attribute, fmt.in_rate))
        sheet.write_string(row, 2, setting.unit, fmt.subtitle)
        book.define_name(setting.name, f"='{L.SETTINGS}'!{L.a1(row, L.SETTINGS_VALUE_COLUMN, True)}")
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 36)


def write_market(sheet, fmt, table: pd.DataFrame, label: str) -> None:
    """The Market sheet: one row per instrument, values only; text as text."""
    _title(sheet, fmt, "Market", f"Written by Refresh. {label}")
    _headers(sheet, fmt, MARKET_COLUMNS)
    styles = {
        "expiry": fmt.mkt_date, "next_funding_time": fmt.mkt_date, "updated_at": fmt.mkt_date,
        "funding_rate": fmt.mkt_rate, "funding_apr": fmt.mkt_weight, "open_interest_usd": fmt.mkt_money,
        "last_price": fmt.mkt_money, "mark_price": fmt.mkt_money, "index_price": fmt.mkt_money,
    }
    for offset, record in enumerate(table.itertuples(index=False)):
        for col, name in enumerate(MARKET_COLUMNS):
            _write_cell(sheet, L.MARKET_FIRST_ROW + offset, col, getattr(record, name), styles.get(name, fmt.mkt_number)
                        if name not in ("venue", "symbol", "base", "quote", "kind", "settle", "status") else fmt.mkt_text)
    sheet.freeze_panes(L.MARKET_FIRST_ROW, 2)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 5, 8)
    sheet.set_column(6, 18, 13)
    sheet.set_column(19, 19, 40)
    sheet.autofilter(L.HEADER_ROW, 0, L.HEADER_ROW + max(1, len(table)), len(MARKET_COLUMNS) - 1)


def _index(name: str, n: int) -> str:
    return f"INDEX({name},{n})"


def _rows(data: PlanBook):
    """(row, n, i or None) for every plan row: i indexes the holdings, None for an empty row."""
    for i in range(L.MAX_HOLDINGS):
        yield L.FIRST_ROW + i, i + 1, (i if i < len(data.holdings) else None)


def _guarded(asset_cell: str, formula: str) -> str:
    return f'=IF({asset_cell}="","",{formula})'


REBALANCE_TITLES = ("Asset", "Spot value", "Futures now", "Net exposure", "Weight now", "Target weight",
                    "Hedge notional", "Contracts", "Order notional", "Side", "Weight after")


def _rebalance(book, sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Rebalance", "Futures that bring every asset's net exposure to its target weight. USD; short < 0.")
    plan = data.plan
    first, last = L.a1(L.FIRST_ROW, 1), L.a1(L.LAST_ROW, 1)
    sheet.write_string(1, 8, "Portfolio value", fmt.bold)
    sheet.write_formula(1, 10, f"=SUM({first}:{last})", fmt.out_money, plan.portfolio_value)
    book.define_name(L.PORTFOLIO_VALUE_NAME, f"='{L.REBALANCE}'!{L.a1(1, 10, True)}")
    _headers(sheet, fmt, REBALANCE_TITLES)
    pv = L.PORTFOLIO_VALUE_NAME
    for row, n, i in _rows(data):
        r = row + 1
        a = f"$A{r}"
        price, size = _index("Holdings_Price", n), _index("Holdings_ContractSize", n)
        lot, inverse = _index("Holdings_LotSize", n), _index("Holdings_Inverse", n)
        cells = (
            (f'=IF({_index("Holdings_Asset", n)}="","",{_index("Holdings_Asset", n)})', fmt.out_text,
             plan.assets[i] if i is not None else ""),
            (_guarded(a, f"{_index('Holdings_Qty', n)}*{_index('Holdings_SpotPrice', n)}"), fmt.out_money,
             plan.spot_values[i] if i is not None else ""),
            (_guarded(a, _index("Holdings_Futures", n)), fmt.out_money, plan.futures_notionals[i] if i is not None else ""),
            (_guarded(a, f"NETEXPOSURE(B{r},C{r})"), fmt.out_money,
             plan.spot_values[i] + plan.futures_notionals[i] if i is not None else ""),
            (_guarded(a, f"NETEXPOSURE(B{r},C{r},{pv})"), fmt.out_weight, plan.current_weights[i] if i is not None else ""),
            (_guarded(a, _index("Holdings_Target", n)), fmt.out_weight, plan.target_weights[i] if i is not None else ""),
            (_guarded(a, f"HEDGENOTIONAL(D{r},F{r},{pv})"), fmt.out_money,
             plan.target_weights[i] * plan.portfolio_value - plan.spot_values[i] - plan.futures_notionals[i]
             if i is not None else ""),
            (_guarded(a, f"HEDGESIZE(D{r},F{r},{pv},{price},{size},{lot},{inverse})"), fmt.out_qty,
             plan.contracts[i] if i is not None else ""),
            (_guarded(a, f"H{r}*{size}*IF({inverse},1,{price})"), fmt.out_money,
             plan.trade_notionals[i] if i is not None else ""),
            (_guarded(a, f'IF(H{r}<0,"sell",IF(H{r}>0,"buy","none"))'), fmt.out_text,
             plan.sides[i] if i is not None else ""),
            (_guarded(a, f"NETEXPOSURE(B{r},C{r}+I{r},{pv})"), fmt.out_weight,
             plan.post_trade_weights[i] if i is not None else ""),
        )
        for col, (formula, style, value) in enumerate(cells):
            sheet.write_formula(row, col, formula, style, _value(value))
    count = max(1, len(data.holdings))
    chart = book.add_chart({"type": "column"})
    for col, name, color in ((4, "Weight now", "#A5A5A5"), (5, "Target weight", "#1F3864"),
                             (10, "Weight after", "#5B9BD5")):
        chart.add_series({
            "name": name,
            "categories": L.sheet_range(L.REBALANCE, L.FIRST_ROW, 0, L.FIRST_ROW + count - 1),
            "values": L.sheet_range(L.REBALANCE, L.FIRST_ROW, col, L.FIRST_ROW + count - 1),
            "fill": {"color": color},
        })
    chart.set_title({"name": "Weights: now, target, after the futures"})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(L.LAST_ROW + 3, 0, chart, {"x_scale": 1.3, "y_scale": 1.1})
    sheet.freeze_panes(L.FIRST_ROW, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 10, 14)


def write_orders(sheet, fmt, data: PlanBook) -> None:
    """The Orders sheet: the futures orders to place (values)."""
    styles = (fmt.out_text, fmt.out_text, fmt.out_text, fmt.out_qty, fmt.out_money, fmt.out_money, fmt.out_money,
              fmt.out_money)
    rows = order_rows(data)
    for offset, row in enumerate(rows):
        for col, (value, style) in enumerate(zip(row, styles)):
            _write_cell(sheet, L.FIRST_ROW + offset, col, value, style)
    if not rows:
        sheet.write_string(L.FIRST_ROW, 0, "No orders: every asset is at its target weight.", fmt.subtitle)


def _orders(sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Orders",
           f"The orders to place, written by Refresh. Funding over {data.settings.horizon_days:g} days "
           f"(> 0 = you pay); margin at {data.settings.leverage:g}x, isolated.")
    _headers(sheet, fmt, L.ORDERS_COLUMNS)
    write_orders(sheet, fmt, data)
    sheet.freeze_panes(L.FIRST_ROW, 0)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 7, 16)


CARRY_TITLES = ("Asset", "Perpetual", "Funding rate", "Interval (h)", "Funding APR", "Funding over horizon",
                "Dated future", "Spot", "Dated price", "Expiry (UTC)", "Days to expiry", "Annualized basis",
                "Dated carry over horizon", "Switch gain to expiry")


def _carry(sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Carry",
           "Perpetual funding against the dated future's basis, for each order. Cost > 0 = you pay; "
           "switch gain > 0 = moving the hedge into the dated future saves money.")
    _headers(sheet, fmt, CARRY_TITLES)
    for row, n, i in _rows(data):
        r = row + 1
        q = data.quotes[i] if i is not None else None
        has_dated = q is not None and bool(q.dated_price > 0)
        cells = (
            (f"=Rebalance!A{r}", fmt.out_text, data.plan.assets[i] if i is not None else ""),
            (_guarded(f"A{r}", f'{_index("Holdings_Symbol", n)}&""'), fmt.out_text, q.symbol if q else ""),
            (_guarded(f"A{r}", _index("Holdings_FundingRate", n)), fmt.out_rate, q.funding_rate if q else ""),
            (_guarded(f"A{r}", _index("Holdings_IntervalH", n)), fmt.out_number, q.interval_h if q else ""),
            (_guarded(f"A{r}", f"FUNDINGAPR(C{r},D{r})"), fmt.out_weight, data.funding_apr[i] if q else ""),
            (_guarded(f"A{r}", f"FUNDINGCOST(Rebalance!I{r},C{r},Settings_HorizonDays,D{r})"), fmt.out_money,
             data.costs.funding[i] if q else ""),
            (_guarded(f"A{r}", f'{_index("Holdings_DatedSymbol", n)}&""'), fmt.out_text, q.dated_symbol if q else ""),
            (_guarded(f"A{r}", _index("Holdings_SpotPrice", n)), fmt.out_money, q.spot_price if q else ""),
            (_guarded(f"A{r}", f'IF({_index("Holdings_DatedPrice", n)}>0,{_index("Holdings_DatedPrice", n)},"")'),
             fmt.out_money, q.dated_price if has_dated else ""),
            (f'=IF(I{r}="","",{_index("Holdings_Expiry", n)})', fmt.out_date,
             core.to_excel_serial(q.expiry) if has_dated else ""),
            (f'=IF(I{r}="","",J{r}-Settings_AsOf)', fmt.out_number, data.days_to_expiry[i] if has_dated else ""),
            (f'=IF(I{r}="","",ANNUALIZEDBASIS(H{r},I{r},J{r},Settings_AsOf))', fmt.out_weight,
             data.annualized_basis[i] if has_dated else ""),
            (f'=IF(I{r}="","",DATEDCARRY(Rebalance!I{r},H{r},I{r},Settings_HorizonDays,K{r}))', fmt.out_money,
             data.dated_carry[i] if has_dated else ""),
            (f'=IF(I{r}="","",SWITCHGAIN(Rebalance!I{r},C{r},H{r},I{r},K{r},D{r},Settings_FuturesFee))',
             fmt.out_money, data.switch_gain[i] if has_dated else ""),
        )
        for col, (formula, style, value) in enumerate(cells):
            sheet.write_formula(row, col, formula, style, _value(value))
    sheet.freeze_panes(L.FIRST_ROW, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 13, 14)


COSTS_TITLES = ("Asset", "Trade notional", "Spot: fees, slippage, tax", "Futures: fees, slippage, funding",
                "Saved with futures")


def _costs(sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Costs",
           "Rebalancing by selling and buying spot, against doing it with futures over the horizon. > 0 = you pay.")
    _headers(sheet, fmt, COSTS_TITLES)
    c = data.costs
    for row, n, i in _rows(data):
        r = row + 1
        cells = (
            (f"=Rebalance!A{r}", fmt.out_text, data.plan.assets[i] if i is not None else ""),
            (_guarded(f"A{r}", f"Rebalance!I{r}"), fmt.out_money, data.plan.trade_notionals[i] if i is not None else ""),
            (_guarded(f"A{r}", f"SPOTREBALCOST(B{r},{_index('Holdings_Price', n)},{_index('Holdings_CostBasis', n)},"
                               "Settings_SpotFee,Settings_SlippageBps,Settings_TaxRate)"), fmt.out_money,
             c.spot_cost[i] if i is not None else ""),
            (_guarded(f"A{r}", f"FUTREBALCOST(B{r},{_index('Holdings_FundingRate', n)},Settings_HorizonDays,"
                               f"{_index('Holdings_IntervalH', n)},Settings_FuturesFee,Settings_SlippageBps)"),
             fmt.out_money, c.futures_cost[i] if i is not None else ""),
            (_guarded(f"A{r}", f"C{r}-D{r}"), fmt.out_money, c.spot_cost[i] - c.futures_cost[i] if i is not None else ""),
        )
        for col, (formula, style, value) in enumerate(cells):
            sheet.write_formula(row, col, formula, style, _value(value))
    total = L.LAST_ROW + 1
    sheet.write_string(total, 0, "Total", fmt.total_label)
    sums = (np.sum(c.spot_cost), np.sum(c.futures_cost), np.sum(c.spot_cost - c.futures_cost))
    for col, value in zip((2, 3, 4), sums):
        letter = L.a1(0, col)[0]
        sheet.write_formula(total, col, f"=SUM({letter}{L.FIRST_ROW + 1}:{letter}{L.LAST_ROW + 1})", fmt.total_money,
                            float(value))
    sheet.freeze_panes(L.FIRST_ROW, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 4, 20)


RISK_TITLES = ("Asset", "Order notional", "Margin", "Quantity", "Collateral", "Liquidation price")
STRESS_COLUMN = 7


def _risk(book, sheet, fmt, data: PlanBook) -> None:
    _title(sheet, fmt, "Risk",
           "Margin and isolated liquidation price of each order (0 = cannot be liquidated); "
           "P&L of each asset's net position after the plan for a price move.")
    _headers(sheet, fmt, RISK_TITLES)
    sheet.write_string(L.HEADER_ROW, STRESS_COLUMN, "P&L after plan", fmt.header)
    for offset, shock in enumerate(L.STRESS_SHOCKS):
        sheet.write_number(L.HEADER_ROW, STRESS_COLUMN + 1 + offset, shock, fmt.header_percent)
    quantity, collateral = data.costs.quantity, data.costs.collateral
    plan = data.plan
    for row, n, i in _rows(data):
        r = row + 1
        price, inverse = _index("Holdings_Price", n), _index("Holdings_Inverse", n)
        cells = (
            (f"=Rebalance!A{r}", fmt.out_text, plan.assets[i] if i is not None else ""),
            (_guarded(f"A{r}", f"Rebalance!I{r}"), fmt.out_money, plan.trade_notionals[i] if i is not None else ""),
            (_guarded(f"A{r}", f"MARGIN(B{r},Settings_Leverage)"), fmt.out_money,
             data.costs.margin[i] if i is not None else ""),
            (_guarded(f"A{r}", f"IF({inverse},Rebalance!H{r},B{r}/{price})"), fmt.out_qty,
             quantity[i] if i is not None else ""),
            (_guarded(f"A{r}", f"IF({inverse},C{r}/{price},C{r})"), fmt.out_number,
             collateral[i] if i is not None else ""),
            (_guarded(f"A{r}", f"LIQPRICE({price},D{r},E{r},Settings_MaintMargin,0,"
                               f"IF({inverse},{_index('Holdings_ContractSize', n)},0))"), fmt.out_money,
             data.costs.liquidation_price[i] if i is not None else ""),
        )
        for col, (formula, style, value) in enumerate(cells):
            sheet.write_formula(row, col, formula, style, _value(value))
        sheet.write_formula(row, STRESS_COLUMN, f"=A{r}", fmt.out_text, _value(plan.assets[i] if i is not None else ""))
        for offset, shock in enumerate(L.STRESS_SHOCKS):
            col = STRESS_COLUMN + 1 + offset
            shock_cell = L.a1(L.HEADER_ROW, col, True)
            value = (core.stress_pnl(plan.spot_values[i], plan.futures_notionals[i] + plan.trade_notionals[i], shock)
                     if i is not None else "")
            sheet.write_formula(row, col, _guarded(f"A{r}", f"STRESSPNL(Rebalance!B{r},Rebalance!C{r}+Rebalance!I{r},"
                                                            f"{shock_cell})"), fmt.out_money, _value(value))
    total_after, total_now = L.LAST_ROW + 1, L.LAST_ROW + 2
    sheet.write_string(total_after, STRESS_COLUMN, "Total after plan", fmt.total_label)
    sheet.write_string(total_now, STRESS_COLUMN, "Total now", fmt.total_label)
    spot_sum = f"SUM(Rebalance!B{L.FIRST_ROW + 1}:B{L.LAST_ROW + 1})"
    futures_sum = f"SUM(Rebalance!C{L.FIRST_ROW + 1}:C{L.LAST_ROW + 1})"
    for offset, shock in enumerate(L.STRESS_SHOCKS):
        col = STRESS_COLUMN + 1 + offset
        letter = L.a1(0, col).rstrip("0123456789")
        after = core.stress_pnl(plan.spot_values, plan.futures_notionals + plan.trade_notionals, shock).sum()
        sheet.write_formula(total_after, col, f"=SUM({letter}{L.FIRST_ROW + 1}:{letter}{L.LAST_ROW + 1})",
                            fmt.total_money, float(after))
        now = core.stress_pnl(plan.spot_values.sum(), plan.futures_notionals.sum(), shock)
        sheet.write_formula(total_now, col, f"=STRESSPNL({spot_sum},{futures_sum},{L.a1(L.HEADER_ROW, col, True)})",
                            fmt.total_money, float(now))
    chart = book.add_chart({"type": "column"})
    first_shock, last_shock = STRESS_COLUMN + 1, STRESS_COLUMN + len(L.STRESS_SHOCKS)
    for i in range(len(data.holdings)):
        row = L.FIRST_ROW + i
        chart.add_series({
            "name": [L.RISK, row, STRESS_COLUMN],
            "categories": [L.RISK, L.HEADER_ROW, first_shock, L.HEADER_ROW, last_shock],
            "values": [L.RISK, row, first_shock, row, last_shock],
        })
    chart.set_title({"name": "P&L after the plan, by asset, for a price move"})
    chart.set_x_axis({"num_format": "+0%;-0%", "label_position": "low"})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(L.LAST_ROW + 4, STRESS_COLUMN, chart, {"x_scale": 1.4, "y_scale": 1.1})
    sheet.freeze_panes(L.FIRST_ROW, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 5, 15)
    sheet.set_column(6, 6, 3)
    sheet.set_column(STRESS_COLUMN, STRESS_COLUMN, 16)
    sheet.set_column(first_shock, last_shock, 11)


CONTEXT_TITLES = ("Venue", "Contract", "Kind", "Open interest (coins)", "Open interest (USD)", "Funding APR")


def write_context(sheet, fmt, data: PlanBook, table: pd.DataFrame, cot: pd.DataFrame | None) -> None:
    """Open interest of the holdings' assets by venue, and the CFTC report (values)."""
    styles = (fmt.mkt_text, fmt.mkt_text, fmt.mkt_text, fmt.mkt_number, fmt.mkt_money, fmt.mkt_weight)
    interest = open_interest_rows(data.holdings, table)[: L.CONTEXT_MAX_ROWS]
    for offset, record in enumerate(interest):
        for col, (value, style) in enumerate(zip(record, styles)):
            _write_cell(sheet, L.FIRST_ROW + offset, col, value, style)
    sheet.write_string(L.COT_FIRST_ROW - 1, 0, COT_TITLE, fmt.bold)
    report = cot_rows(cot)
    if not report:
        sheet.write_string(L.COT_FIRST_ROW, 0, COT_NOT_LOADED, fmt.subtitle)
        return
    _headers(sheet, fmt, report[0], row=L.COT_FIRST_ROW, height=30)
    for offset, record in enumerate(report[1:]):
        for col, value in enumerate(record):
            style = fmt.mkt_date if isinstance(value, (pd.Timestamp, dt.datetime)) else (
                fmt.mkt_text if isinstance(value, str) else fmt.mkt_number)
            _write_cell(sheet, L.COT_FIRST_ROW + 1 + offset, col, value, style)


COT_TITLE = "CFTC Commitments of Traders, CME crypto futures (contracts; net = long - short)"
COT_NOT_LOADED = "Not loaded: press Refresh (needs a network connection)."


def _context(sheet, fmt, data: PlanBook, table: pd.DataFrame, cot) -> None:
    _title(sheet, fmt, "Context", "Open interest of your assets' futures, and large traders' positions at CME.")
    _headers(sheet, fmt, CONTEXT_TITLES)
    write_context(sheet, fmt, data, table, cot)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 5, 18)
    sheet.set_column(6, 20, 12)
