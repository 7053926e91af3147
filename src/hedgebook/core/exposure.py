"""Exposure and hedge sizing.

Signs (docs/CONVENTIONS.md): values and notionals are signed USD, negative = short;
quantities and contracts are signed, negative = short.  Net exposure of an
asset is its spot value plus its futures notional.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ._arrays import (
    as_float_array,
    optional_float_array,
    require,
    require_non_negative,
    require_positive,
    scalar_or_array,
)
from .constants import LOT_ROUNDING_EPSILON

MAX_LOT_DECIMALS = 15


def net_exposure(spot_value, futures_notional, portfolio_value=None, hedge_ratio=None):
    """Net exposure of an asset: spot value plus futures notional (over the hedge ratio β, when given).

    Parameters
    ----------
    spot_value : float or array
        Value of the coins held, USD (>= 0 for holdings; negative is allowed
        for a borrowed asset).
    futures_notional : float or array
        Signed USD notional of futures on the asset, negative = short.
    portfolio_value : float or array, optional
        Portfolio value, USD, > 0.  When given, the result is a weight.
    hedge_ratio : float or array, optional
        β of the futures' contract against the asset, > 0 (default 1): a
        futures notional N counts as N / β of the asset's exposure (see
        :func:`hedge_notional`).

    Returns
    -------
    float or array
        Signed USD, or a fraction of ``portfolio_value`` (0.5 = 50 %).

    Examples
    --------
    >>> net_exposure(65_000, -15_000)
    50000.0
    >>> net_exposure(65_000, -15_000, 100_000)
    0.5
    >>> net_exposure(65_000, -15_000, hedge_ratio=1.5)
    55000.0
    """
    spot = as_float_array("spot_value", spot_value)
    futures = as_float_array("futures_notional", futures_notional)
    ratio = optional_float_array("hedge_ratio", hedge_ratio, 1.0)
    require_positive("hedge_ratio", ratio)
    exposure = spot + futures / ratio
    if portfolio_value is not None:
        portfolio = as_float_array("portfolio_value", portfolio_value)
        require_positive("portfolio_value", portfolio)
        exposure = exposure / portfolio
    return scalar_or_array(exposure)


def hedge_notional(current_exposure, target_weight, portfolio_value, hedge_ratio=None):
    """Signed futures notional to add so that exposure reaches its target.

    ``hedge_ratio × (target_weight × portfolio_value − current_exposure)``.
    With a hedge ratio β (USD of hedge per USD of spot exposure, see
    :func:`hedgebook.core.history.hedge_ratio`), a futures notional N counts
    as N / β of the asset's exposure, so closing a gap of G takes β × G.

    Parameters
    ----------
    current_exposure : float or array
        Current net exposure, signed USD.
    target_weight : float or array
        Target weight, fraction of portfolio value (0.5 = 50 %).
    portfolio_value : float or array
        Portfolio value, USD, > 0.
    hedge_ratio : float or array, optional
        β, > 0 (default 1: notional matching).  ``current_exposure`` must
        then count futures as notional / β.

    Returns
    -------
    float or array
        Signed USD to add: negative = sell (short) futures, positive = buy.

    Examples
    --------
    >>> hedge_notional(65_000, 0.5, 100_000)
    -15000.0
    >>> hedge_notional(65_000, 0.5, 100_000, hedge_ratio=1.2)
    -18000.0
    """
    exposure = as_float_array("current_exposure", current_exposure)
    weight = as_float_array("target_weight", target_weight)
    portfolio = as_float_array("portfolio_value", portfolio_value)
    require_positive("portfolio_value", portfolio)
    ratio = optional_float_array("hedge_ratio", hedge_ratio, 1.0)
    require_positive("hedge_ratio", ratio)
    return scalar_or_array(ratio * (weight * portfolio - exposure) + 0.0)


def round_to_lot(size, lot_size):
    """Round a signed size toward zero to a whole number of lots.

    Magnitudes are cut down to whole lots, never rounded up: an order never
    takes exposure past its target, and a size below one lot becomes 0.  A
    tolerance of ``LOT_ROUNDING_EPSILON`` lots keeps binary noise such as
    0.30000000000000004 / 0.1 from losing a lot.  ``lot_size`` of 0 means no
    rounding.

    Parameters
    ----------
    size : float or array
        Signed size, contracts (or coins).
    lot_size : float or array
        Lot (step) size in the same units, >= 0.

    Returns
    -------
    float or array
        Signed size, a whole number of lots.

    Examples
    --------
    >>> round_to_lot(-0.2537, 0.001)
    -0.253
    """
    values = as_float_array("size", size)
    lots = as_float_array("lot_size", lot_size)
    require_non_negative("lot_size", lots)
    with np.errstate(divide="ignore", invalid="ignore"):
        whole_lots = np.floor(np.abs(values) / lots + LOT_ROUNDING_EPSILON)
        rounded = np.sign(values) * whole_lots * lots
    # Lot-sized values print exactly: -254 × 0.001 gives -0.254, not -0.25400000000000006.
    rounded = np.round(rounded, lot_decimals(lots))
    return scalar_or_array(np.where(lots > 0, rounded, values) + 0.0)


def lot_decimals(lots: np.ndarray) -> int:
    """Decimals that write every lot size exactly (0.001 → 3, 1.25 → 2), at most 15."""
    flat = np.atleast_1d(lots)
    positive = flat[np.isfinite(flat) & (flat > 0)]
    if positive.size == 0:
        return MAX_LOT_DECIMALS
    return max(_decimals_of(float(lot)) for lot in np.unique(positive))


def _decimals_of(value: float) -> int:
    """Decimal places in the shortest text that reads back as ``value``."""
    exponent = Decimal(repr(value)).as_tuple().exponent
    return min(MAX_LOT_DECIMALS, max(0, -int(exponent)))


def hedge_size(
    current_exposure,
    target_weight,
    portfolio_value,
    price,
    contract_size=None,
    lot_size=None,
    inverse=False,
    hedge_ratio=None,
):
    """Signed number of contracts that brings exposure to its target weight.

    Parameters
    ----------
    current_exposure : float or array
        Current net exposure, signed USD.
    target_weight : float or array
        Target weight, fraction of portfolio value.
    portfolio_value : float or array
        Portfolio value, USD, > 0.
    price : float or array
        Price of the asset (mark price of the contract), USD per coin, > 0.
    contract_size : float or array, optional
        Linear contracts: coins per contract (default 1, i.e. size in coins).
        Inverse contracts: USD per contract (required, e.g. 100).
    lot_size : float or array, optional
        Step in contracts; the result is rounded to the nearest lot without
        flipping sign.  Default: no rounding.
    inverse : bool or array of bool, optional
        True for inverse (coin-margined) contracts.
    hedge_ratio : float or array, optional
        β of the hedge contract against the asset, > 0 (default 1: notional
        matching); see :func:`hedge_notional`.

    Returns
    -------
    float or array
        Contracts to trade: negative = sell (short), positive = buy (long).

    Examples
    --------
    >>> hedge_size(65_000, 0.5, 100_000, 60_000)
    -0.25
    >>> hedge_size(35_000, 0.5, 100_000, 3_000)
    5.0
    >>> hedge_size(65_000, 0.5, 100_000, 60_000, hedge_ratio=2.0)
    -0.5
    """
    notional = as_float_array(
        "hedge notional", hedge_notional(current_exposure, target_weight, portfolio_value, hedge_ratio)
    )
    prices = as_float_array("price", price)
    require_positive("price", prices)
    single_flag = inverse is None or isinstance(inverse, (bool, np.bool_))
    is_inverse = bool(inverse) if single_flag else np.asarray(inverse, dtype=bool)
    if contract_size is None and np.any(is_inverse):
        raise ValueError("contract_size is required for inverse contracts (USD per contract)")
    sizes = optional_float_array("contract_size", contract_size, 1.0)
    require_positive("contract_size", sizes)
    if single_flag:
        usd_per_contract = sizes if is_inverse else sizes * prices
    else:
        usd_per_contract = np.where(is_inverse, sizes, sizes * prices)
    contracts = notional / usd_per_contract
    if lot_size is not None:
        contracts = as_float_array("contracts", round_to_lot(contracts, lot_size))
    return scalar_or_array(contracts)


def stress_pnl(spot_value, futures_notional, shock):
    """Profit and loss of an asset's net position for a relative price move.

    ``(spot_value + futures_notional) × shock``: spot and linear futures both
    move with the price, so a fully hedged asset (net 0) neither gains nor loses.

    Parameters
    ----------
    spot_value : float or array
        Spot value, USD.
    futures_notional : float or array
        Signed futures notional, USD, negative = short.
    shock : float or array
        Relative price move, -0.2 = price falls 20 %; must be >= -1.

    Returns
    -------
    float or array
        Signed USD: positive = gain, negative = loss.

    Examples
    --------
    >>> stress_pnl(65_000, -15_000, -0.2)
    -10000.0
    """
    spot = as_float_array("spot_value", spot_value)
    futures = as_float_array("futures_notional", futures_notional)
    move = as_float_array("shock", shock)
    require("shock", move, lambda v: np.isfinite(v) & (v >= -1), "must be >= -1 (a price cannot fall below 0)")
    return scalar_or_array((spot + futures) * move)
