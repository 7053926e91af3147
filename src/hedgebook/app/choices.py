"""What each way of holding a hedge costs over the horizon: the venue's linear perpetual, its inverse perpetual,
or its dated future (rolled at expiry).

For a holder who keeps coins, a 1× inverse short with the coins as
collateral cannot be liquidated; its funding is what this compares, with
the linear perpetual's and with the dated future's basis.  Costs are USD
for the hedge the plan leaves on the asset (every position of it plus the
order), positive = the user pays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import core
from ..market.table import status_kind
from ..market.venues import same_exchange
from .hedges import SETTLE_LINEAR, TRUSTED, hedge_perpetual
from .plan import Plan

INVERSE = "inverse"


@dataclass(frozen=True)
class HedgeChoice:
    """One holding's three ways to hold its hedge, and their cost over the horizon.

    Attributes
    ----------
    asset, venue : str
    notional : float
        The hedge after the plan, signed USD (negative = short).
    linear, inverse, dated : str
        The contracts ("" when the venue lists none that can be trusted).
    linear_cost, inverse_cost : float
        Funding over the horizon at the current rate, USD (NaN when unknown).
    dated_cost : float
        Basis decay plus rolls over the horizon (:func:`hedgebook.core.dated_hedge_cost`), USD.
    """

    asset: str
    venue: str
    notional: float
    linear: str = ""
    linear_cost: float = math.nan
    inverse: str = ""
    inverse_cost: float = math.nan
    dated: str = ""
    dated_cost: float = math.nan

    @property
    def cheapest(self) -> str:
        """The contract that costs least (or earns most), ``""`` when none can be costed."""
        costs = [(cost, name) for cost, name in ((self.linear_cost, self.linear), (self.inverse_cost, self.inverse),
                                                 (self.dated_cost, self.dated)) if name and cost == cost]
        return min(costs)[1] if costs else ""


def _perpetual(table: pd.DataFrame, venue: str, asset: str, settle: str) -> pd.Series | None:
    """The exchange's perpetual of that settlement, under the venue's key or its sibling's (Binance COIN-M)."""
    for key in same_exchange(venue):
        row = hedge_perpetual(table, key, asset, settle)
        if row is not None:
            return row
    return None


def _funding(row: pd.Series | None, notional: float, days: float) -> tuple[str, float]:
    if row is None or status_kind(row["status"]) not in TRUSTED:
        return "", math.nan
    interval = float(row["funding_interval_h"])
    rate = float(row["funding_rate"])
    if not interval > 0 or rate != rate:
        return str(row["symbol"]), math.nan
    return str(row["symbol"]), float(core.funding_cost(notional, rate, days, interval))


def hedge_choices(plan: Plan) -> list[HedgeChoice]:
    """One :class:`HedgeChoice` per hedged holding with market data, in holdings order."""
    table, settings = plan.market, plan.settings
    if table is None:
        return []
    choices = []
    for i, (holding, hedge) in enumerate(zip(plan.holdings, plan.hedges)):
        if not hedge.tradable:
            continue
        notional = float(plan.rebalance.futures_notionals[i] + plan.rebalance.trade_notionals[i])
        contract_asset = hedge.cross_asset or holding.asset  # a cross hedge compares that asset's perpetuals
        linear, linear_cost = _funding(_perpetual(table, holding.venue, contract_asset, SETTLE_LINEAR), notional,
                                       settings.horizon_days)
        inverse, inverse_cost = _funding(_perpetual(table, holding.venue, contract_asset, INVERSE), notional,
                                         settings.horizon_days)
        dated_cost = math.nan
        days = float(plan.days_to_expiry[i])
        if hedge.dated_symbol and hedge.dated_price > 0 and days > 0:
            dated_cost = float(core.dated_hedge_cost(notional, hedge.spot_price, hedge.dated_price,
                                                     settings.horizon_days, days, settings.futures_fee_rate,
                                                     settings.slippage_bps))
        choices.append(HedgeChoice(holding.asset, holding.venue, notional, linear, linear_cost, inverse, inverse_cost,
                                   hedge.dated_symbol, dated_cost))
    return choices
