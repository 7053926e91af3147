"""The rest of the loop: the legs that close every hedge, and those that move each perpetual hedge into its
dated future.

Both start from the positions the plan leaves (what is held now plus the
rebalance orders), so they read as "after the orders above".  Each leg is an
order on one contract: ``contracts`` signed (negative = sell), in the
venue's contract units.  The switch of a short perpetual hedge is a *buy* of
the perpetual (closing the short) and a *sell* of the dated future (opening
the new short), never the other way round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import core
from ..core.plan import SIDE_BUY, SIDE_SELL
from .after_plan import positions_after
from .plan import Plan


@dataclass(frozen=True)
class Leg:
    """One order of an unwind or a switch.

    Attributes
    ----------
    venue, contract : str
        Where, as the Market sheet spells it.
    contracts : float
        Signed, in the venue's contract units; negative = sell.
    """

    venue: str
    contract: str
    contracts: float

    @property
    def side(self) -> str:
        return SIDE_BUY if self.contracts > 0 else SIDE_SELL


@dataclass(frozen=True)
class Switch:
    """Moving one perpetual hedge into the dated future of the same asset, venue and settlement.

    Attributes
    ----------
    asset : str
    close, open : Leg
        Close the perpetual position; open the same exposure in the dated future
        (cut toward zero to its lot).
    notional : float
        The hedge moved, signed USD at the perpetual's price (negative = short).
    days_to_expiry : float
        Until the dated future expires.
    switch_gain : float
        :func:`hedgebook.core.switch_gain` of that notional: perpetual funding
        until expiry − dated carry − fees of the two legs, USD; > 0 = switching saves.
    """

    asset: str
    close: Leg
    open: Leg
    notional: float
    days_to_expiry: float
    switch_gain: float


def closing_legs(plan: Plan) -> list[Leg]:
    """The orders that close what each holding holds outside its hedge contract (its instrument or venue changed),
    one per position, in holding order."""
    return [Leg(position.venue, position.symbol, -position.contracts)
            for old in plan.closing for position in old]


def unwind_legs(plan: Plan) -> list[Leg]:
    """The orders that close every position the plan leaves: buy back each short, sell each long."""
    return [Leg(after.venue, after.symbol, -after.contracts) for after in positions_after(plan).values()
            if after.contracts]


def switch_legs(plan: Plan) -> list[Switch]:
    """For each holding hedged with a perpetual that has a dated future: close the perpetual, open the dated.

    The dated leg holds the same coins (linear) or USD (inverse) as the
    perpetual, cut toward zero to its lot; a hedge too small for one lot of
    the dated future has no switch.
    """
    after = positions_after(plan)
    switches = []
    for i, (holding, hedge) in enumerate(zip(plan.holdings, plan.hedges)):
        if not (hedge.tradable and hedge.dated_symbol and hedge.dated_price > 0) or hedge.dated_hedge:
            continue
        held = after.get((holding.venue, hedge.symbol.upper()))
        contracts = held.contracts if held else 0.0
        dated_size = hedge.dated_contract_size
        if not contracts or not dated_size > 0:
            continue
        dated = float(core.round_to_lot(contracts * hedge.contract_size / dated_size, hedge.dated_lot_size or 0.0))
        if not dated:
            continue
        notional = contracts * hedge.contract_size * (1.0 if hedge.inverse else hedge.price)
        days = float(plan.days_to_expiry[i])
        gain = float(core.switch_gain(notional, hedge.funding_rate, hedge.spot_price, hedge.dated_price, days,
                                      hedge.interval_h, plan.settings.futures_fee_rate,
                                      plan.settings.slippage_bps)) if days > 0 else math.nan
        switches.append(Switch(holding.asset, Leg(holding.venue, hedge.symbol, -contracts),
                               Leg(holding.venue, hedge.dated_symbol, dated), notional, days, gain))
    return switches
