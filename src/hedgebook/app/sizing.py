"""How each hedge is sized against its coins (by notional, or by the hedge ratio β from history), and the checks
that withhold an order no one can mean: a β outside Settings' range or too weak a fit, a position or an order many
times the portfolio's value."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .daily_history import hedge_fit
from .hedges import Hedge
from .inputs import SIZING_BETA, HoldingInput, Settings
from .positions import MarkedPosition
from .status import Status

LOW_EFFECTIVENESS = 0.5
"""A hedge sized by β whose R² is below this explained less than half of its asset's daily moves: the plan says
so."""


@dataclass(frozen=True)
class HedgeSizing:
    """How one holding's hedge is sized against its coins.

    Attributes
    ----------
    ratio : float
        β the order is sized by, USD of hedge per USD of exposure (1 = notional matching); futures count as
        notional / ratio of the asset's exposure.
    measured : float
        β of the hedge's daily closes against the asset's spot closes, from its history (NaN when unknown).
    effectiveness : float
        R² of that fit, 0 to 1 (NaN when unknown).
    by_history : bool
        Whether the order is sized by the measured β: Hedge sizing is ``beta``, or the hedge is a cross hedge.
    problem : str
        Why the β it needs cannot be used (no history, too few days, β <= 0); ``""`` when it can.
    """

    ratio: float = 1.0
    measured: float = math.nan
    effectiveness: float = math.nan
    by_history: bool = False
    problem: str = ""


def sizing_of_hedges(holdings: list[HoldingInput], hedges: list[Hedge], histories,
                     settings: Settings = Settings()) -> list[HedgeSizing]:
    """Each holding's :class:`HedgeSizing` from its history (``histories`` aligned with ``holdings``, None where it has
    none).  A hedge sized by history whose β is unknown, not within Settings' [β lowest, β highest], or whose R² is
    below Settings' R² lowest, is sized by 1 and says why: its order is withheld."""
    sizings = []
    for k, (holding, hedge) in enumerate(zip(holdings, hedges)):
        item = histories[k] if k < len(histories) else None
        beta, r2 = hedge_fit(item)
        by_history = bool(hedge.cross_asset) or settings.hedge_sizing == SIZING_BETA
        problem = ""
        if by_history and not hedge.no_hedge:
            problem = _beta_problem(holding, hedge, item, beta, r2, settings)
        usable = by_history and not problem and math.isfinite(beta) and beta > 0
        sizings.append(HedgeSizing(beta if usable else 1.0, beta, r2, by_history, problem))
    return sizings


def _beta_problem(holding: HoldingInput, hedge: Hedge, item, beta: float, r2: float, settings: Settings) -> str:
    """Why the β a hedge is sized by cannot be used ("" when it can)."""
    why = (f"a cross hedge with {hedge.cross_asset}'s {hedge.symbol} is sized by β from history" if hedge.cross_asset
           else "Hedge sizing is beta")
    if item is None:
        return f"{why}, and there is no history of {hedge.symbol or 'the hedge'} yet: press Refresh"
    if not math.isfinite(beta):
        return (f"{why}, and the History sheet holds too few days of both {holding.asset}'s spot and "
                f"{hedge.symbol}'s closes to measure it")
    if beta <= 0:
        return (f"{why}, and {hedge.symbol}'s β against {holding.asset} is {beta:.3f}: it moved against "
                "the coins, so it cannot hedge them")
    if not settings.beta_min <= beta <= settings.beta_max:
        return (f"{why}, and {hedge.symbol}'s β against {holding.asset} is {beta:.3f}, outside Settings' "
                f"{settings.beta_min:g} to {settings.beta_max:g}: an order sized by it would be "
                f"{beta:.3g} × the gap; check the History sheet, or change β lowest / β highest")
    if not r2 >= settings.min_effectiveness:
        return (f"{why}, and {hedge.symbol} explained only {r2:.0%} of {holding.asset}'s daily moves (R²), below "
                f"Settings' R² lowest of {settings.min_effectiveness:.0%}: its β cannot be trusted")
    return ""


def sizing_notes(holdings: list[HoldingInput], hedges: list[Hedge], sizings: list[HedgeSizing], histories,
               status: list[Status]) -> list[str]:
    """What the user must know of hedges sized by β: a cross hedge and how well it tracked, a weak fit, what its
    history's note says (not up to date, made-up sample data)."""
    notes = []
    for k, (holding, hedge, sizing, state) in enumerate(zip(holdings, hedges, sizings, status)):
        if not sizing.by_history or sizing.problem or not state.ok:
            continue
        what = (f"{holding.asset} is cross-hedged with {hedge.symbol} ({hedge.cross_asset})" if hedge.cross_asset
                else f"{holding.asset}'s hedge {hedge.symbol}")
        notes.append(f"{what}: sized by β {sizing.ratio:.3f} from history; it explained {sizing.effectiveness:.0%} of "
                     f"{holding.asset}'s daily moves (R²)"
                     + (", less than half: the hedge leaves much of the risk"
                        if sizing.effectiveness < LOW_EFFECTIVENESS else ""))
        note = histories[k].note if k < len(histories) and histories[k] is not None else ""
        if note:
            notes.append(f"{holding.asset}: the history β is measured on says: {note}")
    return notes


def size_problems(holdings: list[HoldingInput], hedges: list[Hedge], positions: list[MarkedPosition],
                   sizings: list[HedgeSizing], size_limit: float, coins: list[float]) -> list[str]:
    """Per holding, why an input that cannot be meant withholds its order ("" when none does): a position counted in
    its exposure, or the order it would need (β × the gap to its target from the positions in its hedge contract,
    the others being closed, before lots), whose notional is above
    ``size_limit`` × the portfolio's value (the sum of the spot values)."""
    spot = [count * q.spot_price if count else 0.0 for count, q in zip(coins, hedges)]
    value = math.fsum(spot)
    if not value > 0 or not math.isfinite(value):
        return [""] * len(holdings)
    limit = size_limit * value
    problems = []
    for holding, hedge, sizing, spot_value in zip(holdings, hedges, sizings, spot):
        own = [p for p in positions if p.marked and p.exposure_asset == holding.asset]
        huge = [p for p in own if not abs(p.notional) <= limit]
        if huge:
            p = huge[0]
            problems.append(f"{p.label}: {p.contracts:g} contracts are {p.notional:,.0f} USD, "
                            f"{abs(p.notional) / value:,.0f} × the portfolio's value ({value:,.0f}): did you type "
                            "USD as contracts? Type the venue's contracts, or raise Settings' Size check")
            continue
        kept = [p for p in own if p.is_in(holding.venue, hedge.symbol)]  # the others are closed
        exposure = spot_value + math.fsum(p.notional for p in kept) / sizing.ratio
        gap = sizing.ratio * (holding.target_weight * value - exposure)
        if hedge.tradable and not abs(gap) <= limit:
            problems.append(f"the order would be {gap:,.0f} USD, {abs(gap) / value:,.1f} × the portfolio's value "
                            f"({value:,.0f}), above Settings' Size check of {size_limit:g} ×: check the target and "
                            "the positions")
            continue
        problems.append("")
    return problems
