"""Initial margin and isolated-margin liquidation prices.

The liquidation formulas are the venues' (Binance USDⓈ-M for linear, COIN-M
for inverse), for a single isolated position.
"""

from __future__ import annotations

import numpy as np

from ._arrays import (
    as_float_array,
    optional_float_array,
    require,
    require_non_negative,
    require_positive,
    scalar_or_array,
)
from .tiers import DEFAULT_RATE, maintenance_amounts, maintenance_tier, tier_max_leverage

DEFAULT_MAINTENANCE_MARGIN_RATE = DEFAULT_RATE
"""Binance's lowest maintenance-margin bracket for BTC (0.4 %)."""


def margin(notional, leverage, tier_caps=None, tier_leverages=None):
    """Initial margin of a position: ``abs(notional) / leverage``.

    With the contract's tiers, the leverage is at most what the venue allows
    for a position of that size (a larger position needs more margin).

    Parameters
    ----------
    notional : float or array
        Signed notional, USD.
    leverage : float or array
        Leverage, > 0 (e.g. 3 for 3×).
    tier_caps, tier_leverages : sequence of float, optional
        The contract's tiers: upper notional of each, USD, and its maximum
        leverage (see :func:`hedgebook.core.tiers.tier_max_leverage`).

    Returns
    -------
    float or array
        USD of collateral, >= 0; NaN for a position above the last tier.

    Examples
    --------
    >>> margin(-15_000, 3)
    5000.0
    >>> margin(-15_000_000, 20, [10_000_000, 20_000_000], [20, 10])
    1500000.0
    """
    size = np.abs(as_float_array("notional", notional))
    lev = as_float_array("leverage", leverage)
    require_positive("leverage", lev)
    if tier_caps is not None or tier_leverages is not None:
        if tier_caps is None or tier_leverages is None:
            raise ValueError("tier_caps and tier_leverages go together")
        lev = np.minimum(lev, tier_max_leverage(size, tier_caps, tier_leverages))
    return scalar_or_array(size / lev)


def liquidation_price(
    entry_price,
    quantity,
    collateral,
    maint_margin_rate=None,
    maint_amount=None,
    contract_size=None,
    tier_caps=None,
    tier_rates=None,
):
    """Liquidation price of one isolated position.

    Linear (``contract_size`` 0 or missing; quantity in coins, collateral in USD)::

        LP = (WB + cum − side·q·entry) / (q·MMR − side·q)

    Inverse (``contract_size`` > 0 = USD per contract; quantity in contracts,
    collateral in coin)::

        LP = (MMR·B + side·B) / ((WB + cum) / CS + side·B / entry)

    where side = +1 long / −1 short, q = B = abs(quantity), WB = collateral,
    cum = maintenance amount, MMR = maintenance margin rate, CS = contract size.

    Parameters
    ----------
    entry_price : float or array
        Entry price, USD, > 0.
    quantity : float or array
        Signed position, coins (linear) or contracts (inverse); negative = short.
    collateral : float or array
        Isolated wallet balance, USD (linear) or coin (inverse), >= 0.
    maint_margin_rate : float or array, optional
        Maintenance margin rate, fraction in [0, 1) (default 0.004).
    maint_amount : float or array, optional
        The bracket's maintenance amount ("cum"), in the collateral's unit (default 0).
    contract_size : float or array, optional
        0 or missing for linear; USD per contract for inverse.
    tier_caps, tier_rates : sequence of float, optional
        The contract's maintenance tiers (USD caps, rates; see
        :func:`hedgebook.core.tiers.maintenance_tier`).  When given, the rate
        and amount are those of the tier of the position's notional *at the
        liquidation price* (Binance's rule; see :func:`liquidation_tier`), and
        ``maint_margin_rate`` / ``maint_amount`` are not used.

    Returns
    -------
    float or array
        Liquidation price, USD.  0 when the position cannot be liquidated
        (no position, a long whose collateral covers its whole value, or an
        inverse short fully covered in coin).  When the collateral is below the
        maintenance margin already, the result lies on the wrong side of the
        entry price: the position would be liquidated at once.

    Examples
    --------
    >>> round(liquidation_price(67_445.9, 0.009, 25.7247, 0.004), 2)
    64846.99
    >>> round(liquidation_price(68_911, -3, 0.00023156, 0.004, 0, 100), 2)
    72491.17

    A 15 M USD short of BTC at 60 000 with 5 M USD (3×) in Binance's tier 5
    (5 %, amount 266 300): (5 000 000 + 266 300 + 15 000 000) / (250 × 0.05 + 250)

    >>> caps = [50_000, 250_000, 1_000_000, 10_000_000, 20_000_000]
    >>> rates = [0.004, 0.005, 0.01, 0.025, 0.05]
    >>> round(liquidation_price(60_000, -250, 5_000_000, tier_caps=caps, tier_rates=rates), 2)
    77204.95

    An 8 M USD short at 60 000 with 8 M / 3 is in tier 4 at entry, but at the
    price it would be liquidated (about 78 000) it is 10.4 M, in tier 5:
    (2 666 666.67 + 266 300 + 8 000 000) / (133.33 × 0.05 + 133.33), not tier
    4's 78 168.

    >>> round(liquidation_price(60_000, -8_000_000 / 60_000, 8_000_000 / 3, tier_caps=caps, tier_rates=rates), 2)
    78092.62
    """
    entry = as_float_array("entry_price", entry_price)
    position = as_float_array("quantity", quantity)
    wallet = as_float_array("collateral", collateral)
    mmr = optional_float_array("maint_margin_rate", maint_margin_rate, DEFAULT_MAINTENANCE_MARGIN_RATE)
    cum = optional_float_array("maint_amount", maint_amount, 0.0)
    size = optional_float_array("contract_size", contract_size, 0.0)
    require_positive("entry_price", entry)
    require_non_negative("collateral", wallet)
    require("maint_margin_rate", mmr, lambda v: (v >= 0) & (v < 1), "must be >= 0 and < 1")
    require_non_negative("contract_size", size)
    if tier_caps is not None or tier_rates is not None:
        if tier_caps is None or tier_rates is None:
            raise ValueError("tier_caps and tier_rates go together")
        mmr, cum = (np.asarray(v, dtype=float) for v in
                    liquidation_tier(entry, position, wallet, tier_caps, tier_rates, size))
    return _liquidation(entry, position, wallet, mmr, cum, size)


def _liquidation(entry, position, wallet, mmr, cum, size):
    """The isolated liquidation price for one maintenance rate and amount (arrays, checked by the caller)."""
    side = np.sign(position)
    amount = np.abs(position)
    is_inverse = size > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = (wallet + cum - side * amount * entry) / (amount * mmr - side * amount)
        inverse = (mmr * amount + side * amount) / ((wallet + cum) / size + side * amount / entry)
        price = np.where(is_inverse, inverse, linear)
    can_be_liquidated = (amount > 0) & np.isfinite(price) & (price > 0)
    any_nan = np.logical_or.reduce([np.isnan(a) for a in np.broadcast_arrays(entry, position, wallet, mmr, cum, size)])
    return scalar_or_array(np.where(any_nan, np.nan, np.where(can_be_liquidated, price, 0.0)))


def liquidation_tier(entry_price, quantity, collateral, tier_caps, tier_rates, contract_size=None):
    """The maintenance tier an isolated position is liquidated in: the tier of its notional at the liquidation price.

    A venue applies the tier of the position's notional at the mark price, so
    the tier to take is the one in which the liquidation price it gives puts
    the notional (Binance's rule).  For a linear position the notional moves
    with the price: a short whose notional is in tier 4 at entry may be in
    tier 5 by the time it is liquidated, and tier 4's price would overstate
    its safety.  Each tier's liquidation price is computed and the tier that
    holds the notional at its own price is taken; the maintenance margin is
    continuous and grows with the price, so that tier is unique (at a cap two
    tiers give the same price).  An inverse position's notional in USD
    (contracts × USD per contract) does not move with the price: its tier is
    that of that notional.

    Parameters
    ----------
    entry_price, quantity, collateral : float or array
        As :func:`liquidation_price` takes them.
    tier_caps, tier_rates : sequence of float
        The contract's tiers: USD caps, increasing; rates, fractions.
    contract_size : float or array, optional
        0 or missing for linear; USD per contract for inverse.

    Returns
    -------
    (rate, amount) : floats or arrays
        The tier's maintenance rate (fraction) and amount, in the collateral's
        unit (USD linear; coin at the entry price inverse).  NaN where the
        notional at liquidation is above the last cap (the venue has no tier
        for it); the first tier where the position cannot be liquidated.

    Examples
    --------
    >>> caps, rates = [1_000_000, 10_000_000, 20_000_000], [0.01, 0.025, 0.05]
    >>> liquidation_tier(60_000, -8_000_000 / 60_000, 8_000_000 / 3, caps, rates)
    (0.05, 265000.0)
    >>> [round(float(v), 6) for v in liquidation_tier(60_000, 8_000_000 / 60_000, 8_000_000 / 3, caps, rates)]
    [0.025, 15000.0]
    """
    entry = as_float_array("entry_price", entry_price)
    position = as_float_array("quantity", quantity)
    wallet = as_float_array("collateral", collateral)
    size = optional_float_array("contract_size", contract_size, 0.0)
    amounts = maintenance_amounts(tier_caps, tier_rates)
    caps = np.atleast_1d(np.asarray(tier_caps, dtype=float)).ravel()
    rates = np.atleast_1d(np.asarray(tier_rates, dtype=float)).ravel()
    entry, position, wallet, size = np.broadcast_arrays(entry, position, wallet, size)
    inverse = size > 0
    rate, amount = (np.asarray(v, dtype=float) for v in maintenance_tier(np.abs(position) * size, caps, rates))
    amount = amount / entry  # an inverse position's amount, in coin

    side, units = np.sign(position)[..., None], np.abs(position)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        candidates = ((wallet[..., None] + amounts - side * units * entry[..., None])
                      / (units * rates - side * units))
        at_liquidation = units * candidates
        floors = np.concatenate(([0.0], caps[:-1]))
        holds = (at_liquidation > floors) & (at_liquidation <= caps)
    found = holds.any(axis=-1)
    index = np.argmax(holds, axis=-1)
    with np.errstate(invalid="ignore"):
        never = ~(candidates[..., 0] > 0)  # not liquidated at any price: tier 1, which gives 0 below
    linear_rate = np.where(found, rates[index], np.where(never, rates[0], np.nan))
    linear_amount = np.where(found, amounts[index], np.where(never, amounts[0], np.nan))
    return (scalar_or_array(np.where(inverse, rate, linear_rate)),
            scalar_or_array(np.where(inverse, amount, linear_amount)))


def cross_liquidation_price(entry_price, quantity, wallet_balance, others_unrealized_pnl=0.0, others_maintenance=0.0,
                            maint_margin_rate=None, tier_caps=None, tier_rates=None):
    """Liquidation price of one linear position in a cross-margin account.

    The account is liquidated at the price P where its margin balance meets
    its maintenance margin, the other positions held at their marks::

        WB + Σ others' unrealized P&L + q·(P − entry) = Σ others' maintenance + |q|·P·MMR − cum

    which is the isolated formula with a collateral of WB + Σ others' P&L −
    Σ others' maintenance (see :func:`liquidation_price`), the tier taken at
    the notional at P (:func:`liquidation_tier`).

    Parameters
    ----------
    entry_price : float or array
        The position's entry price, USD per coin, > 0.
    quantity : float or array
        Signed coins, negative = short.
    wallet_balance : float or array
        The venue's cross wallet balance, USD (without unrealized P&L).
    others_unrealized_pnl, others_maintenance : float or array
        Of the account's other cross positions at their marks, USD (P&L > 0 =
        a gain; maintenance >= 0).
    maint_margin_rate : float or array, optional
        Without tiers (default 0.004).
    tier_caps, tier_rates : sequence of float, optional
        The contract's maintenance tiers.

    Returns
    -------
    float or array
        USD; 0 when the account cannot be liquidated by this position's price;
        a price on the wrong side of the entry when the account is below its
        maintenance margin already.

    Examples
    --------
    1 BTC short at 60 000, a 20 000 wallet, an ETH long elsewhere in the
    account 1 000 in profit with 500 of maintenance: (20 500 + 60 000) / 1.004

    >>> round(cross_liquidation_price(60_000, -1, 20_000, 1_000, 500), 2)
    80179.28
    """
    wallet = as_float_array("wallet_balance", wallet_balance)
    pnl = as_float_array("others_unrealized_pnl", others_unrealized_pnl)
    others = as_float_array("others_maintenance", others_maintenance)
    effective = wallet + pnl - others
    entry = as_float_array("entry_price", entry_price)
    position = as_float_array("quantity", quantity)
    require_positive("entry_price", entry)
    mmr = optional_float_array("maint_margin_rate", maint_margin_rate, DEFAULT_MAINTENANCE_MARGIN_RATE)
    require("maint_margin_rate", mmr, lambda v: (v >= 0) & (v < 1), "must be >= 0 and < 1")
    cum = np.float64(0.0)
    if tier_caps is not None or tier_rates is not None:
        if tier_caps is None or tier_rates is None:
            raise ValueError("tier_caps and tier_rates go together")
        mmr, cum = (np.asarray(v, dtype=float) for v in liquidation_tier(entry, position, effective, tier_caps,
                                                                           tier_rates))
    return _liquidation(entry, position, effective, mmr, cum, np.float64(0.0))
