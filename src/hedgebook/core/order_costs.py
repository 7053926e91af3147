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
from .held_position import assumed_margin, position_after
from .margin import DEFAULT_MAINTENANCE_MARGIN_RATE, cross_liquidation_price, liquidation_price, liquidation_tier
from .plan import RebalancePlan
from .tiers import tier_max_leverage


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
        Margin of the *resulting* position in the hedge contract, USD (inverse:
        its coins at the current price): built from what is held (see
        :func:`hedgebook.core.held_position.position_after`): the held margin
        plus the order's initial margin at the settings' leverage (capped by
        the contract's tiers) when it adds, the held margin less the share
        closed when it reduces, a new position's initial margin when it flips
        or opens.  In a cross account, the initial margin at the settings'
        leverage (the wallet, not this figure, is what liquidation reads).
    liquidation_price : ndarray
        Liquidation price of the resulting position, USD (0 = cannot be
        liquidated, or no position): isolated, from its entry and margin; in a
        cross account, from the account's collateral (``cross_collateral``).
    entry : ndarray
        Entry price of the resulting position, USD per coin (NaN = none).
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
        liquidation price: the tier of the resulting position's notional at
        its liquidation price where its tiers are known, else the settings'
        rate and 0.
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
    entry: np.ndarray


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
    held_entry=None,
    held_margin=None,
    cross_collateral=None,
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
        leverages)`` (USD, fractions, ×): the tier of the resulting position's
        notional at its liquidation price then gives its maintenance rate and
        amount, and its notional now caps its leverage (see
        :mod:`hedgebook.core.tiers`); they replace ``maint_margin_rates`` and
        ``maint_amounts`` for that asset.
    held_entry : array, optional
        Entry price of the contracts held, USD per coin; NaN or missing =
        unknown, taken as the current price.
    held_margin : array, optional
        Isolated margin posted for them, USD (linear) or coins (inverse); NaN
        or missing = assumed, |notional at entry| / the settings' leverage.
    cross_collateral : array, optional
        For a position in a cross-margin account: the account's wallet balance
        + its other cross positions' unrealized P&L − their maintenance, USD
        (see :func:`hedgebook.core.margin.cross_liquidation_price`); NaN or
        missing = isolated.

    Returns
    -------
    OrderCosts
    """
    notional = plan.trade_notionals
    count = len(plan.assets)
    prices = plan.prices
    sizes = np.ones(count) if contract_sizes is None else np.asarray(contract_sizes, dtype=float)
    is_inverse = np.zeros(count, dtype=bool) if inverse is None else np.asarray(inverse, dtype=bool)

    def per_asset(values, default):
        return np.full(count, default) if values is None else np.broadcast_to(np.asarray(values, dtype=float),
                                                                              (count,)).astype(float)

    held = per_asset(held_contracts, 0.0)
    cross = per_asset(cross_collateral, np.nan)
    is_cross = ~np.isnan(cross)
    resulting = held + plan.contracts
    usd_per_contract = np.where(is_inverse, sizes, sizes * prices)
    resulting_notional = resulting * usd_per_contract + 0.0
    leverage = np.full(count, float(settings.leverage))
    for i, ladder in enumerate(tiers or ()):
        if ladder is not None:  # a larger position may not take the settings' leverage
            caps, _, leverages = ladder
            leverage[i] = np.fmin(leverage[i], tier_max_leverage(resulting_notional[i], caps, leverages))
    typed_entry, posted = per_asset(held_entry, np.nan), per_asset(held_margin, np.nan)
    entry_held = np.where(np.isnan(typed_entry), prices, typed_entry)
    margin_held = np.where(np.isnan(posted), assumed_margin(held, entry_held, leverage, sizes, is_inverse), posted)
    _, entry, collateral = (np.asarray(v, dtype=float) for v in position_after(
        held, entry_held, margin_held, plan.contracts, prices, leverage, sizes, is_inverse))
    at_entry = np.where(resulting != 0, entry, prices)
    # Linear: quantity in coins, collateral and amount in USD.  Inverse: contracts, collateral and amount in coin.
    quantity = np.where(is_inverse, resulting, resulting * sizes)
    with np.errstate(invalid="ignore"):
        initial_margin = np.where(is_cross, np.abs(resulting_notional) / leverage,
                                  np.where(is_inverse, collateral * prices, collateral))
    rates = per_asset(maint_margin_rates, settings.maint_margin_rate)
    amounts = per_asset(maint_amounts, 0.0)
    ladders = list(tiers or ()) + [None] * (count - len(tiers or ()))
    for i, ladder in enumerate(ladders):
        if ladder is not None:
            basis = cross[i] if is_cross[i] else collateral[i]
            rates[i], amounts[i] = liquidation_tier(at_entry[i], quantity[i], basis, ladder[0], ladder[1],
                                                    sizes[i] if is_inverse[i] else 0.0)
    price = np.array(liquidation_price(at_entry, quantity, np.where(is_cross, 0.0, collateral), rates, amounts,
                                       np.where(is_inverse, sizes, 0.0)), dtype=float, ndmin=1)
    for i in np.flatnonzero(is_cross):  # the same equation, the account's collateral for the position's margin
        price[i] = np.nan if is_inverse[i] else cross_liquidation_price(
            at_entry[i], quantity[i], cross[i] + amounts[i], 0.0, 0.0, rates[i])
    return OrderCosts(
        funding=np.asarray(funding_cost(notional, funding_rates, settings.horizon_days, funding_interval_hours)),
        margin=initial_margin,
        liquidation_price=price,
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
        entry=np.where(resulting != 0, entry, np.nan),
    )
