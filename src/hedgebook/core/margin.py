"""Initial margin and isolated-margin liquidation prices.

The liquidation formulas are the venues' (Binance USDⓈ-M for linear, COIN-M
for inverse), for a single isolated position, DESIGN.md §4.
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
from .tiers import DEFAULT_RATE, maintenance_tier, tier_max_leverage

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
        and amount are those of the tier of the position's notional at the
        entry price (linear: q·entry; inverse: B·CS), the amount converted to
        coin at the entry price for an inverse position, and
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
    >>> round(liquidation_price(60_000, -250, 5_000_000, tier_caps=caps,
    ...                         tier_rates=[0.004, 0.005, 0.01, 0.025, 0.05]), 2)
    77204.95
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
        notional = np.abs(position) * np.where(size > 0, size, entry)
        mmr, cum_usd = maintenance_tier(notional, tier_caps, tier_rates)
        mmr, cum_usd = np.asarray(mmr, dtype=float), np.asarray(cum_usd, dtype=float)
        cum = np.where(size > 0, cum_usd / entry, cum_usd)

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
