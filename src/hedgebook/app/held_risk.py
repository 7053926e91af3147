"""The positions as held now: each one's margin and liquidation price before any order, and what a hedge holds.

An isolated position is liquidated from its entry price and the margin
posted for it (typed, else assumed as |notional at entry| / the Settings
leverage, and said so); a linear position in the venue's cross account from
the account's wallet (the Accounts block) and its other cross positions at
their marks (:func:`hedgebook.core.margin.cross_liquidation_price`).  A
coin-margined cross account is not computed: the venue's own figure holds.
The maintenance tier is the one of the notional at the liquidation price,
from the contract's tiers where known, else its venue's rate on Settings (else the Maintenance margin setting).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

from .. import core
from ..core.held_position import assumed_margin
from ..core.margin import cross_liquidation_price, liquidation_tier
from ..market.tiers import MarginTiers, packaged_tiers
from .inputs import CROSS, ISOLATED, AccountInput, Settings
from .positions import MarkedPosition

TiersOf = Callable[[str, str], "MarginTiers | None"]


@dataclass(frozen=True)
class PositionRisk:
    """One held position's margin and liquidation price, before any order.

    Attributes
    ----------
    margin_mode : str
        ``isolated`` or ``cross``.
    margin : float
        Isolated: the margin posted (typed or assumed), USD for a linear contract, coins for an inverse one.
        Cross: NaN (the wallet is the margin).
    margin_assumed : bool
        Whether the margin (or the entry price it is built from) was not typed but assumed.
    liquidation_price : float
        USD per coin; 0 = cannot be liquidated; NaN = not known (``problem`` says why).
    maint_margin_rate : float
        The maintenance rate of its tier at the liquidation price (fraction; NaN when not known).
    distance : float
        (liquidation price − mark) / mark: how far the mark may move before liquidation, signed (a short's is
        above 0); NaN when not known or not liquidable.
    past_liquidation : bool
        The mark has already gone past the liquidation price: the venue may have closed the position.
    pnl_coins : float
        An inverse position's unrealized P&L in coins of its asset at the mark, which counts in that asset's coins
        (NaN for a linear one, without an entry price, or for a cross hedge of another asset).
    problem : str
        Why the liquidation price is not known ("" when it is).
    """

    margin_mode: str = ISOLATED
    margin: float = math.nan
    margin_assumed: bool = False
    liquidation_price: float = math.nan
    maint_margin_rate: float = math.nan
    distance: float = math.nan
    past_liquidation: bool = False
    pnl_coins: float = math.nan
    problem: str = ""


def tiers_lookup(published: dict | None) -> TiersOf:
    """The tiers of ``(venue, symbol)``: those a venue published (``published``), else a shipped table's."""
    def tiers_of(venue: str, symbol: str) -> MarginTiers | None:
        return (published or {}).get((venue, symbol)) or packaged_tiers(venue, symbol)

    return tiers_of


def _quantity(p: MarkedPosition) -> float:
    """The position as the liquidation formulas take it: coins (linear) or contracts (inverse), signed."""
    return p.contracts if p.inverse else p.contracts * p.contract_size


def _entry(p: MarkedPosition) -> float:
    """Its entry price, the mark when none was typed."""
    entry = p.position.entry_price
    return entry if entry > 0 else p.mark_price


def maintenance_at_mark(p: MarkedPosition, tiers: MarginTiers | None, settings: Settings) -> float:
    """Its maintenance margin at the mark, USD: |notional| × the tier's rate − the tier's amount."""
    size = abs(p.notional)
    if tiers is None:
        return size * settings.maint_rate_for(p.venue)
    rate, amount = core.maintenance_tier(size, tiers.caps, tiers.rates)
    return size * rate - amount


def cross_collateral(position: MarkedPosition, positions: Iterable[MarkedPosition], accounts: Iterable[AccountInput],
                     settings: Settings, tiers_of: TiersOf) -> tuple[float, str]:
    """The collateral a cross position is liquidated from: the venue's wallet + its other linear cross positions'
    unrealized P&L − their maintenance at their marks, USD; NaN and why when it cannot be known."""
    wallet = next((a.collateral for a in accounts if a.venue == position.venue), math.nan)
    if not wallet == wallet:
        return math.nan, (f"a cross position: type {position.venue}'s cross wallet balance in Accounts to compute "
                          "its liquidation price")
    others = [p for p in positions if p is not position and p.marked and p.venue == position.venue
              and p.position.cross and not p.inverse and p.symbol != position.symbol]
    pnl = math.fsum(p.unrealized_pnl if p.position.entry_price > 0 else 0.0 for p in others)
    maintenance = math.fsum(maintenance_at_mark(p, tiers_of(p.venue, p.symbol), settings) for p in others)
    return wallet + pnl - maintenance, ""


def position_risk(position: MarkedPosition, positions: list[MarkedPosition], accounts: list[AccountInput],
                  settings: Settings, tiers_of: TiersOf) -> PositionRisk:
    """The margin and liquidation price of one held position as it is now (see the module's docstring)."""
    typed = position.position
    if not position.marked or position.contracts == 0:
        return PositionRisk(typed.margin_mode, problem=position.problem or "no position")
    entry, quantity, mark = _entry(position), _quantity(position), position.mark_price
    size = position.contract_size if position.inverse else 0.0
    tiers = tiers_of(position.venue, position.symbol)
    pnl_coins = (position.unrealized_pnl / mark if position.inverse and typed.entry_price > 0
                 and position.exposure_asset == position.asset else math.nan)
    entry_assumed = not typed.entry_price > 0
    if typed.cross:
        if position.inverse:
            return PositionRisk(CROSS, margin_assumed=entry_assumed, pnl_coins=pnl_coins,
                                problem="a coin-margined cross position: hedgebook does not compute its liquidation "
                                        "price; the venue's figure holds")
        collateral, problem = cross_collateral(position, positions, accounts, settings, tiers_of)
        if problem:
            return PositionRisk(CROSS, margin_assumed=entry_assumed, pnl_coins=pnl_coins, problem=problem)
        rate, amount = ((settings.maint_rate_for(position.venue), 0.0) if tiers is None else
                        liquidation_tier(entry, quantity, collateral, tiers.caps, tiers.rates))
        price = cross_liquidation_price(entry, quantity, collateral + amount, 0.0, 0.0, rate)
        margin, assumed = math.nan, entry_assumed
    else:
        assumed = entry_assumed or not typed.margin == typed.margin
        margin = (typed.margin if typed.margin == typed.margin else assumed_margin(
            position.contracts, entry, settings.leverage, position.contract_size, position.inverse))
        rate, amount = ((settings.maint_rate_for(position.venue), 0.0) if tiers is None else
                        liquidation_tier(entry, quantity, margin, tiers.caps, tiers.rates, size))
        price = core.liquidation_price(entry, quantity, margin, rate, amount, size)
    rate, price = float(rate), float(price)
    if not price == price:
        return PositionRisk(typed.margin_mode, margin, assumed, price, rate, pnl_coins=pnl_coins,
                            problem="above the contract's last margin tier at its liquidation price")
    liquidable = price > 0
    past = liquidable and (mark >= price if quantity < 0 else mark <= price)
    return PositionRisk(typed.margin_mode, margin, assumed, price, rate,
                        (price - mark) / mark if liquidable else math.nan, past, pnl_coins)


def position_risks(positions: list[MarkedPosition], accounts: list[AccountInput], settings: Settings,
                   tiers_of: TiersOf) -> list[PositionRisk]:
    """Each held position's :class:`PositionRisk`, aligned with ``positions``."""
    return [position_risk(p, positions, accounts, settings, tiers_of) for p in positions]


@dataclass(frozen=True)
class HeldHedge:
    """What is held in one holding's hedge contract, as an order builds on it.

    Attributes
    ----------
    contracts : float
        Signed contracts held (0 = none).
    entry : float
        Their average entry price, USD per coin (NaN = not known: the mark is taken).
    margin : float
        Their isolated margin, posted or assumed, in the collateral's unit (NaN = none held).
    cross_collateral : float
        For a cross position: the collateral it is liquidated from, USD (:func:`cross_collateral`); NaN = isolated,
        or not known.
    cross : bool
        Whether it is held in the venue's cross account (its liquidation price is then not known without
        ``cross_collateral``: an inverse contract, or no wallet balance typed).
    """

    contracts: float = 0.0
    entry: float = math.nan
    margin: float = math.nan
    cross_collateral: float = math.nan
    cross: bool = False


def held_hedge(rows: list[tuple[MarkedPosition, PositionRisk]], positions: list[MarkedPosition],
               accounts: list[AccountInput], settings: Settings, tiers_of: TiersOf) -> HeldHedge:
    """What the marked positions ``rows`` of one contract (the venue nets them into one) hold together: contracts
    summed, the average entry (harmonic for an inverse contract), the margins summed; cross when any is."""
    held = [(p, risk) for p, risk in rows if p.marked and p.contracts]
    if not held:
        return HeldHedge()
    contracts = math.fsum(p.contracts for p, _ in held)
    if contracts == 0:
        return HeldHedge()
    entries = [p.position.entry_price for p, _ in held]
    entry = math.nan
    if all(e > 0 for e in entries):
        first = held[0][0]
        if first.inverse:
            entry = math.fsum(abs(p.contracts) for p, _ in held) / math.fsum(
                abs(p.contracts) / e for (p, _), e in zip(held, entries))
        else:
            entry = math.fsum(abs(p.contracts) * e for (p, _), e in zip(held, entries)) / math.fsum(
                abs(p.contracts) for p, _ in held)
    if any(p.position.cross for p, _ in held):
        collateral, _ = cross_collateral(held[0][0], positions, accounts, settings, tiers_of)
        return HeldHedge(contracts, entry, math.nan, collateral if not held[0][0].inverse else math.nan, True)
    return HeldHedge(contracts, entry, math.fsum(risk.margin for _, risk in held))
