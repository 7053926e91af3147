"""What the user types: the holdings and settings records, read from rows of cells.

Cells are read through :mod:`hedgebook.app.cell_reader`; a bad one gives an
:class:`InputError` naming the sheet, row, column title and value, e.g.
``Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number``.
This module imports neither pandas nor a spreadsheet library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Iterable, Sequence

from ..core.order_costs import PlanSettings
from .cell_reader import InputError, cell_number, cell_text, cell_time

__all__ = ["DEFAULT_VENUE", "HOLDING_FIELDS", "SETTING_FIELDS", "Field", "HoldingInput", "InputError", "PlanInputs",
           "Settings", "holding_rows", "holdings_from_rows", "settings_from_values"]

DEFAULT_VENUE = "binance"
"""The hedge venue of a holding whose venue cell is blank."""


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
    futures_notional : float
        Existing futures position, signed USD, negative = short.
    venue : str
        Venue key of the hedge (e.g. ``"binance"``).
    target_weight : float
        Target net exposure, fraction of portfolio value.
    """

    asset: str
    quantity: float
    cost_basis: float = 0.0
    futures_notional: float = 0.0
    venue: str = DEFAULT_VENUE
    target_weight: float = 0.0


@dataclass(frozen=True)
class Settings(PlanSettings):
    """The Settings sheet: the plan's assumptions (:class:`hedgebook.core.PlanSettings`) and the valuation time.

    ``as_of`` is UTC; None means now.  The checks of the market data: a
    price further than ``price_deviation_limit`` (fraction) from the asset's
    reference, or a funding rate beyond ``funding_rate_limit`` per interval,
    is suspect; data older than ``stale_after_hours`` is stale (orders from
    it say so); data older than ``max_data_age_days`` is not used.
    """

    as_of: dt.datetime | None = None
    price_deviation_limit: float = 0.05
    funding_rate_limit: float = 0.03
    stale_after_hours: float = 1.0
    max_data_age_days: float = 7.0


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
    Field("futures_notional", "Futures position (USD, short < 0)"),
    Field("venue", "Hedge venue"),
    Field("target_weight", "Target weight"),
)
"""The columns the user types on Holdings, in order."""

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
)
"""The rows of Settings, in order; every field of :class:`Settings`."""
POSITIVE_SETTINGS = frozenset({"leverage", "price_deviation_limit", "funding_rate_limit", "stale_after_hours",
                               "max_data_age_days"})
assert {f.attribute for f in SETTING_FIELDS} == {f.name for f in fields(Settings)}


@dataclass(frozen=True)
class PlanInputs:
    """Everything the user typed: the holdings (in sheet order) and the settings."""

    holdings: tuple[HoldingInput, ...]
    settings: Settings

    @property
    def assets(self) -> list[str]:
        """The holdings' assets, sorted, without repeats."""
        return sorted({h.asset for h in self.holdings})


def holding_rows(rows: Iterable[Sequence[Any]]) -> list[tuple[int, Sequence[Any]]]:
    """``(offset, row)`` of the rows that hold a holding: those whose asset cell is not blank."""
    return [(offset, row) for offset, row in enumerate(rows) if row and cell_text(row[0])]


def holdings_from_rows(rows: Iterable[Sequence[Any]], *, first_row: int, sheet: str = "Holdings") -> list[HoldingInput]:
    """Holdings from the typed cells of the Holdings rows, in :data:`HOLDING_FIELDS` order.

    Parameters
    ----------
    rows : iterable of sequences
        The cells of each row (asset, quantity, cost basis, futures, venue, target).
    first_row : int
        The sheet row number (1-based, as the user sees it) of the first row.
    sheet : str
        The sheet's name, for messages.

    Rows without an asset are skipped.  A blank number is 0; a blank venue is
    :data:`DEFAULT_VENUE`.

    Raises
    ------
    InputError
        Naming the row, its asset, the column and the value.
    """
    holdings = []
    for offset, row in holding_rows(rows):
        cells = list(row) + [None] * (len(HOLDING_FIELDS) - len(row))
        asset = cell_text(cells[0]).upper()
        label = f"{sheet} row {first_row + offset} ({asset})"
        numbers = {
            field.attribute: cell_number(value, f"{label}, {field.title}", 0.0)
            for field, value in zip(HOLDING_FIELDS, cells)
            if field.attribute not in ("asset", "venue")
        }
        holdings.append(HoldingInput(asset=asset, venue=cell_text(cells[4]).lower() or DEFAULT_VENUE, **numbers))
    return holdings


def settings_from_values(values: Sequence[Any], *, first_row: int, sheet: str = "Settings") -> Settings:
    """Settings from the value column, in :data:`SETTING_FIELDS` order; blanks take the defaults.

    Parameters
    ----------
    values : sequence
        One cell value per setting.
    first_row : int
        The sheet row number (1-based) of the first setting.

    Raises
    ------
    InputError
        Naming the row, the setting and the value.
    """
    defaults = Settings()
    parsed: dict[str, Any] = {}
    for offset, (field, value) in enumerate(zip(SETTING_FIELDS, values)):
        where = f"{sheet} row {first_row + offset}, {field.title}"
        if field.attribute == "as_of":
            parsed["as_of"] = cell_time(value, where)
            continue
        parsed[field.attribute] = number = cell_number(value, where, getattr(defaults, field.attribute))
        if field.attribute in POSITIVE_SETTINGS and not number > 0:
            raise InputError(f"{where}: must be more than 0, got {number:g}")
    return Settings(**parsed)
