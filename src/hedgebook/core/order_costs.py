"""What each order of a plan costs and risks over the planning horizon (:func:`order_costs`).

Combines the plan with funding, margin, liquidation and rebalance costs so
that every adapter (terminal, workbook) shows the same numbers.
Costs are USD, positive = the user pays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .costs import futures_rebalance_cost, spot_rebalance_cost
from .funding import funding_cost
from .margin import DEFAULT_MAINTENANCE_MARGIN_RATE, liquidation_price, margin
from .plan import RebalancePlan


@dataclass(frozen=True)
class PlanSettings:
    """Assumptions of a plan (the workbook's Settings sheet).

    Attributes
    ----------
    horizon_days : float
        How long the hedge is held, days.
    futures_fee_rate : float
        Futures fee per trade, fraction of notional (0.0005 = 0.05 %).
    spot_fee_rate : float
        Spot fee per trade, fraction of value traded.
    slippage_bps : float
        Slippage per trade, basis points.
    tax_rate : float
        Tax on realized spot gains, fraction.
    leverage : float
        Leverage of the hedge positions (initial margin = notional / leverage).
    maint_margin_rate : float
        Maintenance margin rate for liquidation prices.
    """

    horizon_days: float = 30.0
    futures_fee_rate: float = 0.0005
    spot_fee_rate: float = 0.001
    slippage_bps: float = 10.0
    tax_rate: float = 0.25
    leverage: float = 3.0
    maint_margin_rate: float = DEFAULT_MAINTENANCE_MARGIN_RATE


@dataclass(frozen=True)
class OrderCosts:
    """Per-asset figures of a plan, arrays aligned with ``plan.assets``.

    Attributes
    ----------
    funding : ndarray
        Funding over the horizon for the order's notional, USD, positive = pay.
    margin : ndarray
        Initial margin of the order at the settings' leverage, USD.
    liquidation_price : ndarray
        Isolated liquidation price of the order with that margin, USD
        (0 = cannot be liquidated or no order).
    futures_cost : ndarray
        Fees, slippage and funding of hedging with futures, USD.
    spot_cost : ndarray
        Fees, slippage and tax of trading the same value in spot instead, USD.
    quantity : ndarray
        Order size as the liquidation formula takes it: coins (linear) or
        contracts (inverse), negative = short.
    collateral : ndarray
        The order's margin as the liquidation formula takes it: USD (linear)
        or coin (inverse).
    """

    funding: np.ndarray
    margin: np.ndarray
    liquidation_price: np.ndarray
    futures_cost: np.ndarray
    spot_cost: np.ndarray
    quantity: np.ndarray
    collateral: np.ndarray


def costs_of_orders(
    plan: RebalancePlan,
    funding_rates,
    funding_interval_hours,
    cost_basis,
    settings: PlanSettings = PlanSettings(),
    contract_sizes=None,
    inverse=None,
) -> OrderCosts:
    """Funding, margin, liquidation price and both rebalance costs of each order.

    Parameters
    ----------
    plan : RebalancePlan
        From :func:`hedgebook.core.plan.rebalance`.
    funding_rates : array
        Funding rate of each asset's perpetual, decimal per interval.
    funding_interval_hours : array
        Funding interval of each, hours.
    cost_basis : array
        Average purchase price of each asset's coins, USD per coin.
    settings : PlanSettings
    contract_sizes, inverse : array, optional
        As given to ``rebalance`` (inverse: USD per contract, liquidation in coin).

    Returns
    -------
    OrderCosts
    """
    notional = plan.trade_notionals
    count = len(plan.assets)
    sizes = np.ones(count) if contract_sizes is None else np.asarray(contract_sizes, dtype=float)
    is_inverse = np.zeros(count, dtype=bool) if inverse is None else np.asarray(inverse, dtype=bool)
    initial_margin = np.asarray(margin(notional, settings.leverage), dtype=float)
    # Linear: quantity in coins, collateral in USD.  Inverse: contracts, collateral in coin.
    quantity = np.where(is_inverse, plan.contracts, notional / plan.prices)
    collateral = np.where(is_inverse, initial_margin / plan.prices, initial_margin)
    return OrderCosts(
        funding=np.asarray(funding_cost(notional, funding_rates, settings.horizon_days, funding_interval_hours)),
        margin=initial_margin,
        liquidation_price=np.asarray(
            liquidation_price(
                plan.prices, quantity, collateral, settings.maint_margin_rate, 0.0, np.where(is_inverse, sizes, 0.0)
            )
        ),
        futures_cost=np.asarray(
            futures_rebalance_cost(
                notional,
                funding_rates,
                settings.horizon_days,
                funding_interval_hours,
                settings.futures_fee_rate,
                settings.slippage_bps,
            )
        ),
        spot_cost=np.asarray(
            spot_rebalance_cost(
                notional, plan.prices, cost_basis, settings.spot_fee_rate, settings.slippage_bps, settings.tax_rate
            )
        ),
        quantity=quantity,
        collateral=collateral,
    )
