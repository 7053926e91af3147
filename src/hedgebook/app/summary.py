"""The plan at a glance: what Start shows and ``plan --json`` gives as ``summary``.

Every figure here comes from the plan itself; Start writes the same numbers under its defined names
(``Start_PortfolioValue`` ...), so the workbook and the command never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..core.time_units import SECONDS_PER_DAY
from .counterparty import venue_exposures
from .plan import Plan


@dataclass(frozen=True)
class PlanSummary:
    """What one glance at a plan must answer.

    Attributes
    ----------
    portfolio_value : float
        USD.
    order_count : int
        Orders to place: those that trade and are not withheld.
    gross_notional : float
        Sum of those orders' absolute notionals, USD (a buy and a sell both add).
    nearest_liquidation : float
        The smallest distance from the mark to a liquidation price, a fraction of the mark (0.35 = the mark may
        move 35 % before liquidation), over the positions after the orders and the positions held in contracts no
        order trades; NaN when none has a liquidation price.
    nearest_liquidation_contract : str
        ``venue symbol`` of that position ("" when none).
    venues_above_limit : tuple of str
        The venues holding more of the portfolio than the concentration limit, each with its share.
    data_as_of : datetime or None
        The oldest market data an order or a holding's value rests on (each hedge's data time), UTC.
    data_age_days : float
        Days from ``data_as_of`` to ``now`` (NaN when unknown).
    sample : bool
        Valued on the bundled sample data (made-up prices, valued at the sample's own time), not on a market.
    """

    portfolio_value: float
    order_count: int
    gross_notional: float
    nearest_liquidation: float
    nearest_liquidation_contract: str
    venues_above_limit: tuple[str, ...]
    data_as_of: dt.datetime | None
    data_age_days: float
    sample: bool


def summary_of(plan: Plan, now: dt.datetime | None = None) -> PlanSummary:
    """:class:`PlanSummary` of ``plan``, its data's age measured to ``now`` (UTC; default: when the plan's data was
    checked)."""
    now = now or plan.checked_at or plan.as_of
    placed = [line for line in plan.lines if line.status.ok and line.side in ("buy", "sell")]
    gross = float(sum(abs(line.order.notional) for line in placed))
    distances: list[tuple[float, str]] = []
    traded = set()
    for line in placed:
        traded.add((line.holding.venue, line.hedge.symbol))
        if line.costs.liquidation_price > 0 and line.hedge.price > 0:
            distances.append((abs(line.costs.liquidation_price / line.hedge.price - 1),
                              f"{line.holding.venue} {line.hedge.symbol}"))
    for position, risk in zip(plan.positions, plan.position_risks):
        if (position.venue, position.symbol) in traded or not position.marked:
            continue
        if risk.liquidation_price > 0 and position.mark_price > 0:
            distances.append((abs(risk.liquidation_price / position.mark_price - 1),
                              f"{position.venue} {position.symbol}"))
    nearest, contract = min(distances) if distances else (math.nan, "")
    above = tuple(f"{v.venue} {v.share_of_portfolio:.0%}" for v in venue_exposures(plan) if v.above_limit)
    times = [hedge.data_as_of for hedge in plan.hedges if hedge.data_as_of is not None]
    data_as_of = min(times) if times else None
    age = math.nan if data_as_of is None else (now - data_as_of).total_seconds() / SECONDS_PER_DAY
    return PlanSummary(float(plan.rebalance.portfolio_value), len(placed), gross, float(nearest), contract, above,
                       data_as_of, float(age), plan.sample)
