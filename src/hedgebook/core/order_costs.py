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
from .tiers import maintenance_tier


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
        Initial margin of the *resulting* position in the hedge contract (what
        is held there plus the order) at the settings' leverage, USD.
    liquidation_price : ndarray
        Isolated liquidation price of the resulting position with that margin,
        as if opened at the current price, USD (0 = cannot be liquidated, or
        no position).
    futures_cost : ndarray
        Fees, slippage and funding of hedging with futures, USD.
    spot_cost : ndarray
        Fees, slippage and tax of trading the same value in spot instead, USD.
    quantity : ndarray
        The resulting position as the liquidation formula takes it: coins
        (linear) or contracts (inverse), negative = short.
    collateral : ndarray
        Its margin as the liquidation formula takes it: USD (linear) or coin (inverse).
    resulting_contracts : ndarray
        Contracts held in the hedge contract after the order, negative = short.
    resulting_notional : ndarray
        Their notional at the current price, USD, negative = short.
    maint_margin_rate, maint_amount : ndarray
        Maintenance margin rate and amount (collateral's unit) used for the
        liquidation price: the tier of the resulting position where its tiers
        are known, else the settings' rate and 0.
    """

    funding: np.ndarray
    margin: np.ndarray
    liquidation_price: np.ndarray
    futures_cost: np.ndarray
    spot_cost: np.ndarray
    quantity: np.ndarray
    collateral: np.ndarray
    resulting_contracts: np.ndarray
    resulting_notional: np.ndarray
    maint_margin_rate: np.ndarray
    maint_amount: np.ndarray


def costs_of_orders(
    plan: RebalancePlan,
    funding_rates,
    funding_interval_hours,
    cost_basis,
    settings: PlanSettings = PlanSettings(),
    contract_sizes=None,
    inverse=None,
    held_contracts=None,
    maint_margin_rates=None,
    maint_amounts=None,
    spot_prices=None,
    tiers=None,
) -> OrderCosts:
    """Funding and both rebalance costs of each order; margin and liquidation price of the position it leaves.

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
    held_contracts : array, optional
        Contracts already held in each hedge contract, negative = short (default 0).
    maint_margin_rates, maint_amounts : array, optional
        Maintenance margin rate and amount (the bracket's "cum", in the
        collateral's unit) of each resulting position (default: the settings'
        rate and 0).
    spot_prices : array, optional
        USD per coin at which the spot alternative trades (default: the
        plan's prices, which are the hedge contracts').  The spot
        alternative moves the same exposure as the order: its notional / β
        (the plan's hedge ratios).
    tiers : sequence, optional
        Per asset, ``None`` or the hedge contract's tiers as ``(caps, rates,
        leverages)`` (USD, fractions, ×): the resulting position's tier then
        gives its maintenance rate and amount, and caps its leverage (see
        :mod:`hedgebook.core.tiers`); they replace ``maint_margin_rates`` and
        ``maint_amounts`` for that asset.

    Returns
    -------
    OrderCosts
    """
    notional = plan.trade_notionals
    count = len(plan.assets)
    sizes = np.ones(count) if contract_sizes is None else np.asarray(contract_sizes, dtype=float)
    is_inverse = np.zeros(count, dtype=bool) if inverse is None else np.asarray(inverse, dtype=bool)
    held = np.zeros(count) if held_contracts is None else np.asarray(held_contracts, dtype=float)
    resulting = held + plan.contracts
    usd_per_contract = np.where(is_inverse, sizes, sizes * plan.prices)
    resulting_notional = resulting * usd_per_contract + 0.0
    initial_margin = np.array(margin(resulting_notional, settings.leverage), dtype=float, ndmin=1)
    rates = np.broadcast_to(settings.maint_margin_rate if maint_margin_rates is None else np.asarray(
        maint_margin_rates, dtype=float), (count,)).astype(float)
    amounts_usd = np.broadcast_to(0.0 if maint_amounts is None else np.asarray(maint_amounts, dtype=float),
                                  (count,)).astype(float)
    tiered = np.zeros(count, dtype=bool)
    for i, ladder in enumerate(tiers or ()):
        if ladder is not None:
            tiered[i] = True
            caps, tier_rates, leverages = ladder
            rates[i], amounts_usd[i] = maintenance_tier(resulting_notional[i], caps, tier_rates)
            initial_margin[i] = margin(resulting_notional[i], settings.leverage, caps, leverages)
    # Linear: quantity in coins, collateral and amount in USD.  Inverse: contracts, collateral and amount in coin.
    quantity = np.where(is_inverse, resulting, resulting_notional / plan.prices)
    collateral = np.where(is_inverse, initial_margin / plan.prices, initial_margin)
    amounts = np.where(is_inverse & tiered, amounts_usd / plan.prices, amounts_usd)
    return OrderCosts(
        funding=np.asarray(funding_cost(notional, funding_rates, settings.horizon_days, funding_interval_hours)),
        margin=initial_margin,
        liquidation_price=np.asarray(
            liquidation_price(plan.prices, quantity, collateral, rates, amounts, np.where(is_inverse, sizes, 0.0))
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
                notional if plan.hedge_ratios is None else notional / plan.hedge_ratios,
                plan.prices if spot_prices is None else np.asarray(spot_prices, dtype=float), cost_basis,
                settings.spot_fee_rate, settings.slippage_bps, settings.tax_rate,
            )
        ),
        quantity=quantity,
        collateral=collateral,
        resulting_contracts=resulting,
        resulting_notional=resulting_notional,
        maint_margin_rate=rates,
        maint_amount=amounts,
    )
