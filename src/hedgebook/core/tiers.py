"""Tiered maintenance margin: the rate, amount and maximum leverage of the tier a position's size falls in.

Venues publish a ladder of tiers per contract.  Tier ``i`` holds positions
whose absolute notional is above the previous tier's cap and at most
``caps[i]`` (USD); its maintenance margin rate ``rates[i]`` applies to the
whole position, and the venue's "maintenance amount" (Binance's ``cum``)
makes the margin continuous across the caps::

    maintenance margin = |notional| × rate_i − amount_i
    amount_1 = 0,  amount_i = amount_(i−1) + cap_(i−1) × (rate_i − rate_(i−1))

Hand check (Binance BTCUSDT tiers of 2021-03-18): a 15 000 000 USD position
is in tier 5 (10 M–20 M, 5 %); amount = 50 000 × 0.001 + 250 000 × 0.005 +
1 000 000 × 0.015 + 10 000 000 × 0.025 = 266 300 USD.
"""

from __future__ import annotations

import numpy as np

from ._arrays import as_float_array, require_fraction, scalar_or_array

DEFAULT_RATE = 0.004
"""Without tiers: Binance's lowest BTC bracket (the same as ``margin.DEFAULT_MAINTENANCE_MARGIN_RATE``)."""


def _ladder(name: str, caps, values, rule: str, is_valid) -> tuple[np.ndarray, np.ndarray]:
    """The caps and one value per tier, checked: caps > 0 and strictly increasing, values by ``is_valid``."""
    cap = np.atleast_1d(as_float_array("tier_caps", caps)).ravel()
    value = np.atleast_1d(as_float_array(name, values)).ravel()
    if cap.size == 0:
        raise ValueError("tier_caps is empty")
    if cap.size != value.size:
        raise ValueError(f"tier_caps has {cap.size} tiers and {name} {value.size}")
    if not (np.isfinite(cap).all() and (cap > 0).all()):
        raise ValueError(f"tier_caps must be > 0 and finite, got {cap.tolist()!r}")
    if (np.diff(cap) <= 0).any():
        raise ValueError(f"tier_caps must increase from tier to tier, got {cap.tolist()!r}")
    if not is_valid(value).all():
        raise ValueError(f"{name} {rule}, got {value.tolist()!r}")
    return cap, value


def _tier_index(notional: np.ndarray, caps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the tier of each ``|notional|`` (a cap belongs to its tier), and whether it is within the last cap."""
    size = np.abs(notional)
    index = np.searchsorted(caps, size, side="left")
    return np.minimum(index, caps.size - 1), (size <= caps[-1]) & ~np.isnan(size)


def maintenance_amounts(tier_caps, tier_rates) -> np.ndarray:
    """The maintenance amount of each tier, USD, that makes the margin continuous at every cap.

    Examples
    --------
    >>> maintenance_amounts([50_000, 250_000, 1_000_000], [0.004, 0.005, 0.01]).tolist()
    [0.0, 50.0, 1300.0]
    """
    caps, rates = _ladder("tier_rates", tier_caps, tier_rates, "must be >= 0 and < 1 and never fall",
                          lambda r: np.isfinite(r) & (r >= 0) & (r < 1) & np.r_[True, np.diff(r) >= 0])
    return np.concatenate(([0.0], np.cumsum(caps[:-1] * np.diff(rates))))


def maintenance_tier(notional, tier_caps, tier_rates):
    """Maintenance margin rate and amount of the tier a position falls in.

    Parameters
    ----------
    notional : float or array
        Position notional, USD (the sign is ignored: a short is sized like a long).
    tier_caps : sequence of float
        Upper bound of each tier's notional, USD, increasing.
    tier_rates : sequence of float
        Each tier's maintenance margin rate, fraction in [0, 1), never falling.

    Returns
    -------
    (rate, amount) : floats or arrays
        Rate (fraction) and maintenance amount (USD) to use in
        :func:`hedgebook.core.liquidation_price`; NaN for a position above the
        last cap (the venue does not take it).

    Examples
    --------
    >>> caps = [50_000, 250_000, 1_000_000, 10_000_000, 20_000_000]
    >>> rates = [0.004, 0.005, 0.01, 0.025, 0.05]
    >>> maintenance_tier(-15_000_000, caps, rates)
    (0.05, 266300.0)
    >>> maintenance_tier(50_000, caps, rates)
    (0.004, 0.0)
    """
    amounts = maintenance_amounts(tier_caps, tier_rates)
    caps = np.atleast_1d(np.asarray(tier_caps, dtype=float)).ravel()
    rates = np.atleast_1d(np.asarray(tier_rates, dtype=float)).ravel()
    index, inside = _tier_index(as_float_array("notional", notional), caps)
    rate = np.where(inside, rates[index], np.nan)
    amount = np.where(inside, amounts[index], np.nan)
    return scalar_or_array(rate), scalar_or_array(amount)


def tier_max_leverage(notional, tier_caps, tier_leverages):
    """The highest leverage a venue allows for a position of this size.

    Parameters
    ----------
    notional : float or array
        Position notional, USD (sign ignored).
    tier_caps : sequence of float
        Upper bound of each tier's notional, USD, increasing.
    tier_leverages : sequence of float
        Each tier's maximum leverage, > 0.

    Returns
    -------
    float or array
        Leverage (125 = 125×); NaN above the last cap.

    Examples
    --------
    >>> tier_max_leverage(15_000_000, [50_000, 10_000_000, 20_000_000], [125, 20, 10])
    10.0
    """
    caps, leverages = _ladder("tier_leverages", tier_caps, tier_leverages, "must be > 0",
                              lambda v: np.isfinite(v) & (v > 0))
    index, inside = _tier_index(as_float_array("notional", notional), caps)
    return scalar_or_array(np.where(inside, leverages[index], np.nan))


def maintenance_rate(notional, tier_caps=None, tier_rates=None, default_rate=DEFAULT_RATE):
    """The maintenance margin rate of a position: its tier's when the contract's tiers are given, else one rate.

    Parameters
    ----------
    notional : float or array
        Position notional, USD (sign ignored).
    tier_caps, tier_rates : sequence of float, optional
        The contract's tiers (see :func:`maintenance_tier`).
    default_rate : float
        The rate without tiers, fraction in [0, 1) (default 0.004).

    Returns
    -------
    float or array
        Fraction; NaN above the last tier or for a NaN notional.

    Examples
    --------
    >>> maintenance_rate(-15_000_000, [10_000_000, 20_000_000], [0.025, 0.05]), maintenance_rate(-15_000_000)
    (0.05, 0.004)
    """
    if tier_caps is not None or tier_rates is not None:
        if tier_caps is None or tier_rates is None:
            raise ValueError("tier_caps and tier_rates go together")
        return maintenance_tier(notional, tier_caps, tier_rates)[0]
    size = as_float_array("notional", notional)
    rate = as_float_array("default_rate", default_rate)
    require_fraction("default_rate", rate)
    return scalar_or_array(np.where(np.isnan(size), np.nan, rate + 0.0 * size))
