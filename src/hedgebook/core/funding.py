"""Funding of perpetual futures.

Convention (the venues' own, docs/CONVENTIONS.md): the funding rate is a decimal per
funding interval, and **a positive rate means longs pay shorts**.  The payment
per interval is ``notional × rate``; as a *cost* it is positive when the user
pays and negative when the user receives, so a short (negative notional)
*earns* positive funding.
"""

from __future__ import annotations

import math

import numpy as np

from ._arrays import as_float_array, optional_float_array, require_non_negative, require_positive, scalar_or_array
from .constants import DEFAULT_FUNDING_INTERVAL_H
from .time_units import DAYS_PER_YEAR, HOURS_PER_DAY


def funding_periods(days, interval_hours=None):
    """Number of funding intervals in ``days`` (fractional, not rounded).

    Parameters
    ----------
    days : float or array
        Horizon, days, >= 0.
    interval_hours : float or array, optional
        Funding interval, hours, > 0 (default 8).

    Examples
    --------
    >>> funding_periods(30)
    90.0
    """
    horizon = as_float_array("days", days)
    require_non_negative("days", horizon)
    interval = optional_float_array("interval_hours", interval_hours, DEFAULT_FUNDING_INTERVAL_H)
    require_positive("interval_hours", interval)
    return scalar_or_array(horizon * HOURS_PER_DAY / interval)


def funding_cost(notional, funding_rate, days, interval_hours=None):
    """Funding paid over a horizon by a perpetual position held at constant notional.

    ``notional × funding_rate × days × 24 / interval_hours``.

    Parameters
    ----------
    notional : float or array
        Signed position notional at mark price, USD; negative = short.
    funding_rate : float or array
        Decimal per interval (0.0001 = 0.01 %); positive = longs pay shorts.
    days : float or array
        Horizon, days, >= 0.
    interval_hours : float or array, optional
        Funding interval, hours (default 8).

    Returns
    -------
    float or array
        Cost, USD: positive = the user pays, negative = the user receives.

    Examples
    --------
    A 15 000 USD short at +0.01 % per 8 h receives 135 over 30 days:

    >>> round(funding_cost(-15_000, 0.0001, 30), 10)
    -135.0
    >>> round(funding_cost(-15_000, 0.0001, 30, 4), 10)
    -270.0

    A rate of 0 costs nothing however often it is charged, so an unknown
    (NaN) interval gives 0 there, not NaN (a dated future's "funding"):

    >>> funding_cost(-15_000, 0.0, 30, float("nan"))
    0.0
    """
    position = as_float_array("notional", notional)
    rate = as_float_array("funding_rate", funding_rate)
    horizon = as_float_array("days", days)
    periods = as_float_array("periods", funding_periods(horizon, interval_hours))
    cost = position * rate * periods
    if np.any(rate == 0):
        cost = np.where((rate == 0) & np.isnan(periods) & ~np.isnan(horizon) & np.isfinite(position), 0.0, cost)
    return scalar_or_array(cost)


def funding_apr(funding_rate, interval_hours=None):
    """Funding rate annualized, simple (not compounded).

    ``funding_rate × 24 / interval_hours × 365``.

    Parameters
    ----------
    funding_rate : float or array
        Decimal per interval.
    interval_hours : float or array, optional
        Funding interval, hours (default 8).

    Returns
    -------
    float or array
        Decimal per year (0.1095 = 10.95 %); positive = longs pay shorts.

    Examples
    --------
    >>> round(funding_apr(0.0001), 12)
    0.1095
    >>> funding_apr(0.0, float("nan"))  # no funding, whatever the interval
    0.0
    """
    if type(funding_rate) is float and type(interval_hours) is float and 0 < interval_hours < math.inf:
        return funding_rate * (DAYS_PER_YEAR * HOURS_PER_DAY / interval_hours)  # one market row: the same steps
    rate = as_float_array("funding_rate", funding_rate)
    periods_per_year = as_float_array("periods", funding_periods(DAYS_PER_YEAR, interval_hours))
    apr = rate * periods_per_year
    if np.any(rate == 0):
        apr = np.where((rate == 0) & np.isnan(periods_per_year), 0.0, apr)
    return scalar_or_array(apr)
