"""Where everything lives in a plan workbook (DESIGN.md §6): sheets, cells, defined names.

The template builder, the headless reader and writer, and Refresh in Excel all
use these names, so a cell address is written once.  Rows and columns are
0-based (XlsxWriter's convention); :func:`a1` gives Excel addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

START, HOLDINGS, SETTINGS, MARKET = "Start", "Holdings", "Settings", "Market"
REBALANCE, ORDERS, CARRY, COSTS, RISK, CONTEXT = "Rebalance", "Orders", "Carry", "Costs", "Risk", "Context"
SHEETS = (START, HOLDINGS, SETTINGS, MARKET, REBALANCE, ORDERS, CARRY, COSTS, RISK, CONTEXT)
CONF_SHEET = "xlwings.conf"

MAX_HOLDINGS = 12
HEADER_ROW = 3
"""Row of the column titles on the table sheets (Excel row 4); data starts on the next row."""
FIRST_ROW = HEADER_ROW + 1
LAST_ROW = FIRST_ROW + MAX_HOLDINGS - 1


@dataclass(frozen=True)
class Column:
    """A column of the Holdings sheet: its title, defined name, and whether the user types it."""

    title: str
    name: str
    is_input: bool


HOLDINGS_COLUMNS = (
    Column("Asset", "Holdings_Asset", True),
    Column("Quantity (coins)", "Holdings_Qty", True),
    Column("Cost basis (USD/coin)", "Holdings_CostBasis", True),
    Column("Futures position (USD, short < 0)", "Holdings_Futures", True),
    Column("Hedge venue", "Holdings_Venue", True),
    Column("Target weight", "Holdings_Target", True),
    Column("Hedge contract", "Holdings_Symbol", False),
    Column("Mark price", "Holdings_Price", False),
    Column("Spot price", "Holdings_SpotPrice", False),
    Column("Funding rate / interval", "Holdings_FundingRate", False),
    Column("Interval (h)", "Holdings_IntervalH", False),
    Column("Contract size", "Holdings_ContractSize", False),
    Column("Lot size", "Holdings_LotSize", False),
    Column("Inverse", "Holdings_Inverse", False),
    Column("Dated future", "Holdings_DatedSymbol", False),
    Column("Dated price", "Holdings_DatedPrice", False),
    Column("Expiry (UTC)", "Holdings_Expiry", False),
    Column("Data status", "Holdings_Status", False),
)
HOLDINGS_COLUMN = {column.name: index for index, column in enumerate(HOLDINGS_COLUMNS)}


@dataclass(frozen=True)
class Setting:
    """A row of the Settings sheet."""

    title: str
    name: str
    attribute: str
    unit: str


SETTINGS_ROWS = (
    Setting("Horizon", "Settings_HorizonDays", "horizon_days", "days the hedge is held"),
    Setting("Futures fee", "Settings_FuturesFee", "futures_fee_rate", "per trade, fraction of notional"),
    Setting("Spot fee", "Settings_SpotFee", "spot_fee_rate", "per trade, fraction of value"),
    Setting("Slippage", "Settings_SlippageBps", "slippage_bps", "basis points per trade"),
    Setting("Tax rate", "Settings_TaxRate", "tax_rate", "on realized spot gains"),
    Setting("Leverage", "Settings_Leverage", "leverage", "of the hedge positions"),
    Setting("Maintenance margin", "Settings_MaintMargin", "maint_margin_rate", "rate, for liquidation prices"),
    Setting("As of (UTC)", "Settings_AsOf", "as_of", "valuation time; Refresh sets it"),
)
SETTINGS_VALUE_COLUMN = 1
PORTFOLIO_VALUE_NAME = "Portfolio_Value"
LAST_REFRESH_NAME = "Start_LastRefresh"
DATA_LABEL_NAME = "Start_DataLabel"

LAST_REFRESH_ROW = 15
"""Row of "Last refresh" on Start (the next row holds the data label)."""
START_STATUS_ROW = 19
"""First row of the per-venue status table on Start."""
MARKET_FIRST_ROW = FIRST_ROW
ORDERS_COLUMNS = ("Venue", "Contract", "Side", "Contracts", "Notional USD", "Funding over horizon",
                  "Margin", "Liquidation price")
STRESS_SHOCKS = (-0.5, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.5)
CONTEXT_MAX_ROWS = 40
"""Open-interest rows kept on Context; the CFTC report starts below them."""
COT_FIRST_ROW = FIRST_ROW + CONTEXT_MAX_ROWS + 3


def a1(row: int, col: int, absolute: bool = False) -> str:
    """Excel address of a 0-based cell, e.g. ``a1(4, 0) == "A5"``."""
    letters = ""
    n = col + 1
    while n:
        n, remainder = divmod(n - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"${letters}${row + 1}" if absolute else f"{letters}{row + 1}"


def sheet_range(sheet: str, first_row: int, col: int, last_row: int, last_col: int | None = None) -> str:
    """An absolute reference such as ``'Holdings'!$A$5:$A$16``."""
    end = a1(last_row, col if last_col is None else last_col, True)
    return f"'{sheet}'!{a1(first_row, col, True)}:{end}"
