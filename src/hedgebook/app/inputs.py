"""What the user types: the holdings, positions and settings records, read from rows of cells.

Cells are read through :mod:`hedgebook.app.cell_reader`; a bad one gives an
:class:`InputError` naming the sheet, row, column title and value, e.g.
``Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number``.
This module imports neither pandas nor a spreadsheet library.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields

from ..core.order_costs import PlanSettings
from ..core.time_units import SECONDS_PER_DAY, SECONDS_PER_HOUR
from ..market.checks import DEFAULT_LIMITS
from .cell_reader import InputError

__all__ = ["ACCOUNT_FIELDS", "CROSS", "HEDGE_SIZINGS", "ISOLATED", "MARGIN_MODES", "HOLDING_FIELDS", "NO_HEDGE",
           "SIZING_BETA", "SIZING_NOTIONAL",
           "POSITION_FIELDS", "SETTING_FIELDS", "AccountInput", "Field",
           "HoldingInput", "InputError", "LegacyFutures", "PlanInputs", "PositionInput", "Settings"]

NO_HEDGE = "none"
"""The hedge venue of a holding that is not to be hedged (a blank venue cell means the same)."""
ISOLATED, CROSS = "isolated", "cross"
"""A position's margin mode: its own margin, or the venue's cross wallet shared by its cross positions."""
MARGIN_MODES = (ISOLATED, CROSS)
SIZING_NOTIONAL, SIZING_BETA = "notional", "beta"
"""The Hedge sizing setting: a USD of futures per USD of exposure, or the hedge ratio β from history."""
HEDGE_SIZINGS = (SIZING_NOTIONAL, SIZING_BETA)


@dataclass(frozen=True)
class HoldingInput:
    """One row of the Holdings sheet (what the user types).

    Attributes
    ----------
    asset : str
        Ticker, upper case.
    quantity : float
        Coins held, >= 0.
    cost_basis : float
        Average purchase price, USD per coin.
    venue : str
        Venue key of the hedge (e.g. ``"binance"``); ``"none"`` = not hedged.
    instrument : str
        The hedge contract: ``""`` (the venue's linear perpetual, else its
        inverse one), ``"linear"``, ``"inverse"``, ``"dated"`` (its dated
        future covering the horizon), or a contract symbol of the venue as the
        Market sheet shows it (e.g. ``BTCUSD_PERP``, ``BTCUSDT_250328``); another
        asset's contract (``ETHUSDT`` for SOL) is a cross hedge, sized by the
        hedge ratio from history.
    target_weight : float
        Target net exposure, fraction of portfolio value.
    """

    asset: str
    quantity: float
    cost_basis: float = 0.0
    venue: str = NO_HEDGE
    instrument: str = ""
    target_weight: float = 0.0

    @property
    def hedged(self) -> bool:
        """Whether the holding names a venue to hedge it on."""
        return self.venue != NO_HEDGE


TYPED, FROM_VENUE = "typed", "venue"
"""Where a position came from: typed on Positions, or read from the venue's account."""


@dataclass(frozen=True)
class PositionInput:
    """One row of the Positions sheet: an open futures position, in the venue's own units.

    Attributes
    ----------
    venue : str
        Venue key (e.g. ``"binance"``).
    contract : str
        The venue's symbol as the Market sheet shows it (``BTCUSDT``,
        ``BTCUSD_PERP``, ``BTC-USDT-SWAP``, ``BTC-28MAR25``).
    contracts : float
        Signed position in the venue's contract units, negative = short.
    entry_price : float
        Average entry price, USD per coin; NaN when not given.
    row : int
        The sheet row it was typed on (1-based), for messages; 0 when not from a sheet.
    margin_mode : str
        :data:`ISOLATED` (blank means it) or :data:`CROSS`.
    margin : float
        The isolated margin posted for it, without unrealized P&L: USD for a
        linear contract, coins for an inverse one; NaN when not given (then
        assumed: |notional at entry| / leverage).  Not used in cross mode,
        where the venue's wallet (Accounts) is the margin.
    source : str
        :data:`TYPED` (the user typed it) or :data:`FROM_VENUE` (read from the venue with a key).
    venue_liquidation_price : float
        The venue's own liquidation price, USD, where it was read from the venue; NaN otherwise.
    """

    venue: str
    contract: str
    contracts: float
    entry_price: float = math.nan
    row: int = 0
    margin_mode: str = "isolated"
    margin: float = math.nan
    source: str = "typed"
    venue_liquidation_price: float = math.nan

    @property
    def cross(self) -> bool:
        """Whether the position is in the venue's cross-margin account."""
        return self.margin_mode == CROSS

    @property
    def where(self) -> str:
        """``"Positions row 5 (binance BTCUSDT)"``, for messages."""
        place = f"Positions row {self.row}" if self.row else "a position"
        return f"{place} ({self.venue} {self.contract})"


@dataclass(frozen=True)
class AccountInput:
    """One row of the Accounts block: the collateral the user has posted on a venue.

    Attributes
    ----------
    venue : str
        Venue key (e.g. ``"binance"``).
    collateral : float
        USD posted there (margin balance), >= 0; NaN when not given.
    row : int
        The sheet row it was typed on (1-based); 0 when not from a sheet.
    """

    venue: str
    collateral: float
    row: int = 0


@dataclass(frozen=True)
class LegacyFutures:
    """A futures position typed in USD in the Holdings column that positions in contracts replaced.

    Such a number was never re-priced: it is converted once into contracts
    (:mod:`hedgebook.app.migration`) and said so.

    Attributes
    ----------
    row : int
        Its Holdings row (1-based).
    asset, venue : str
        The holding's.
    notional : float
        Signed USD as typed, negative = short.
    symbol : str
        The hedge contract the workbook showed beside it ("" if none).
    mark_price : float
        That contract's price at the workbook's last refresh (NaN if none).
    """

    row: int
    asset: str
    venue: str
    notional: float
    symbol: str = ""
    mark_price: float = math.nan


@dataclass(frozen=True)
class Settings(PlanSettings):
    """The Settings sheet: the plan's assumptions (:class:`hedgebook.core.PlanSettings`) and the valuation time.

    ``as_of`` is UTC; None means now.  The checks of the market data: a
    price further than ``price_deviation_limit`` (fraction) from the asset's
    reference, or a funding rate beyond ``funding_rate_limit`` per interval,
    is suspect; data older than ``stale_after_hours`` is stale (orders from
    it say so); data older than ``max_data_age_days`` is not used.  An asset
    whose weight is within ``no_trade_band`` (fraction of the portfolio) of
    its target gets no order; a venue holding more than
    ``concentration_limit`` of the portfolio is flagged.  ``hedge_sizing``
    is :data:`SIZING_NOTIONAL` (a USD of futures per USD of exposure) or
    :data:`SIZING_BETA` (by each hedge's hedge ratio from its history; a
    cross hedge is always sized so).  ``venue_maint_rates`` are the
    maintenance rates typed per venue (``(venue, rate)``; the venues without
    one take ``maint_margin_rate``): a contract whose tiers are not known is
    liquidated at its venue's.  A hedge sized by β is withheld when
    β is outside [``beta_min``, ``beta_max``] or its R² is below
    ``min_effectiveness``; an order, or a position, whose notional is above
    ``size_limit`` × the portfolio's value is withheld too (an input that
    cannot be meant, such as USD typed as contracts).
    """

    as_of: dt.datetime | None = None
    price_deviation_limit: float = DEFAULT_LIMITS.price_deviation
    funding_rate_limit: float = DEFAULT_LIMITS.funding_rate
    stale_after_hours: float = DEFAULT_LIMITS.stale_after_s / SECONDS_PER_HOUR
    max_data_age_days: float = DEFAULT_LIMITS.max_age_s / SECONDS_PER_DAY
    no_trade_band: float = 0.01
    concentration_limit: float = 0.25
    hedge_sizing: str = SIZING_NOTIONAL
    beta_min: float = 0.25
    beta_max: float = 4.0
    min_effectiveness: float = 0.3
    size_limit: float = 5.0
    venue_maint_rates: tuple[tuple[str, float], ...] = ()

    def maint_rate_for(self, venue: str) -> float:
        """The maintenance margin rate of a contract of ``venue`` whose tiers are not known: the venue's own row on
        Settings where one is typed, else :attr:`maint_margin_rate` (fraction)."""
        return dict(self.venue_maint_rates).get(venue.lower(), self.maint_margin_rate)


@dataclass(frozen=True)
class Field:
    """A typed field: the record's attribute, the title the user sees, and what it means."""

    attribute: str
    title: str
    meaning: str = ""


HOLDING_FIELDS = (
    Field("asset", "Asset"),
    Field("quantity", "Quantity (coins)"),
    Field("cost_basis", "Cost basis (USD/coin)"),
    Field("venue", "Hedge venue", "a venue key such as binance; blank or none = no hedge"),
    Field("instrument", "Hedge instrument",
          "blank = the venue's linear perpetual; linear, inverse, dated (the future covering the horizon), "
          "or a symbol: another asset's contract is a cross hedge, sized by β from History"),
    Field("target_weight", "Target weight"),
)
"""The columns the user types on Holdings, in order."""

POSITION_FIELDS = (
    Field("venue", "Venue"),
    Field("contract", "Contract", "the venue's symbol, as on the Market sheet"),
    Field("contracts", "Contracts (short < 0)", "in the venue's contract units"),
    Field("entry_price", "Entry price (optional)", "USD per coin"),
    Field("margin_mode", "Margin mode", "isolated (blank means it) or cross"),
    Field("margin", "Margin (optional)", "isolated margin posted: USD, coins for an inverse contract; "
                                         "blank = notional at entry / leverage"),
    Field("source", "Source", "venue = read from the venue by hedgebook accounts (replaced at the next import); "
                              "blank = typed"),
    Field("venue_liquidation_price", "Venue's liquidation price", "USD, as the venue reported it when read"),
)
"""The columns of Positions, in order: typed by the user, or written by ``hedgebook accounts`` (the last two say
where a row came from and the venue's own liquidation price)."""

ACCOUNT_FIELDS = (
    Field("venue", "Venue"),
    Field("collateral", "Collateral posted (USD)", "the venue's cross-margin wallet balance, without unrealized P&L"),
)
"""The columns the user types in the Accounts block (beside Positions), in order."""

LEGACY_FUTURES_TITLE = "Futures position (USD, short < 0)"
"""The Holdings column of futures positions in USD that Positions replaced."""

SETTING_FIELDS = (
    Field("horizon_days", "Horizon", "days the hedge is held"),
    Field("futures_fee_rate", "Futures fee", "per trade, fraction of notional"),
    Field("spot_fee_rate", "Spot fee", "per trade, fraction of value"),
    Field("slippage_bps", "Slippage", "basis points per trade"),
    Field("tax_rate", "Tax rate", "on realized spot gains"),
    Field("leverage", "Leverage", "of the hedge positions"),
    Field("maint_margin_rate", "Maintenance margin", "rate, for liquidation prices"),
    Field("as_of", "As of (UTC)", "valuation time; Refresh sets it"),
    Field("price_deviation_limit", "Price check", "a price this far from the reference is suspect (5% = 0.05)"),
    Field("funding_rate_limit", "Funding check", "a funding rate beyond this, per interval, is suspect"),
    Field("stale_after_hours", "Stale after", "hours: orders from older data say so"),
    Field("max_data_age_days", "Oldest data used", "days: no order is computed from older data"),
    Field("no_trade_band", "No-trade band", "no order while a weight is this close to its target (1% = 0.01)"),
    Field("concentration_limit", "Venue limit", "a venue holding more than this share of the portfolio is flagged"),
    Field("hedge_sizing", "Hedge sizing", "notional: futures match the coins' USD; beta: by β from History"),
    Field("beta_min", "β lowest", "a hedge sized by a β below this is withheld"),
    Field("beta_max", "β highest", "a hedge sized by a β above this is withheld"),
    Field("min_effectiveness", "R² lowest", "a hedge sized by β whose R² is below this is withheld (30% = 0.3)"),
    Field("size_limit", "Size check", "an order or position above this many times the portfolio's value is withheld"),
)
"""The rows of Settings, in order; every field of :class:`Settings`."""
POSITIVE_SETTINGS = frozenset({"leverage", "price_deviation_limit", "funding_rate_limit", "stale_after_hours",
                               "max_data_age_days", "concentration_limit", "beta_min", "beta_max", "size_limit"})
NON_NEGATIVE_SETTINGS = frozenset({"no_trade_band"})
BLOCK_SETTINGS = frozenset({"venue_maint_rates"})
"""Settings typed in a block of their own rather than a row of the table."""
assert {f.attribute for f in SETTING_FIELDS} == {f.name for f in fields(Settings)} - BLOCK_SETTINGS


@dataclass(frozen=True)
class PlanInputs:
    """Everything the user typed: the holdings (in sheet order), the open positions and the settings.

    ``legacy_futures`` are futures positions a workbook of the previous
    layout held in USD; the plan converts them into positions and says so.
    ``notes`` are what reading the cells must tell the user; ``accounts``
    the collateral posted on each venue.
    """

    holdings: tuple[HoldingInput, ...]
    settings: Settings
    positions: tuple[PositionInput, ...] = ()
    legacy_futures: tuple[LegacyFutures, ...] = ()
    notes: tuple[str, ...] = ()
    accounts: tuple[AccountInput, ...] = ()

    @property
    def assets(self) -> list[str]:
        """The holdings' assets, sorted, without repeats."""
        return sorted({h.asset for h in self.holdings})
