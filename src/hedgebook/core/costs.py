"""What a rebalance costs: selling spot versus hedging with futures.

Costs are USD, positive = the user pays, negative = the user receives.
"""

from __future__ import annotations

import numpy as np

from ._arrays import (
    as_float_array,
    optional_float_array,
    require,
    require_fraction,
    require_non_negative,
    require_positive,
    scalar_or_array,
)
from .constants import BPS_PER_UNIT, TRADE_LEGS_OPEN_CLOSE
from .funding import funding_cost


def trading_cost(notional, fee_rate=None, slippage_bps=None, legs=1):
    """Fees and slippage of trading ``abs(notional)`` ``legs`` times.

    Parameters
    ----------
    notional : float or array
        Signed USD traded per leg (the sign does not matter).
    fee_rate : float or array, optional
        Fee as a fraction of notional (0.001 = 0.1 %), >= 0; default 0.
    slippage_bps : float or array, optional
        Slippage against the quoted price, basis points, >= 0; default 0.
    legs : int
        Number of trades of that size (2 = open and close).

    Returns
    -------
    float or array
        USD paid, >= 0.

    Examples
    --------
    >>> trading_cost(-15_000, 0.001, 10)
    30.0
    """
    size = np.abs(as_float_array("notional", notional))
    fee = optional_float_array("fee_rate", fee_rate, 0.0)
    slippage = optional_float_array("slippage_bps", slippage_bps, 0.0)
    require_fraction("fee_rate", fee)
    require_non_negative("slippage_bps", slippage)
    return scalar_or_array(size * legs * (fee + slippage / BPS_PER_UNIT))


def spot_rebalance_cost(trade_value, price, cost_basis, fee_rate=None, slippage_bps=None, tax_rate=None):
    """Cost of rebalancing by trading spot: fees, slippage and tax on the gain.

    Parameters
    ----------
    trade_value : float or array
        Signed USD traded: negative = sell coins, positive = buy.
    price : float or array
        Current price, USD per coin, > 0.
    cost_basis : float or array
        Average purchase price of the coins sold, USD per coin, >= 0.
    fee_rate : float or array, optional
        Fee as a fraction of the value traded (0.001 = 0.1 %).
    slippage_bps : float or array, optional
        Slippage, basis points of the value traded.
    tax_rate : float or array, optional
        Tax on realized gains (0.25 = 25 %); realized losses are not credited.

    Returns
    -------
    float or array
        USD, positive = the user pays.

    Examples
    --------
    Selling 15 000 of BTC bought at 20 000, now 60 000, 0.1 % fee,
    10 bps slippage, 25 % tax: 15 + 15 + 2 500.

    >>> round(spot_rebalance_cost(-15_000, 60_000, 20_000, 0.001, 10, 0.25), 9)
    2530.0
    """
    traded = as_float_array("trade_value", trade_value)
    prices = as_float_array("price", price)
    basis = as_float_array("cost_basis", cost_basis)
    tax = optional_float_array("tax_rate", tax_rate, 0.0)
    require_positive("price", prices)
    require_non_negative("cost_basis", basis)
    require("tax_rate", tax, lambda v: (v >= 0) & (v <= 1), "must be between 0 and 1")
    coins_sold = np.maximum(-traded, 0.0) / prices
    realized_gain = np.maximum(coins_sold * (prices - basis), 0.0)
    fees_and_slippage = as_float_array("cost", trading_cost(traded, fee_rate, slippage_bps))
    return scalar_or_array(fees_and_slippage + realized_gain * tax)


def futures_rebalance_cost(notional, funding_rate, days, interval_hours=None, fee_rate=None, slippage_bps=None):
    """Cost of rebalancing with a perpetual hedge held over a horizon.

    Opening and closing fees and slippage (two legs), plus funding over
    ``days`` (see :func:`hedgebook.core.funding.funding_cost`).

    Parameters
    ----------
    notional : float or array
        Signed hedge notional, USD, negative = short.
    funding_rate : float or array
        Decimal per interval, positive = longs pay shorts.
    days : float or array
        Horizon, days.
    interval_hours : float or array, optional
        Funding interval, hours (default 8).
    fee_rate, slippage_bps : float or array, optional
        Per leg, as in :func:`trading_cost`.

    Returns
    -------
    float or array
        USD, positive = the user pays; can be negative when funding received
        exceeds the fees.

    Examples
    --------
    >>> round(futures_rebalance_cost(-15_000, 0.0001, 30, 8, 0.0005, 2), 9)
    -114.0
    """
    trades = as_float_array("cost", trading_cost(notional, fee_rate, slippage_bps, TRADE_LEGS_OPEN_CLOSE))
    funding = as_float_array("funding", funding_cost(notional, funding_rate, days, interval_hours))
    return scalar_or_array(trades + funding)
