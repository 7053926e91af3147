"""The orders of a plan that are not placed: withheld (their data cannot be trusted), inside the no-trade band, or
below the venue's minimum order.  An asset without its order keeps its exposure; the others' orders do not change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .constants import LIMIT_TOLERANCE
from .plan import RebalancePlan, float_column


def without_orders(plan: RebalancePlan, withheld) -> RebalancePlan:
    """``plan`` with no order for the assets marked in ``withheld``: they keep their exposure.

    The other assets' orders do not change: each depends only on its own
    exposure, target and the portfolio value.

    Parameters
    ----------
    plan : RebalancePlan
    withheld : sequence of bool
        True for each asset whose order must not be placed.

    Examples
    --------
    >>> from hedgebook.core import rebalance
    >>> plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000])
    >>> without_orders(plan, [False, True]).contracts.tolist()
    [-0.25, 0.0]
    """
    mask = np.asarray(withheld, dtype=bool)
    if mask.shape != plan.contracts.shape:
        raise ValueError(f"withheld has {mask.size} values for {len(plan.assets)} assets")
    return replace(
        plan,
        contracts=np.where(mask, 0.0, plan.contracts),
        trade_notionals=np.where(mask, 0.0, plan.trade_notionals),
        post_trade_weights=np.where(mask, plan.current_weights, plan.post_trade_weights),
    )


@dataclass(frozen=True)
class OrderLimits:
    """Which orders of a plan are not placed, and why (see :func:`apply_order_limits`).

    Attributes
    ----------
    plan : RebalancePlan
        Without those orders: their assets keep their exposure.
    inside_band : ndarray of bool
        An order dropped because the asset's weight is within the no-trade band of its target.
    too_small : ndarray of bool
        An order dropped because it is below the venue's minimum quantity or value.
    """

    plan: RebalancePlan
    inside_band: np.ndarray
    too_small: np.ndarray


def apply_order_limits(plan: RebalancePlan, min_qty=None, min_notional=None, no_trade_band: float = 0.0) -> OrderLimits:
    """``plan`` without the orders that would not be placed: drift inside the band, or below the venue's minimum.

    Parameters
    ----------
    plan : RebalancePlan
    min_qty : sequence of float, optional
        Each venue's smallest order, contracts (NaN or 0 = none).
    min_notional : sequence of float, optional
        Each venue's smallest order value, USD (NaN or 0 = none).
    no_trade_band : float
        An asset whose weight is within this of its target (|weight − target|
        <= band, fractions of the portfolio) gets no order, >= 0.

    Examples
    --------
    >>> from hedgebook.core import rebalance
    >>> plan = rebalance(["BTC", "ETH"], [50_400, 49_600], [0, 0], [0.5, 0.5], [60_000, 3_000])
    >>> apply_order_limits(plan, no_trade_band=0.01).plan.contracts.tolist()
    [0.0, 0.0]
    >>> limited = apply_order_limits(plan, min_notional=[100, 500])
    >>> limited.plan.contracts.tolist(), limited.too_small.tolist()
    ([-0.006666666666666667, 0.0], [False, True])
    """
    count = len(plan.assets)
    if not (np.isfinite(no_trade_band) and no_trade_band >= 0):
        raise ValueError(f"no_trade_band must be >= 0, got {no_trade_band!r}")
    quantity = float_column("min_qty", min_qty, count, default=0.0)
    value = float_column("min_notional", min_notional, count, default=0.0)
    quantity, value = np.nan_to_num(quantity, nan=0.0), np.nan_to_num(value, nan=0.0)
    slack = 1.0 - LIMIT_TOLERANCE  # an order of exactly the minimum, computed with binary noise, is placeable
    inside = np.abs(plan.current_weights - plan.target_weights) <= no_trade_band
    ordered = (plan.contracts != 0) & ~inside
    small = ordered & ((np.abs(plan.contracts) < quantity * slack) | (np.abs(plan.trade_notionals) < value * slack))
    return OrderLimits(without_orders(plan, inside | small), inside & (plan.contracts != 0), small)
