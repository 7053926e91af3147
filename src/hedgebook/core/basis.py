"""Basis and carry of dated futures, and switching or rolling a hedge.

Basis = futures price − spot (index) price: contango > 0, backwardation < 0.
A dated future's basis is assumed to converge linearly to zero at expiry, so
a long pays the contango basis over the contract's life and a short earns it.
Costs are USD, positive = the user pays.
"""

from __future__ import annotations

import numpy as np

from ._arrays import as_float_array, require_non_negative, require_positive, scalar_or_array
from .constants import TRADE_LEGS_OPEN_CLOSE
from .costs import trading_cost
from .funding import funding_cost
from .time_units import DAYS_PER_YEAR

ROLL_COUNT_EPSILON = 1e-9
"""Slack so that a horizon of exactly two contract lives (up to binary noise) counts one roll, not two."""


def basis(spot_price, futures_price, as_fraction=False):
    """Futures price minus spot price, in USD or as a fraction of spot.

    Parameters
    ----------
    spot_price : float or array
        Spot (index) price, USD, > 0.
    futures_price : float or array
        Futures price, USD, > 0.
    as_fraction : bool, optional
        Return ``F / S − 1`` instead of ``F − S``.

    Returns
    -------
    float or array
        USD per coin, or a fraction; contango > 0.

    Examples
    --------
    >>> basis(60_000, 61_200)
    1200.0
    >>> round(basis(60_000, 61_200, as_fraction=True), 12)
    0.02
    """
    spot = as_float_array("spot_price", spot_price)
    futures = as_float_array("futures_price", futures_price)
    require_positive("spot_price", spot)
    require_positive("futures_price", futures)
    return scalar_or_array(futures / spot - 1.0 if as_fraction else futures - spot)


def annualized_basis(spot_price, futures_price, days_to_expiry):
    """Basis as a simple annual rate: ``(F / S − 1) × 365 / days_to_expiry``.

    Parameters
    ----------
    spot_price, futures_price : float or array
        USD, > 0.
    days_to_expiry : float or array
        Days until the future expires, > 0 (see
        :func:`hedgebook.core.dates.days_to_expiry`).

    Returns
    -------
    float or array
        Decimal per year; contango > 0.

    Examples
    --------
    >>> round(annualized_basis(60_000, 61_200, 73), 12)
    0.1
    """
    fraction = as_float_array("basis", basis(spot_price, futures_price, as_fraction=True))
    days = as_float_array("days_to_expiry", days_to_expiry)
    require_positive("days_to_expiry", days)
    return scalar_or_array(fraction * DAYS_PER_YEAR / days)


def dated_carry(notional, spot_price, futures_price, days, days_to_expiry):
    """Cost of holding a dated future for ``days`` as its basis converges to zero.

    ``notional × (F / S − 1) × min(days, days_to_expiry) / days_to_expiry``:
    the part of today's basis that decays while the position is held (a
    contract cannot be held past expiry).

    Parameters
    ----------
    notional : float or array
        Signed exposure, USD at spot, negative = short.
    spot_price, futures_price : float or array
        USD, > 0.
    days : float or array
        Holding period, days, >= 0.
    days_to_expiry : float or array
        Days until expiry, > 0.

    Returns
    -------
    float or array
        USD, positive = the user pays (a long in contango), negative = the
        user earns (a short in contango).

    Examples
    --------
    >>> round(dated_carry(-15_000, 60_000, 61_200, 73, 73), 9)
    -300.0
    """
    position = as_float_array("notional", notional)
    fraction = as_float_array("basis", basis(spot_price, futures_price, as_fraction=True))
    held = as_float_array("days", days)
    expiry = as_float_array("days_to_expiry", days_to_expiry)
    require_non_negative("days", held)
    require_positive("days_to_expiry", expiry)
    return scalar_or_array(position * fraction * np.minimum(held, expiry) / expiry)


def switch_gain(
    notional,
    funding_rate,
    spot_price,
    futures_price,
    days_to_expiry,
    interval_hours=None,
    fee_rate=None,
    slippage_bps=None,
):
    """Money saved by moving a perpetual hedge into a dated future until its expiry.

    ``perp funding over days_to_expiry − dated carry until expiry − fees and
    slippage`` of the two trades (close the perpetual, open the dated future;
    the dated future then settles at expiry), as :func:`roll_cost` counts them.  The funding rate is assumed to stay at
    its current value.

    Parameters
    ----------
    notional : float or array
        Signed hedge notional, USD, negative = short.
    funding_rate : float or array
        Perpetual funding, decimal per interval, positive = longs pay shorts.
    spot_price, futures_price : float or array
        Spot (index) and dated-future prices, USD, > 0.
    days_to_expiry : float or array
        Days until the dated future expires, > 0.
    interval_hours : float or array, optional
        Perpetual funding interval, hours (default 8).
    fee_rate : float or array, optional
        Fee per trade as a fraction of notional.
    slippage_bps : float or array, optional
        Slippage per trade, basis points.

    Returns
    -------
    float or array
        USD; positive = switching saves money, negative = stay in the perpetual.

    Examples
    --------
    A 15 000 short earns 328.50 of funding at 0.01 %/8 h over 73 days, but
    only 300 of basis in the dated contract: switching loses 28.50 before fees.

    >>> round(switch_gain(-15_000, 0.0001, 60_000, 61_200, 73), 9)
    -28.5

    With 0.05 % fees and 10 bps of slippage on each of the two trades: 2 × 15 000 × 0.0015 = 45 more

    >>> round(switch_gain(-15_000, 0.0001, 60_000, 61_200, 73, fee_rate=0.0005, slippage_bps=10), 9)
    -73.5
    """
    perpetual = as_float_array("funding", funding_cost(notional, funding_rate, days_to_expiry, interval_hours))
    dated = as_float_array(
        "carry", dated_carry(notional, spot_price, futures_price, days_to_expiry, days_to_expiry)
    )
    fees = as_float_array("fees", trading_cost(notional, fee_rate, slippage_bps, TRADE_LEGS_OPEN_CLOSE))
    return scalar_or_array(perpetual - dated - fees)


def roll_cost(notional, near_price, far_price, fee_rate=None, slippage_bps=None):
    """Cost of rolling a dated position from the near expiry to the far one.

    ``notional × (far / near − 1)`` — the calendar spread, i.e. the carry
    locked in until the far expiry: a long pays contango, a short earns it —
    plus fees and slippage on the two trades (close near, open far).

    Parameters
    ----------
    notional : float or array
        Signed position notional, USD, negative = short.
    near_price, far_price : float or array
        Prices of the expiring and of the next contract, USD, > 0.
    fee_rate : float or array, optional
        Fee per trade as a fraction of notional.
    slippage_bps : float or array, optional
        Slippage per trade, basis points.

    Returns
    -------
    float or array
        USD, positive = the user pays.

    Examples
    --------
    >>> round(roll_cost(10_000, 60_000, 60_600, 0.0005, 1), 9)
    112.0
    """
    position = as_float_array("notional", notional)
    spread = as_float_array("spread", basis(near_price, far_price, as_fraction=True))
    trades = as_float_array("fees", trading_cost(notional, fee_rate, slippage_bps, TRADE_LEGS_OPEN_CLOSE))
    return scalar_or_array(position * spread + trades)


def roll_count(days, days_to_expiry):
    """How many times a dated hedge held for ``days`` must be rolled into the next contract.

    ``ceil(days / days_to_expiry) − 1``, at least 0, with the next contracts
    assumed to last as long as this one.

    Examples
    --------
    >>> roll_count(100, 73), roll_count(73, 73), roll_count(30, 73)
    (1.0, 0.0, 0.0)
    """
    held = as_float_array("days", days)
    expiry = as_float_array("days_to_expiry", days_to_expiry)
    require_non_negative("days", held)
    require_positive("days_to_expiry", expiry)
    return scalar_or_array(np.maximum(np.ceil(held / expiry - ROLL_COUNT_EPSILON) - 1.0, 0.0))


def dated_hedge_cost(notional, spot_price, futures_price, days, days_to_expiry, fee_rate=None, slippage_bps=None):
    """Cost of hedging with dated futures for ``days``, rolling into the next contract at each expiry.

    Up to expiry this is :func:`dated_carry`.  Past it, the hedge is rolled
    ``roll_count(days, days_to_expiry)`` times; each roll is a
    :func:`roll_cost`: the next contract's basis, assumed equal to today's
    (F / S − 1 over the same life), and the fees and slippage of closing the
    expiring contract and opening the next.  The basis of the last contract
    that has not decayed at the horizon comes back when the hedge is closed,
    so the total is::

        notional × (F / S − 1) × days / days_to_expiry + rolls × (fees + slippage of two trades)

    Parameters
    ----------
    notional : float or array
        Signed hedge notional, USD, negative = short.
    spot_price, futures_price : float or array
        USD, > 0.
    days : float or array
        Horizon, days, >= 0.
    days_to_expiry : float or array
        Days until the contract expires, > 0.
    fee_rate, slippage_bps : float or array, optional
        Per trade: fee as a fraction of notional, slippage in basis points.

    Returns
    -------
    float or array
        USD, positive = the user pays.

    Examples
    --------
    Short 15 000 in contango of 2 % over 73 days, for 100 days: one roll.
    Basis earned 15 000 × 2 % × 100 / 73 = 410.96; the roll's two trades at
    0.05 % + 10 bps cost 45.

    >>> round(dated_hedge_cost(-15_000, 60_000, 61_200, 100, 73, 0.0005, 10), 2)
    -365.96
    >>> round(dated_hedge_cost(-15_000, 60_000, 61_200, 30, 73, 0.0005, 10), 2)  # no roll: dated_carry
    -123.29
    """
    held = as_float_array("days", days)
    expiry = as_float_array("days_to_expiry", days_to_expiry)
    rolls = as_float_array("rolls", roll_count(held, expiry))
    one_life = as_float_array("carry", dated_carry(notional, spot_price, futures_price, expiry, expiry))
    trades = as_float_array("fees", trading_cost(notional, fee_rate, slippage_bps, TRADE_LEGS_OPEN_CLOSE))
    return scalar_or_array(one_life * held / expiry + rolls * trades)
