"""What every contract holds after the plan: the positions held now, plus each order on its hedge contract, less the
positions the plan closes (a hedge moved to another contract).

The one fold that the unwind and switch legs (:mod:`hedgebook.app.legs`) and what each venue holds
(:mod:`hedgebook.app.counterparty`) both read.
"""

from __future__ import annotations

from dataclasses import dataclass

from .plan import Plan


@dataclass
class PositionAfter:
    """One contract after the plan.

    Attributes
    ----------
    venue : str
    symbol : str
        As the market spells it (as typed where the market does not list it).
    contracts : float
        Signed, in the venue's contract units (negative = short).
    notional : float
        Signed USD at the mark of the parts that have a price (marked positions and orders).
    priced : bool
        Whether any part has a price: a contract of unmarked positions only has no notional to count.
    """

    venue: str
    symbol: str
    contracts: float = 0.0
    notional: float = 0.0
    priced: bool = False


def positions_after(plan: Plan) -> dict[tuple[str, str], PositionAfter]:
    """Every contract after the plan ``plan``, by ``(venue, SYMBOL)`` (the symbol in upper case), in the order first
    met: the positions typed (marked or not), each order on its holding's hedge contract, then the closes."""
    after: dict[tuple[str, str], PositionAfter] = {}

    def add(venue: str, symbol: str, contracts: float, notional: float | None) -> None:
        entry = after.setdefault((venue, symbol.upper()), PositionAfter(venue, symbol))
        entry.contracts += contracts
        if notional is not None:
            entry.notional += notional
            entry.priced = True

    for position in plan.positions:
        add(position.venue, position.symbol or position.position.contract, position.contracts,
            position.notional if position.marked else None)
    for holding, hedge, ordered, traded in zip(plan.holdings, plan.hedges, plan.rebalance.contracts,
                                               plan.rebalance.trade_notionals):
        if ordered:
            add(holding.venue, hedge.symbol, float(ordered), float(traded))
    for closed in plan.closing:
        for position in closed:
            add(position.venue, position.symbol, -position.contracts, -position.notional)
    return after
