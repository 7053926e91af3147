"""What one asset's move does to the whole portfolio, before and after the plan: alone, and leading the others.

Risk's stress lines move every coin by the same shock, under which a rebalancing spread nets to nothing.  Here each
asset moves alone (the others still), then leads the others, each moving by its β to it measured on the daily
spot closes of the History sheet, so that the spread's effect shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core import history
from ..core.scenarios import scenario_pnl
from .plan import Plan

SCENARIO_SHOCK = -0.2
"""The leading asset's move: 20 % down (Risk's chart uses the same)."""


@dataclass(frozen=True)
class AssetScenario:
    """The whole portfolio's P&L when ``asset`` moves by the shock, USD (positive = gain).

    Attributes
    ----------
    asset : str
    alone_after, alone_now : float
        It alone moves (the others still), after the plan and now.
    led_after, led_now : float
        It leads, each other asset moving by its β to it; NaN when a β is not known (``note`` says which).
    note : str
    """

    asset: str
    alone_after: float
    alone_now: float
    led_after: float
    led_now: float
    note: str = ""


def exposures_by_asset(plan: Plan) -> tuple[dict[str, float], dict[str, float]]:
    """Net exposure to each asset's price, after the plan and now, USD: each holding's coins count for its asset,
    its futures for the asset of their contract (a cross hedge's for the other asset)."""
    after: dict[str, float] = {}
    now: dict[str, float] = {}
    rebalance = plan.rebalance
    for i, (holding, hedge) in enumerate(zip(plan.holdings, plan.hedges)):
        spot = float(np.nan_to_num(rebalance.spot_values[i]))
        futures_now = float(np.nan_to_num(rebalance.futures_notionals[i]))
        futures_after = futures_now + float(np.nan_to_num(rebalance.trade_notionals[i]))
        coin, driver = holding.asset.upper(), (hedge.cross_asset or holding.asset).upper()
        for book, futures in ((after, futures_after), (now, futures_now)):
            book[coin] = book.get(coin, 0.0) + spot
            book[driver] = book.get(driver, 0.0) + futures
    return after, now


def _closes_by_day(plan: Plan) -> dict[str, dict]:
    """Each holding asset's daily spot closes from its History block, by day (finite and positive only)."""
    closes: dict[str, dict] = {}
    for holding, block in zip(plan.holdings, plan.histories):
        if block is None:
            continue
        days = closes.setdefault(holding.asset.upper(), {})
        days.update({day: close for day, close in zip(block.days, block.spot_close) if close > 0})
    return closes


def beta_to(asset: str, leader: str, closes: dict[str, dict]) -> float:
    """β of ``asset``'s daily returns to ``leader``'s over the days both have (1 for the leader itself)."""
    if asset == leader:
        return 1.0
    mine, theirs = closes.get(asset, {}), closes.get(leader, {})
    days = sorted(set(mine) & set(theirs))
    if len(days) < 3:
        return math.nan
    return history.hedge_ratio([mine[d] for d in days], [theirs[d] for d in days])


def asset_scenarios(plan: Plan, shock: float = SCENARIO_SHOCK) -> list[AssetScenario]:
    """One :class:`AssetScenario` per asset the portfolio is exposed to, in holdings order."""
    after, now = exposures_by_asset(plan)
    assets = list(after)
    closes = _closes_by_day(plan)
    rows = []
    for leader in assets:
        alone = [1.0 if asset == leader else 0.0 for asset in assets]
        betas = [beta_to(asset, leader, closes) for asset in assets]
        unknown = [asset for asset, beta in zip(assets, betas) if beta != beta and (after[asset] or now[asset])]
        note = f"β to {leader} unknown for {', '.join(unknown)} (no common history)" if unknown else ""
        held_after, held_now = [after[a] for a in assets], [now[a] for a in assets]
        rows.append(AssetScenario(leader, scenario_pnl(held_after, alone, shock), scenario_pnl(held_now, alone, shock),
                                  scenario_pnl(held_after, betas, shock), scenario_pnl(held_now, betas, shock), note))
    return rows
