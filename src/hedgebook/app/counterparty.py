"""What the plan leaves on each venue: the positions after the orders, their margin, and the venue's share.

Everything held on one exchange is lost with it (the guide's §6.3): the
venue's share of the portfolio is the collateral posted there, or the
margin its positions need when no collateral is given, over the
portfolio's value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import core
from .after_plan import positions_after
from .plan import Plan


@dataclass(frozen=True)
class VenueExposure:
    """The positions one venue holds after the plan.

    Attributes
    ----------
    venue : str
    notional : float
        Signed sum of the resulting positions at their mark prices, USD (negative = net short).
    gross_notional : float
        Sum of their absolute notionals, USD.
    margin : float
        Initial margin of each resulting position at the settings' leverage, summed, USD.
    collateral : float
        USD the user says is posted there; NaN when not given.
    share_of_portfolio : float
        Collateral (or, without it, margin) over the portfolio's value, a fraction.
    above_limit : bool
        Whether that share is above the settings' concentration limit.
    """

    venue: str
    notional: float
    gross_notional: float
    margin: float
    collateral: float
    share_of_portfolio: float
    above_limit: bool = False


def venue_exposures(plan: Plan, collateral: dict[str, float] | None = None) -> list[VenueExposure]:
    """One :class:`VenueExposure` per venue holding a position after the plan (or collateral), by venue name.

    ``collateral`` (venue → USD) defaults to the plan's Accounts; margin is
    that of each resulting position (tiers where known), summed.
    """
    if collateral is None:
        collateral = {a.venue: a.collateral for a in plan.accounts if a.collateral == a.collateral}
    tiers = {(h.venue, q.symbol): q.tiers for h, q in zip(plan.holdings, plan.hedges) if q.tiers is not None}
    limit = plan.settings.concentration_limit
    by_venue: dict[str, list[float]] = {}
    margins: dict[str, float] = {}
    for after in positions_after(plan).values():
        if not after.priced:
            continue
        venue, symbol, notional = after.venue, after.symbol, after.notional
        by_venue.setdefault(venue, []).append(notional)
        ladder = tiers.get((venue, symbol))
        margins[venue] = margins.get(venue, 0.0) + float(
            core.margin(notional, plan.settings.leverage) if ladder is None
            else core.margin(notional, plan.settings.leverage, ladder.caps, ladder.leverages))
    value = plan.rebalance.portfolio_value
    rows = []
    for venue in sorted(set(by_venue) | set(collateral)):
        notionals = by_venue.get(venue, [])
        margin = margins.get(venue, 0.0)
        posted = float(collateral.get(venue, math.nan))
        at_risk = posted if posted == posted else margin
        share = at_risk / value if value > 0 else math.nan
        rows.append(VenueExposure(venue, float(sum(notionals)), float(sum(abs(n) for n in notionals)), margin,
                                  posted, share, bool(share > limit)))
    return rows


def concentration_notes(plan: Plan) -> list[str]:
    """One warning per venue holding more of the portfolio than the settings' concentration limit."""
    notes = []
    for v in venue_exposures(plan):
        if v.above_limit:
            posted = v.collateral == v.collateral
            what = f"collateral posted {v.collateral:,.0f}" if posted else f"margin of its positions {v.margin:,.0f}"
            notes.append(f"{v.venue} holds {v.share_of_portfolio:.1%} of the portfolio ({what} USD), above the "
                         f"{plan.settings.concentration_limit:.0%} limit: everything on one exchange is lost with it")
    return notes
