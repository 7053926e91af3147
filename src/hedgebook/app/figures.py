"""Every figure of a plan: holdings and settings (user input) + each holding's quote → the numbers the sheets show.

The same :mod:`hedgebook.core` functions compute the cached values of the
workbook's formulas, the Orders sheet, and what ``hedgebook demo`` / ``plan``
print, so a figure never has two formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from .. import core
from ..core.constants import DEFAULT_FUNDING_INTERVAL_H
from ..core.order_costs import OrderCosts, costs_of_orders
from ..market.checks import SECONDS_PER_DAY, SECONDS_PER_HOUR, Limits, check_rows
from .inputs import HoldingInput, PlanInputs, Settings
from .quotes import Quote, quotes_from_market

ORDER_OK = "ok"
WITHHELD = "withheld"
SIDE_WITHHELD = "withheld"


def limits(settings: Settings) -> Limits:
    """The market data checks the settings ask for."""
    return Limits(price_deviation=settings.price_deviation_limit, funding_rate=settings.funding_rate_limit,
                  stale_after_s=settings.stale_after_hours * SECONDS_PER_HOUR,
                  max_age_s=settings.max_data_age_days * SECONDS_PER_DAY)


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
        No order for a withheld holding: it keeps its exposure.
    costs : core.OrderCosts
        Funding, margin, liquidation price, futures and spot costs per order (NaN where withheld).
    funding_apr : ndarray
        Each hedge perpetual's funding rate per year.
    days_to_expiry, annualized_basis, dated_carry, switch_gain : ndarray
        Of each holding's nearest dated future (NaN where there is none);
        carry and switch gain for the order's notional.
    order_status : list of str
        ``"ok"``, or ``"withheld: <why>"`` when no order may be computed from the hedge's data.
    market : DataFrame
        The market table the plan used, each row's status set by the checks.
    checked_at : datetime
        When the data's ages were measured, UTC.
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
    order_status: list[str] = field(default_factory=list)
    market: pd.DataFrame | None = None
    checked_at: dt.datetime | None = None

    @property
    def withheld(self) -> np.ndarray:
        """True for each holding whose order is withheld."""
        return np.array([status != ORDER_OK for status in self.order_status], dtype=bool)

    @property
    def stale(self) -> np.ndarray:
        """True for each order computed from stale data (it says so, with the data's time)."""
        return np.array([q.stale and s == ORDER_OK for q, s in zip(self.quotes, self.order_status)], dtype=bool)

    @property
    def sides(self) -> list[str]:
        """``"sell"``, ``"buy"``, ``"none"`` or ``"withheld"`` per holding."""
        return [SIDE_WITHHELD if w else side for side, w in zip(self.plan.sides, self.withheld)]


def _column(quotes: list[Quote], name: str, withheld: np.ndarray | None = None, placeholder: float = math.nan):
    values = np.array([getattr(q, name) for q in quotes], dtype=float)
    return values if withheld is None else np.where(withheld, placeholder, values)


def compute_plan(holdings: list[HoldingInput], settings: Settings, quotes: list[Quote],
                 checked_at: dt.datetime | None = None) -> PlanBook:
    """Every figure of the workbook from its inputs.

    A holding whose hedge cannot be trusted (suspect, too old, without a
    price, missing) gets no order and keeps its exposure; the other orders
    are computed as usual.  Every holding must still be valued: without a
    trusted spot price for one, the portfolio's value, and so every order,
    is unknown.

    Raises
    ------
    ValueError
        Naming the asset: no trusted price to value it, or a bad input value.
    """
    if not holdings:
        raise ValueError("no holdings: fill in the Holdings sheet")
    for holding, quote in zip(holdings, quotes):
        if not quote.spot_price > 0:
            reason = quote.withheld or "no price"
            raise ValueError(f"{holding.asset} cannot be valued — {reason} — and no other trusted price of it is "
                             "known, so the portfolio's value, and every order, is unknown: press Refresh, or change "
                             "the hedge venue")
    as_of = settings.as_of or dt.datetime.now(dt.timezone.utc)
    withheld = np.array([bool(q.withheld) for q in quotes], dtype=bool)
    spot = _column(quotes, "spot_price")
    sizes, lots = _column(quotes, "contract_size", withheld, 1.0), _column(quotes, "lot_size", withheld, 0.0)
    inverse = [q.inverse and not w for q, w in zip(quotes, withheld)]
    plan = core.without_orders(core.rebalance(
        [h.asset for h in holdings],
        [h.quantity * s for h, s in zip(holdings, spot)],
        [h.futures_notional for h in holdings],
        [h.target_weight for h in holdings],
        np.where(withheld, spot, _column(quotes, "price")),  # a withheld order is never placed: any price sizes it
        sizes,
        lots,
        inverse,
    ), withheld)
    rates, intervals = _column(quotes, "funding_rate"), _column(quotes, "interval_h")
    costs = costs_of_orders(plan, np.where(withheld, 0.0, rates),
                            np.where(withheld, DEFAULT_FUNDING_INTERVAL_H, intervals),
                            [h.cost_basis for h in holdings], settings, sizes, inverse)
    costs = OrderCosts(*(np.where(withheld, math.nan, getattr(costs, f.name)) for f in fields(OrderCosts)))
    dated_price = _column(quotes, "dated_price")
    days = np.array([core.days_to_expiry(q.expiry, as_of) if q.expiry else math.nan for q in quotes], dtype=float)
    has_dated = (dated_price > 0) & (days > 0) & ~withheld
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
        order_status=[f"{WITHHELD}: {q.withheld}" if q.withheld else ORDER_OK for q in quotes],
        checked_at=checked_at or as_of,
    )


def plan_from_market(inputs: PlanInputs, table: pd.DataFrame, as_of: dt.datetime,
                     now: dt.datetime | None = None) -> PlanBook:
    """Every figure of the plan of ``inputs`` on the market ``table``.

    The table's rows are checked first (:func:`hedgebook.market.checks.check_rows`,
    with the settings' limits, ages measured to ``now``); the valuation time is
    Settings' As of, else ``as_of``.

    Raises
    ------
    ValueError
        Naming the asset that cannot be valued, or a bad input value.
    """
    settings = inputs.settings if inputs.settings.as_of else replace(inputs.settings, as_of=as_of)
    now = now or as_of
    checked = check_rows(table, limits(settings), now)
    holdings = list(inputs.holdings)
    book = compute_plan(holdings, settings, quotes_from_market(holdings, checked, settings.as_of), now)
    book.market = checked
    return book
