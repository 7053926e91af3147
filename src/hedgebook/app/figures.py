"""Every figure of a plan: holdings and settings (user input) + each holding's quote → the numbers the sheets show.

The same :mod:`hedgebook.core` functions compute the cached values of the
workbook's formulas, the Orders sheet, and what ``hedgebook demo`` / ``plan``
print, so a figure never has two formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .. import core
from ..core.constants import DEFAULT_FUNDING_INTERVAL_H
from ..core.order_costs import OrderCosts, costs_of_orders
from .inputs import HoldingInput, PlanInputs, Settings
from .quotes import Quote, quotes_from_market


@dataclass
class PlanBook:
    """Every figure of a plan workbook, as arrays aligned with ``holdings``.

    Attributes
    ----------
    holdings : list of HoldingInput
    settings : Settings
    quotes : list of Quote
        The hedge of each holding.
    as_of : datetime
        The valuation time, UTC.
    plan : core.RebalancePlan
    costs : core.OrderCosts
        Funding, margin, liquidation price, futures and spot costs per order.
    funding_apr : ndarray
        Each hedge perpetual's funding rate per year.
    days_to_expiry, annualized_basis, dated_carry, switch_gain : ndarray
        Of each holding's nearest dated future (NaN where there is none);
        carry and switch gain for the order's notional.
    """

    holdings: list[HoldingInput]
    settings: Settings
    quotes: list[Quote]
    as_of: dt.datetime
    plan: core.RebalancePlan
    costs: OrderCosts
    funding_apr: np.ndarray
    days_to_expiry: np.ndarray
    annualized_basis: np.ndarray
    dated_carry: np.ndarray
    switch_gain: np.ndarray


def _column(quotes: list[Quote], name: str) -> np.ndarray:
    return np.array([getattr(q, name) for q in quotes], dtype=float)


def compute_plan(holdings: list[HoldingInput], settings: Settings, quotes: list[Quote]) -> PlanBook:
    """Every figure of the workbook from its inputs.

    Raises
    ------
    ValueError
        Naming the asset: no market data for its hedge, or a bad input value.
    """
    if not holdings:
        raise ValueError("no holdings: fill in the Holdings sheet")
    for holding, quote in zip(holdings, quotes):
        if not quote.price > 0:
            raise ValueError(f"{holding.asset}: {quote.status or 'no price'}; press Refresh or change the hedge venue")
    as_of = settings.as_of or dt.datetime.now(dt.timezone.utc)
    spot = _column(quotes, "spot_price")
    sizes, inverse = _column(quotes, "contract_size"), [q.inverse for q in quotes]
    plan = core.rebalance(
        [h.asset for h in holdings],
        [h.quantity * s for h, s in zip(holdings, spot)],
        [h.futures_notional for h in holdings],
        [h.target_weight for h in holdings],
        _column(quotes, "price"),
        sizes,
        _column(quotes, "lot_size"),
        inverse,
    )
    rates, intervals = _column(quotes, "funding_rate"), _column(quotes, "interval_h")
    costs = costs_of_orders(plan, rates, intervals, [h.cost_basis for h in holdings], settings, sizes, inverse)
    dated_price = _column(quotes, "dated_price")
    days = np.array([core.days_to_expiry(q.expiry, as_of) if q.expiry else math.nan for q in quotes], dtype=float)
    has_dated = (dated_price > 0) & (days > 0)
    safe_days = np.where(has_dated, days, 1.0)
    safe_dated = np.where(has_dated, dated_price, spot)
    nan = np.full(len(holdings), math.nan)
    return PlanBook(
        holdings=holdings,
        settings=settings,
        quotes=quotes,
        as_of=as_of,
        plan=plan,
        costs=costs,
        funding_apr=np.asarray(core.funding_apr(rates, np.where(intervals > 0, intervals, DEFAULT_FUNDING_INTERVAL_H))),
        days_to_expiry=days,
        annualized_basis=np.where(has_dated, core.annualized_basis(spot, safe_dated, safe_days), nan),
        dated_carry=np.where(
            has_dated,
            core.dated_carry(plan.trade_notionals, spot, safe_dated, settings.horizon_days, safe_days),
            nan,
        ),
        switch_gain=np.where(
            has_dated,
            core.switch_gain(plan.trade_notionals, rates, spot, safe_dated, safe_days, intervals,
                             settings.futures_fee_rate),
            nan,
        ),
    )


def plan_from_market(inputs: PlanInputs, table: pd.DataFrame, as_of: dt.datetime) -> PlanBook:
    """Every figure of the plan of ``inputs`` on the market ``table``, valued at ``as_of`` unless Settings says when.

    Raises
    ------
    ValueError
        Naming the asset whose hedge has no price, or a bad input value.
    """
    settings = inputs.settings if inputs.settings.as_of else replace(inputs.settings, as_of=as_of)
    holdings = list(inputs.holdings)
    return compute_plan(holdings, settings, quotes_from_market(holdings, table, settings.as_of))
