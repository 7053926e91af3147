"""Open positions marked to market: each typed position found in the market table and valued at its mark price.

A position is typed in the venue's contract units (:class:`PositionInput`);
its asset, contract size, settlement and price come from the venue's row in
the market table, so its USD value follows the market at every refresh
(:func:`hedgebook.core.position_notional`).  A position that cannot be
marked (its contract unknown, its row suspect or too old, no price) says
why; the plan then computes no order it would change.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Iterable

import pandas as pd

from .. import core
from ..market.symbols import base_hint
from ..market.table import KIND_SPOT, SETTLE_INVERSE, status_kind
from .hedges import TRUSTED, contract_price
from .inputs import PositionInput


@dataclass(frozen=True)
class MarkedPosition:
    """A typed position and what the market table says about it.

    Attributes
    ----------
    position : PositionInput
        As typed.
    asset : str
        Its base asset, from the market table ("" when the contract is unknown).
    symbol, kind, settle : str
        The contract's row: symbol as the venue spells it, ``perp``/``dated``, ``linear``/``inverse``.
    contract_size : float
        Coins per contract (linear) or USD per contract (inverse).
    mark_price : float
        USD per coin used to mark it (the mark price, else the last trade).
    notional : float
        Signed USD at that price, negative = short; NaN when not marked.
    status : str
        The row's status (``ok``, ``stale: ...``) when marked.
    problem : str
        Why it cannot be marked; ``""`` when it is.
    data_as_of : datetime or None
        When the row's data was current, UTC.
    counts_for : str
        The holding whose exposure it counts in when that is not its own asset: the contract is that
        holding's cross hedge (see :func:`attribute_positions`); ``""`` otherwise.
    """

    position: PositionInput
    asset: str = ""
    symbol: str = ""
    kind: str = ""
    settle: str = ""
    contract_size: float = math.nan
    mark_price: float = math.nan
    notional: float = math.nan
    status: str = ""
    problem: str = ""
    data_as_of: dt.datetime | None = None
    counts_for: str = ""

    @property
    def exposure_asset(self) -> str:
        """The asset whose exposure the position counts in: the holding it cross-hedges, else its own."""
        return self.counts_for or self.asset

    @property
    def venue(self) -> str:
        return self.position.venue

    def is_in(self, venue: str, symbol: str) -> bool:
        """Whether it is a position in that contract (a holding's hedge contract: the one its orders go to)."""
        return (self.venue, self.symbol) == (venue, symbol)

    @property
    def contracts(self) -> float:
        return self.position.contracts

    @property
    def marked(self) -> bool:
        """Whether the position has a value the plan may use."""
        return not self.problem

    @property
    def inverse(self) -> bool:
        return self.settle == SETTLE_INVERSE

    @property
    def unrealized_pnl(self) -> float:
        """Gain since the entry price at the mark price, USD (NaN without an entry price or a mark)."""
        entry = self.position.entry_price
        if not self.marked or not entry > 0:
            return math.nan
        return float(core.position_pnl(self.contracts, entry, self.mark_price, self.contract_size, self.inverse))

    @property
    def label(self) -> str:
        """``"Positions row 7 (binance BTCUSDT)"``."""
        return self.position.where


def _contract_rows(table: pd.DataFrame, venue: str, contract: str) -> pd.DataFrame:
    return table[(table["venue"] == venue) & (table["symbol"].astype(str).str.upper() == contract.upper())]


def mark_position(position: PositionInput, table: pd.DataFrame) -> MarkedPosition:
    """One position valued at its contract's price, or saying why it cannot be."""
    rows = _contract_rows(table, position.venue, position.contract)
    if rows.empty:
        read = (table["venue"] == position.venue).any()
        why = (f"{position.contract} is not in {position.venue}'s market data" if read
               else f"no {position.venue} market data (the venue was not read, or failed)")
        return MarkedPosition(position, problem=why)
    ranked = rows.assign(_trusted=~rows["status"].map(status_kind).isin(TRUSTED)).sort_values("_trusted")
    row = ranked.iloc[0]
    found = dict(asset=str(row["base"]), symbol=str(row["symbol"]), kind=str(row["kind"]), settle=str(row["settle"]),
                 data_as_of=None if pd.isna(row["updated_at"]) else row["updated_at"].to_pydatetime())
    if row["kind"] == KIND_SPOT:
        return MarkedPosition(position, **found, problem=f"{found['symbol']} is a spot market, not a futures contract")
    if status_kind(row["status"]) not in TRUSTED:
        return MarkedPosition(position, **found, status=row["status"], problem=f"cannot be marked: {row['status']}")
    price, _ = contract_price(row)
    size = float(row["contract_size"])
    if not price > 0:
        return MarkedPosition(position, **found, status=row["status"], problem="cannot be marked: no price")
    if not size > 0:
        if row["settle"] == SETTLE_INVERSE:
            return MarkedPosition(position, **found, status=row["status"],
                                  problem="cannot be marked: the venue gave no contract size")
        size = 1.0
    notional = float(core.position_notional(position.contracts, price, size, row["settle"] == SETTLE_INVERSE))
    return MarkedPosition(position, **found, contract_size=size, mark_price=price, notional=notional,
                          status=row["status"])


def mark_positions(positions: Iterable[PositionInput], table: pd.DataFrame) -> list[MarkedPosition]:
    """Every position valued at its contract's price (see :func:`mark_position`)."""
    return [mark_position(position, table) for position in positions]


def attribute_positions(positions: Iterable[MarkedPosition], cross_hedges: dict[tuple[str, str], str]
                        ) -> list[MarkedPosition]:
    """Each position with the holding it counts for: a position in a holding's cross-hedge contract (``(venue,
    SYMBOL)`` → that holding's asset) counts in that holding's exposure, not in its contract's asset's."""
    return [replace(p, counts_for=cross_hedges.get((p.venue, p.symbol.upper()), "") if p.symbol else "")
            for p in positions]


def asset_hints(positions: Iterable[PositionInput]) -> set[str]:
    """The assets a refresh should ask for so that every position's contract is read (a hint, see
    :func:`hedgebook.market.symbols.base_hint`)."""
    return {hint for hint in (base_hint(p.contract) for p in positions) if hint}


def position_venues(positions: Iterable[PositionInput]) -> list[str]:
    """The venues the positions are on, in order, without repeats."""
    return list(dict.fromkeys(p.venue for p in positions))
