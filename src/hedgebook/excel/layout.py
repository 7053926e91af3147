"""Where everything lives in a plan workbook: sheets, cells, tables, defined names.

The only module that knows positions.  The sheet builders, the headless
reader and Refresh in Excel ask it for a :class:`Cell`, a :class:`Block` or a
:class:`Table` (the primitives of :mod:`hedgebook.excel.places`), which give their position both ways: 0-based (``row``,
``col``: XlsxWriter) and 1-based (``row1``, ``col1``: openpyxl, xlwings),
and as Excel addresses.  A table's column letters come from its column
titles, so a formula refers to ``REBALANCE.ref("Order notional", i)``, never
to a letter typed by hand.
"""

from __future__ import annotations

from ..app.daily_history import HISTORY_DAYS
from ..app.inputs import (
    ACCOUNT_FIELDS,
    HOLDING_FIELDS,
    LEGACY_FUTURES_TITLE,
    POSITION_FIELDS,
    SETTING_FIELDS,
)
from ..app.scenarios import SCENARIO_SHOCK
from ..market.cot import COT_COLUMNS
from ..market.tiers import MAX_TIERS
from .market_layout import (  # noqa: F401  (used through this module as L.MARKET_TABLE...)
    FORMER_MARKET_TITLES,
    MARKET,
    MARKET_AGE,
    MARKET_SHEET_COLUMNS,
    MARKET_TABLE,
    MARKET_TITLES,
    MARKET_WIDTHS,
)
from .places import (  # noqa: F401  (the primitives, used through this module as L.Cell, L.Table...)
    HEADER_ROW,
    Block,
    Cell,
    NamedColumn,
    Table,
    a1,
    column_index,
    column_letter,
    parse_reference,
)
from .rows import (
    CHOICE_TITLES,
    COT_CHANGE_TITLES,
    OPEN_INTEREST_TITLES,
    ORDER_TITLES,
    POSITIONING_TITLES,
    SCENARIO_TITLES,
    SWITCH_TITLES,
    UNWIND_TITLES,
    VENUE_RISK_TITLES,
    VENUE_STATUS_TITLES,
)

START, HOLDINGS, POSITIONS, SETTINGS = "Start", "Holdings", "Positions", "Settings"
REBALANCE, ORDERS, CARRY, COSTS, RISK, CONTEXT = "Rebalance", "Orders", "Carry", "Costs", "Risk", "Context"
HISTORY = "History"
SHEETS = (START, HOLDINGS, POSITIONS, SETTINGS, MARKET, REBALANCE, ORDERS, CARRY, COSTS, RISK, HISTORY, CONTEXT)
CONF_SHEET = "xlwings.conf"

MAX_HOLDINGS = 100
MAX_POSITIONS = 100
TITLE_ROW, SUBTITLE_ROW = 0, 1
"""Every sheet's title and its one-line explanation, in column A."""


HOLDINGS_COLUMNS = (
    *(NamedColumn(f.title, "Holdings_" + n, True) for f, n in zip(
        HOLDING_FIELDS, ("Asset", "Qty", "CostBasis", "Venue", "Instrument", "Target"), strict=True)),
    NamedColumn("Hedge contract", "Holdings_Symbol", False),
    NamedColumn("Mark price", "Holdings_Price", False),
    NamedColumn("Spot price", "Holdings_SpotPrice", False),
    NamedColumn("Funding rate / interval", "Holdings_FundingRate", False),
    NamedColumn("Interval (h)", "Holdings_IntervalH", False),
    NamedColumn("Contract size", "Holdings_ContractSize", False),
    NamedColumn("Lot size", "Holdings_LotSize", False),
    NamedColumn("Min order (contracts)", "Holdings_MinQty", False),
    NamedColumn("Min order (USD)", "Holdings_MinNotional", False),
    NamedColumn("Inverse", "Holdings_Inverse", False),
    NamedColumn("Dated future", "Holdings_DatedSymbol", False),
    NamedColumn("Dated price", "Holdings_DatedPrice", False),
    NamedColumn("Expiry (UTC)", "Holdings_Expiry", False),
    NamedColumn("Data status", "Holdings_Status", False),
    NamedColumn("Hedge", "Holdings_Hedge", False),
)
HOLDINGS_NAME = {column.name: column for column in HOLDINGS_COLUMNS}
HOLDINGS_TABLE = Table(HOLDINGS, tuple(c.title for c in HOLDINGS_COLUMNS), MAX_HOLDINGS)
HOLDINGS_INPUT = HOLDINGS_TABLE.data(HOLDINGS_COLUMNS[0].title, HOLDING_FIELDS[-1].title)
"""The cells the user types on Holdings."""
HOLDINGS_HEDGE = HOLDINGS_TABLE.data("Hedge contract", "Hedge")
"""The market columns of Holdings, written by Refresh."""

TIER_SOURCE = "Tiers from"
TIER_CAPS = tuple(f"Tier {k} up to (USD)" for k in range(1, MAX_TIERS + 1))
TIER_RATES = tuple(f"Tier {k} maint. rate" for k in range(1, MAX_TIERS + 1))
TIER_LEVERAGES = tuple(f"Tier {k} max leverage" for k in range(1, MAX_TIERS + 1))
TIERS_TABLE = Table(HOLDINGS, (TIER_SOURCE, *TIER_CAPS, *TIER_RATES, *TIER_LEVERAGES), MAX_HOLDINGS,
                    first_col=HOLDINGS_TABLE.first_col + len(HOLDINGS_TABLE.titles) + 1)
"""Beside Holdings, a row per holding: its contract's margin tiers (written by Refresh; blank = the Settings rate)."""


TIER_NAMES = {"Tiers_Caps": TIER_CAPS, "Tiers_Rates": TIER_RATES, "Tiers_Leverages": TIER_LEVERAGES}
"""Defined names of the tier blocks beside Holdings: a ladder per holding's row (read row by row)."""


def tier_block(titles: tuple[str, ...]) -> Block:
    """Every holding's tier caps, rates or leverages (a row each), as a name of :data:`TIER_NAMES` refers to it."""
    return Block(HOLDINGS, TIERS_TABLE.first_row, TIERS_TABLE.col(titles[0]), TIERS_TABLE.last_row,
                 TIERS_TABLE.col(titles[-1]))


LEGACY_HOLDINGS_INPUTS = (
    NamedColumn("Asset", "Holdings_Asset", True),
    NamedColumn("Quantity (coins)", "Holdings_Qty", True),
    NamedColumn("Cost basis (USD/coin)", "Holdings_CostBasis", True),
    NamedColumn(LEGACY_FUTURES_TITLE, "Holdings_Futures", True),
    NamedColumn("Hedge venue", "Holdings_Venue", True),
    NamedColumn("Target weight", "Holdings_Target", True),
)
"""The typed columns of Holdings in the previous layout (futures in USD), columns A to F."""
LEGACY_HOLDINGS_ROWS = 12
LEGACY_HEDGE_COLUMNS = (NamedColumn("Hedge contract", "Holdings_Symbol", False),
                        NamedColumn("Mark price", "Holdings_Price", False))
"""What the previous layout showed beside the inputs (columns G and H): the price the USD amount was typed at."""


def holdings_column(name: str) -> Block:
    """The data cells of the Holdings column with defined name ``name`` (e.g. ``Holdings_Price``)."""
    return HOLDINGS_TABLE.column(HOLDINGS_NAME[name].title)


POSITIONS_COLUMNS = (
    *(NamedColumn(f.title, "Positions_" + n, True) for f, n in zip(
        POSITION_FIELDS, ("Venue", "Contract", "Contracts", "EntryPrice", "MarginMode", "Margin", "Source",
                          "VenueLiquidation"), strict=True)),
    NamedColumn("Asset", "Positions_Asset", False),
    NamedColumn("Marked as", "Positions_MarkedAs", False),
    NamedColumn("Kind", "Positions_Kind", False),
    NamedColumn("Settlement", "Positions_Settle", False),
    NamedColumn("Contract size", "Positions_ContractSize", False),
    NamedColumn("Mark price", "Positions_Mark", False),
    NamedColumn("Status", "Positions_Status", False),
    NamedColumn("Data as of (UTC)", "Positions_AsOf", False),
    NamedColumn("Notional USD", "Positions_Notional", False),
    NamedColumn("Unrealized P&L", "Positions_PnL", False),
    NamedColumn("Needs Refresh", "Positions_NeedsRefresh", False),
    NamedColumn("Margin used", "Positions_MarginUsed", False),
    NamedColumn("Liquidation price", "Positions_Liquidation", False),
    NamedColumn("Mark to liquidation", "Positions_LiquidationDistance", False),
    NamedColumn("P&L (coins)", "Positions_PnLCoins", False),
    NamedColumn("Venue vs hedgebook", "Positions_LiquidationCheck", False),
)
POSITIONS_NAME = {column.name: column for column in POSITIONS_COLUMNS}
POSITIONS_TABLE = Table(POSITIONS, tuple(c.title for c in POSITIONS_COLUMNS), MAX_POSITIONS)
POSITIONS_INPUT = POSITIONS_TABLE.data(POSITION_FIELDS[0].title, POSITION_FIELDS[-1].title)
"""The cells the user types on Positions, and the two ``hedgebook accounts`` writes beside them (source, the
venue's liquidation price): what a rebuild keeps and Refresh never writes."""
POSITIONS_MARKED = POSITIONS_TABLE.data("Asset", "Data as of (UTC)")
"""The columns of Positions written by Refresh (values)."""
POSITIONS_RISK = POSITIONS_TABLE.data("Margin used", "Venue vs hedgebook")
"""What Refresh writes of each position held: margin, liquidation price, its distance, an inverse one's coin P&L, and
how hedgebook's liquidation price compares with the venue's."""
POSITIONS_PENDING = Cell(POSITIONS, 2, POSITIONS_TABLE.col("Notional USD"))
POSITIONS_PENDING_LABEL = Cell(POSITIONS, 2, POSITIONS_TABLE.col("Status"))
POSITIONS_PENDING_NAME = "Positions_Pending"
"""How many typed positions Refresh has not marked yet (every order waits for it)."""


def positions_column(name: str) -> Block:
    """The data cells of the Positions column with defined name ``name`` (e.g. ``Positions_Notional``)."""
    return POSITIONS_TABLE.column(POSITIONS_NAME[name].title)


MAX_ACCOUNTS = 20
ACCOUNTS_COLUMNS = tuple(NamedColumn(f.title, "Accounts_" + n, True)
                         for f, n in zip(ACCOUNT_FIELDS, ("Venue", "Collateral"), strict=True))
ACCOUNTS_TABLE = Table(POSITIONS, tuple(c.title for c in ACCOUNTS_COLUMNS), MAX_ACCOUNTS,
                       first_col=POSITIONS_TABLE.first_col + len(POSITIONS_TABLE.titles) + 1)
"""Beside Positions: the collateral the user has posted on each venue (typed)."""
ACCOUNTS_TITLE = Cell(POSITIONS, HEADER_ROW - 1, ACCOUNTS_TABLE.first_col)


def accounts_column(name: str) -> Block:
    """The data cells of the Accounts column with defined name ``name`` (e.g. ``Accounts_Collateral``)."""
    return ACCOUNTS_TABLE.column({c.name: c.title for c in ACCOUNTS_COLUMNS}[name])


SETTINGS_TABLE = Table(SETTINGS, ("Setting", "Value", "Meaning"), len(SETTING_FIELDS))
SETTINGS_NAMES = ("Settings_HorizonDays", "Settings_FuturesFee", "Settings_SpotFee", "Settings_SlippageBps",
                  "Settings_TaxRate", "Settings_Leverage", "Settings_MaintMargin", "Settings_AsOf",
                  "Settings_PriceCheck", "Settings_FundingCheck", "Settings_StaleAfterHours", "Settings_MaxDataAgeDays",
                  "Settings_NoTradeBand", "Settings_VenueLimit", "Settings_HedgeSizing", "Settings_BetaMin",
                  "Settings_BetaMax", "Settings_MinFit", "Settings_SizeLimit")
"""Defined name of each setting's value cell, in :data:`hedgebook.app.inputs.SETTING_FIELDS` order."""
SETTINGS_VALUES = SETTINGS_TABLE.column("Value")
SETTING_NAME = {field.attribute: name for field, name in zip(SETTING_FIELDS, SETTINGS_NAMES, strict=True)}
AS_OF = SETTINGS_TABLE.cell("Value", [field.attribute for field in SETTING_FIELDS].index("as_of"))
MAX_VENUE_RATES = 12
VENUE_RATES_TABLE = Table(SETTINGS, ("Venue", "Maintenance margin", "Rate used"), MAX_VENUE_RATES,
                          header_row=SETTINGS_TABLE.last_row + 3)
"""Below the settings: a maintenance rate per venue, for its contracts whose tiers are not known (blank = the
Maintenance margin setting); Rate used is a formula."""
VENUE_RATES_TITLE = Cell(SETTINGS, VENUE_RATES_TABLE.header_row - 1, 0)
VENUE_RATES_INPUT = VENUE_RATES_TABLE.data("Venue", "Maintenance margin")
VENUE_RATE_NAMES = {"Venue": "Settings_MaintVenue", "Maintenance margin": "Settings_MaintRate",
                    "Rate used": "Settings_MaintUsed"}

LAST_REFRESH = Cell(START, 15, 2)
DATA_LABEL = LAST_REFRESH.offset(rows=1)
FUNCTIONS_STATUS = DATA_LABEL.offset(rows=1)
FUNCTIONS_STATUS_NAME = "Start_Functions"
"""Whether the worksheet functions answer here (a formula), so that a recalculation without them says so."""
FUNCTIONS_MISSING = FUNCTIONS_STATUS.offset(cols=-1)
"""Beside the status, shown as nothing: 1 where hedgebook's worksheet functions do not answer, else 0.  A cell,
not a formula in a name: a cell keeps the value it was saved with until something recalculates it."""
FUNCTIONS_MISSING_NAME = "FunctionsMissing"
FUNCTIONS_WARNING_COL = 3
"""Each calculation sheet repeats it beside its title (row :data:`TITLE_ROW`) when they do not answer."""
LAST_REFRESH_NAME = "Start_LastRefresh"
DATA_LABEL_NAME = "Start_DataLabel"
REFRESH_BUTTON = Cell(START, 12, 0)
IMPORT_BUTTON = Cell(START, 12, 2)
"""Import positions (classic Excel), right of the Lite button in the same cell; its note two rows under."""
IMPORT_CAPTION = "Import positions"
LITE_BUTTON_TARGET = Cell(START, 12, 2)
"""Under Start's second Refresh button, a shape whose hyperlink selects this cell: xlwings Lite runs Refresh."""
START_TEXT = Cell(START, 3, 0)
"""First line of Start's explanation."""
MAX_VENUES = 20
VENUE_STATUS = Table(START, VENUE_STATUS_TITLES, MAX_VENUES, header_row=18)

GLANCE_TITLE = Cell(START, 3, 4)
"""Start's dashboard, right of the explanation: the plan at a glance (:mod:`hedgebook.app.summary`)."""
GLANCE = (
    ("portfolio_value", "Portfolio value (USD)", "Start_PortfolioValue"),
    ("order_count", "Orders to place", "Start_OrderCount"),
    ("gross_notional", "Gross notional of the orders (USD)", "Start_GrossNotional"),
    ("nearest_liquidation", "Nearest liquidation (from the mark)", "Start_NearestLiquidation"),
    ("nearest_liquidation_contract", "  in", "Start_NearestLiquidationContract"),
    ("venues_above_limit", "Venues above the concentration limit", "Start_Concentration"),
    ("data_as_of", "Data as of (UTC)", "Start_DataAsOf"),
    ("data_age_days", "Data age (days)", "Start_DataAge"),
    ("sample", "Sample data", "Start_Sample"),
)
"""Each line of the dashboard: the :class:`hedgebook.app.summary.PlanSummary` field it shows, its label, its
defined name.  ``Start_DataAge`` is a formula (now less ``Start_DataAsOf``), so it ages with the file."""
GLANCE_CELL = {field: Cell(START, GLANCE_TITLE.row + 1 + i, GLANCE_TITLE.col + 1) for i, (field, _, _) in
               enumerate(GLANCE)}
GLANCE_NAME = {field: name for field, _, name in GLANCE}
DATA_AGE_TEXT = Cell(START, GLANCE_TITLE.row + 1 + len(GLANCE), GLANCE_TITLE.col + 1)
"""Below the dashboard: "as of … UTC, N min / hours / days old", a formula."""

REBALANCE_TABLE = Table(REBALANCE, ("Asset", "Spot value", "Futures now", "Net exposure", "Weight now", "Target weight",
                                    "Hedge notional", "Sized (contracts)", "Contracts", "Order notional", "Side",
                                    "Weight after", "Hedge ratio (β)", "Hedge effectiveness (R²)", "Futures kept",
                                    "Exposure sized", "Sized notional", "Withheld"), MAX_HOLDINGS)
HEDGE_RATIO_TITLE = "Hedge ratio (β)"
"""Rebalance's column of the β each order is sized by (1 = notional matching; blank = needed and unknown)."""
HEDGE_RATIO_NAME = "Rebalance_HedgeRatio"
SHOCKS_NAME = "Risk_Shocks"
"""The stress table's moves, the numbers in its header row."""
REBALANCE_CHART = Cell(REBALANCE, HEADER_ROW, len(REBALANCE_TABLE.titles) + 1)
"""Top-left corner of the weights chart: beside the table, which has a row for each of 100 holdings."""
PORTFOLIO_VALUE = Cell(REBALANCE, 1, 10)
PORTFOLIO_VALUE_LABEL = Cell(REBALANCE, 1, 8)
PORTFOLIO_VALUE_NAME = "Portfolio_Value"
CASH_ROW = 2
"""Rebalance's cash line (0-based row, above the table's header): the weights not exposed to any asset."""

ORDERS_TABLE = Table(ORDERS, ORDER_TITLES, MAX_HOLDINGS)
ORDERS_TOTAL_ROW = HEADER_ROW - 1
"""Above the orders: their totals."""
UNWIND_TABLE = Table(ORDERS, UNWIND_TITLES, MAX_HOLDINGS + MAX_POSITIONS,
                     first_col=ORDERS_TABLE.first_col + len(ORDER_TITLES) + 1)
"""Beside the orders: the legs that close every position the plan leaves."""
SWITCH_TABLE = Table(ORDERS, SWITCH_TITLES, MAX_HOLDINGS, first_col=UNWIND_TABLE.first_col + len(UNWIND_TITLES) + 1)
"""Beside those: moving each perpetual hedge into its dated future."""


def _mirrors(sources: tuple[Block, ...], first_col: int) -> tuple[Block, ...]:
    """Blocks on Orders of the same rows and widths as ``sources``, side by side from ``first_col``."""
    blocks = []
    for source in sources:
        blocks.append(Block(ORDERS, source.first_row, first_col, source.last_row, first_col + source.cols - 1))
        first_col += source.cols
    return tuple(blocks)


TYPED_INPUTS = (HOLDINGS_INPUT, POSITIONS_INPUT, ACCOUNTS_TABLE.data(), SETTINGS_VALUES, VENUE_RATES_INPUT)
"""Every cell the user types that the plan depends on: Holdings, Positions, Accounts, Settings."""
INPUTS_AS_BUILT = _mirrors(TYPED_INPUTS, SWITCH_TABLE.first_col + len(SWITCH_TITLES) + 2)
"""Hidden on Orders: the typed inputs as they were when the plan was written, block for block."""
INPUTS_CHANGED_NAME = "InputsChanged"
"""A defined name (a formula): how many typed cells differ from :data:`INPUTS_AS_BUILT`."""

CARRY_TABLE = Table(CARRY, ("Asset", "Perpetual", "Funding rate", "Interval (h)", "Funding APR",
                            "Funding over horizon", "Dated future", "Spot", "Dated price", "Expiry (UTC)",
                            "Days to expiry", "Annualized basis", "Rolls over horizon",
                            "Dated cost over horizon", "Switch gain to expiry"), MAX_HOLDINGS)

CHOICES_TABLE = Table(CARRY, CHOICE_TITLES, MAX_HOLDINGS, first_col=CARRY_TABLE.first_col + len(CARRY_TABLE.titles) + 1)
"""Beside Carry: what each way of holding each hedge costs over the horizon (values, written by Refresh)."""

CARRY_HISTORY_TABLE = Table(CARRY, ("Asset", "Funding APR, last 30 d", f"Funding APR, last {HISTORY_DAYS} d",
                                    "Daily APR volatility", "Funding over horizon, from history",
                                    "Better for you (-1 s.d.)", "Worse for you (+1 s.d.)", "Hedge ratio (beta)",
                                    "Hedge effectiveness (R²)",
                                    "Dated basis volatility / day", "History"), MAX_HOLDINGS,
                            first_col=CHOICES_TABLE.first_col + len(CHOICES_TABLE.titles) + 1)
"""Beside the choices on Carry: what each hedge's history says (formulas over its History block)."""
CARRY_RECEIVED_TABLE = Table(CARRY, ("Your funding, 7 d (USD; > 0 received)", "Your funding, 30 d (USD)",
                                     "Your funding, 90 d (USD)", "Your funding APR, 7 d", "Your funding APR, 30 d",
                                     "Your funding APR, 90 d"), MAX_HOLDINGS,
                             first_col=CARRY_HISTORY_TABLE.first_col + len(CARRY_HISTORY_TABLE.titles))
"""Beside the history: the funding your own position in each hedge contract received (read by hedgebook accounts,
kept in the history store; Refresh writes it), as an APR of what you hold there now."""
HISTORY_FIGURES_NAME = "Carry_HistoryFigures"
"""Carry's history figures, arrays over every History block (an older workbook has none: Refresh writes its rows)."""

HISTORY_TITLES = ("Date (UTC)", "Spot close", "Hedge close", "Funding (day)", "Funding hours", "Dated close",
                  "Open interest (coins)", "Funding APR (day)")
HISTORY_VALUES = HISTORY_TITLES[1:7]
"""The columns Refresh writes (values); the date is written too, the APR is a formula."""
HISTORY_BLOCK_ROWS = HISTORY_DAYS + 3
"""Rows of one hedge's block on History: its title line, the header, the days, a blank row."""


def history_table(offset: int) -> Table:
    """The History block of the holding in row ``offset`` (0-based) of the calculation sheets."""
    return Table(HISTORY, HISTORY_TITLES, HISTORY_DAYS, header_row=HEADER_ROW + 1 + offset * HISTORY_BLOCK_ROWS)


def history_title(offset: int) -> Cell:
    """The line above a History block naming its hedge and saying how current it is."""
    return Cell(HISTORY, history_table(offset).header_row - 1, 0)


HISTORY_CHART_COL = len(HISTORY_TITLES) + 1
"""Column (0-based) of each block's funding chart."""

COSTS_TABLE = Table(COSTS, ("Asset", "Trade notional", "Spot: fees, slippage, tax",
                            "Futures: fees, slippage, funding", "Deferred or saved with futures",
                            "Basis cost (dated hedge)"), MAX_HOLDINGS)
COSTS_TOTAL_ROW = HEADER_ROW - 1
"""Above the table (a row for each of 100 holdings): the totals."""

RISK_HEADER_ROW = HEADER_ROW + 6
"""Risk's tables start lower than the others: the whole portfolio's stress lines sit above them."""
RISK_TABLE = Table(RISK, ("Asset", "Hedge contract", "Held now (contracts)", "Held entry (USD)",
                          "Held margin (USD; inverse: coins)", "Margin mode", "Order (contracts)", "After (contracts)",
                          "Entry after (USD)", "Notional after (USD)",
                          "Margin (USD)", "Quantity (coins; inverse: contracts)", "Collateral (USD; inverse: coins)",
                          "Liquidation price (USD)", "Mark to liquidation", "Maint. rate", "Tiers from",
                          "Settings rate", "Initial margin (USD)", "Isolated margin after (USD; inverse: coins)",
                          "Notional at liquidation (USD)", "Venue's liquidation now (USD)", "Venue vs hedgebook, now"),
                   MAX_HOLDINGS, header_row=RISK_HEADER_ROW)
RISK_HELD = RISK_TABLE.data("Held entry (USD)", "Margin mode")
RISK_VENUE = RISK_TABLE.data("Venue's liquidation now (USD)", "Venue vs hedgebook, now")
"""What Refresh writes of the venue's own liquidation price for the position each hedge contract holds (read by
``hedgebook accounts``), and how hedgebook's for the same position compares."""
"""What Refresh writes of the position each hedge contract holds: its entry (blank = not typed: the price), its margin
posted or assumed (cross: the account's collateral for it, wallet + other positions' P&L − maintenance), its mode."""
STRESS_SHOCKS = (-0.5, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.5)
CHART_SHOCK = SCENARIO_SHOCK
"""The price move of the stress chart: every coin 20 % down."""
SHOCK_TITLES = tuple(f"{shock:+.0%}" for shock in STRESS_SHOCKS)
STRESS_TABLE = Table(RISK, ("P&L after plan (USD)", *SHOCK_TITLES, f"Coins at {CHART_SHOCK:+.0%}",
                            f"Futures at {CHART_SHOCK:+.0%}"), MAX_HOLDINGS,
                     header_row=RISK_HEADER_ROW, first_col=len(RISK_TABLE.titles) + 1)
"""Risk's stress block: the asset, one column per shock (the header cells hold the shocks as numbers), then the
coins' and the futures' part of the P&L at :data:`CHART_SHOCK` (what the chart shows beside the net)."""
PORTFOLIO_STRESS_TITLES = ("Coins alone", "Futures after plan", "Total after plan", "Total now (no plan)")
PORTFOLIO_STRESS = Table(RISK, ("Whole portfolio (USD)", *SHOCK_TITLES), len(PORTFOLIO_STRESS_TITLES),
                         header_row=HEADER_ROW, first_col=STRESS_TABLE.first_col)
"""Above the stress block: the coins alone, the futures after the plan, both, and both without the plan."""
VENUE_RISK_TABLE = Table(RISK, VENUE_RISK_TITLES, MAX_VENUES, header_row=RISK_HEADER_ROW,
                         first_col=STRESS_TABLE.first_col + len(STRESS_TABLE.titles) + 1)
"""Risk's counterparty block: what each venue holds after the plan (values, written by Refresh)."""
SCENARIO_TABLE = Table(RISK, SCENARIO_TITLES, MAX_HOLDINGS, header_row=VENUE_RISK_TABLE.last_row + 3,
                       first_col=VENUE_RISK_TABLE.first_col)
"""Below the venues: each asset moving alone, then leading the others by their β (values, written by Refresh)."""
STRESS_CHART = Cell(RISK, HEADER_ROW, VENUE_RISK_TABLE.first_col + len(VENUE_RISK_TABLE.titles) + 1)
"""Top-left corner of the stress chart (beside the venue block)."""


def stress_column(offset: int) -> int:
    """0-based column of the ``offset``-th shock of :data:`STRESS_SHOCKS`."""
    return STRESS_TABLE.first_col + 1 + offset


def shocks_row(row: int) -> Block:
    """The cells of row ``row`` (0-based) that hold the moves of :data:`STRESS_SHOCKS`, one per stress column."""
    return Block(RISK, row, stress_column(0), row, stress_column(len(STRESS_SHOCKS) - 1))


CONTEXT_MAX_ROWS = 40
"""Open-interest rows kept on Context; the CFTC report starts below them."""
OPEN_INTEREST_TABLE = Table(CONTEXT, OPEN_INTEREST_TITLES, CONTEXT_MAX_ROWS)
POSITIONING_TABLE = Table(CONTEXT, POSITIONING_TITLES, CONTEXT_MAX_ROWS, first_col=len(OPEN_INTEREST_TITLES) + 1)
"""Beside the open interest: each hedge's open interest against its asset's price over 7 and 30 days (values)."""
COT_CHANGE_TABLE = Table(CONTEXT, COT_CHANGE_TITLES, 8,
                         first_col=POSITIONING_TABLE.first_col + len(POSITIONING_TITLES) + 1)
"""Beside it: how the CFTC positions changed over the weeks loaded, per CME market (values)."""
COT_TITLE_CELL = Cell(CONTEXT, OPEN_INTEREST_TABLE.last_row + 3, 0)
COT_HEADER = COT_TITLE_CELL.offset(rows=1)
"""The CFTC report's header row starts here; one row per market and week below."""
COT_MAX_ROWS = 60
COT_TABLE = Table(CONTEXT, COT_COLUMNS, COT_MAX_ROWS, header_row=COT_HEADER.row)

XLWINGS_CONF_MODULE = Cell(CONF_SHEET, 0, 1)
"""Value of "UDF Modules" on the hidden xlwings.conf sheet."""
