"""Where the Market sheet's columns are: the market table's columns, then each row's age; their titles (with
units) and widths.  :mod:`hedgebook.excel.layout` gives them as ``L.MARKET_TABLE`` and so on."""

from __future__ import annotations

from ..market import COLUMNS as MARKET_COLUMNS
from .places import HEADER_ROW, Table

MARKET = "Market"

MARKET_AGE = "age_h"
"""The sheet's column after the market table's own: each row's age when Refresh wrote it, hours (rows kept from an
earlier refresh, their venue failing, are older than the rest)."""
MARKET_SHEET_COLUMNS = (*MARKET_COLUMNS, MARKET_AGE)
MARKET_TABLE = Table(MARKET, MARKET_SHEET_COLUMNS, max_rows=1_000_000 - HEADER_ROW - 1)
"""Its titles are the market columns' keys and the age; the sheet shows :data:`MARKET_TITLES` in their place."""
MARKET_TITLES = {
    "venue": "Venue", "symbol": "Contract", "base": "Base", "quote": "Quote", "kind": "Kind", "settle": "Settle",
    "expiry": "Expiry (UTC)", "last_price": "Last (USD)", "mark_price": "Mark (USD)", "index_price": "Index (USD)",
    "funding_rate": "Funding rate per interval", "funding_interval_h": "Interval (h)",
    "next_funding_time": "Next funding (UTC)", "funding_apr": "Funding APR",
    "open_interest": "Open interest (coins)", "open_interest_usd": "Open interest (USD m)",
    "contract_size": "Contract size (coins; inverse: USD)", "lot_size": "Lot (contracts)",
    "min_qty": "Min. order (contracts)", "min_notional": "Min. order (USD)", "updated_at": "Updated (UTC)",
    "status": "Status", MARKET_AGE: "Age at refresh (h)",
}
"""The Market sheet's column titles, with units; the reader accepts them, the keys and
:data:`FORMER_MARKET_TITLES` (older workbooks)."""
FORMER_MARKET_TITLES = {"Open interest (contracts)": "open_interest"}
"""Titles an older workbook's Market sheet may hold: open interest was always in coins, once mistitled."""
MARKET_WIDTHS = {
    "venue": 13, "symbol": 17, "base": 6, "quote": 6, "kind": 6, "settle": 7, "expiry": 15, "last_price": 11,
    "mark_price": 11, "index_price": 11, "funding_rate": 10, "funding_interval_h": 8, "next_funding_time": 15,
    "funding_apr": 8, "open_interest": 13, "open_interest_usd": 11, "contract_size": 11, "lot_size": 9,
    "min_qty": 9, "min_notional": 9, "updated_at": 15, "status": 36, MARKET_AGE: 9,
}
