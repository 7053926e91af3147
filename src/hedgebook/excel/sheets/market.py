"""Market: the normalized market table, one row per instrument, written by Refresh as values."""

from __future__ import annotations

import pandas as pd

from ...market import COLUMNS as MARKET_COLUMNS
from ...market.table import TEXT_COLUMNS
from .. import layout as L
from .formats import Formats, headers, title, write_rows


def build(sheet, fmt: Formats, table: pd.DataFrame, label: str) -> None:
    title(sheet, fmt, "Market", f"Written by Refresh. {label}")
    headers(sheet, fmt, L.MARKET_TABLE)
    styles = {
        "expiry": fmt.mkt_date, "next_funding_time": fmt.mkt_date, "updated_at": fmt.mkt_date,
        "funding_rate": fmt.mkt_rate, "funding_apr": fmt.mkt_weight, "open_interest_usd": fmt.mkt_money,
        "last_price": fmt.mkt_money, "mark_price": fmt.mkt_money, "index_price": fmt.mkt_money,
    }
    column_styles = [fmt.mkt_text if name in TEXT_COLUMNS else styles.get(name, fmt.mkt_number)
                     for name in MARKET_COLUMNS]
    write_rows(sheet, L.MARKET_TABLE, table[list(MARKET_COLUMNS)].itertuples(index=False, name=None), column_styles)
    sheet.freeze_panes(L.MARKET_TABLE.first_row, 2)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 5, 8)
    sheet.set_column(6, 18, 13)
    sheet.set_column(19, 19, 40)
    sheet.autofilter(L.MARKET_TABLE.header_row, 0, L.MARKET_TABLE.header_row + max(1, len(table)),
                     len(MARKET_COLUMNS) - 1)
