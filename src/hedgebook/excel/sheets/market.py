"""Market: the normalized market table, one row per instrument, written by Refresh as values."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ...core.time_units import SECONDS_PER_HOUR
from ...market import COLUMNS as MARKET_COLUMNS
from ...market import checks
from ...market.table import TEXT_COLUMNS
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, headers, set_widths, title, write_rows

NOT_PUBLISHED = "not published"
"""Shown for a perpetual's next funding time that the venue does not publish."""


def _styles(fmt: Formats) -> dict[str, object]:
    return {
        "expiry": fmt.mkt_date, "next_funding_time": fmt.mkt_date, "updated_at": fmt.mkt_date,
        "funding_rate": fmt.mkt_rate, "funding_apr": fmt.mkt_weight, "open_interest_usd": fmt.mkt_millions,
        "last_price": fmt.mkt_money, "mark_price": fmt.mkt_money, "index_price": fmt.mkt_money,
        "min_notional": fmt.mkt_money, "open_interest": fmt.mkt_count, "funding_interval_h": fmt.mkt_number,
        L.MARKET_AGE: fmt.mkt_age,
    }


def market_rows(table: pd.DataFrame, written_at: dt.datetime):
    """The Market sheet's rows of ``table``: :data:`hedgebook.market.COLUMNS` in order, then each row's age at
    ``written_at`` in hours (:data:`hedgebook.excel.layout.MARKET_AGE`; blank where its time is unknown)."""
    ages = checks.ages(table, written_at) / SECONDS_PER_HOUR if len(table) else []
    for row, age in zip(table[list(MARKET_COLUMNS)].itertuples(index=False, name=None), ages):
        fields = dict(zip(MARKET_COLUMNS, row))
        if fields["kind"] == "perp" and pd.isna(fields["next_funding_time"]):
            fields["next_funding_time"] = NOT_PUBLISHED
        yield [fields[name] for name in MARKET_COLUMNS] + [age]


def build(sheet, fmt: Formats, table: pd.DataFrame, label: str, written_at: dt.datetime) -> None:
    title(sheet, fmt, "Market", f"Written by Refresh. {label}. Prices USD per coin; funding rate per interval, "
                                "> 0 = longs pay shorts.")
    T = L.MARKET_TABLE
    headers(sheet, fmt, T, height=42, titles=[L.MARKET_TITLES[name] for name in T.titles])
    styles = _styles(fmt)
    column_styles = [fmt.mkt_text if name in TEXT_COLUMNS else styles.get(name, fmt.mkt_number)
                     for name in T.titles]
    write_rows(sheet, T, market_rows(table, written_at), column_styles)
    sheet.freeze_panes(T.first_row, 2)
    set_widths(sheet, COLUMN_WIDTHS[L.MARKET])
    last_col = len(T.titles) - 1
    sheet.autofilter(T.header_row, 0, T.header_row + max(1, len(table)), last_col)
    sheet.print_area(0, 0, T.header_row + max(1, len(table)), last_col)
    sheet.repeat_rows(L.TITLE_ROW, T.header_row)
    sheet.repeat_columns(0, 1)
