"""Statistics of past daily prices and funding rates: how well a hedge tracks the coins, and what funding was.

Prices are daily closes, oldest first, USD, > 0; a NaN (a day a series lacks)
drops that day from both series of a pair.  Returns are daily log returns
``r = ln(P_t / P_{t−1})`` of consecutive days both series have.  Funding
rates are decimals per funding interval, positive = longs pay shorts
(docs/CONVENTIONS.md); each record carries its own interval, since a venue can change
a symbol's interval.  Degenerate input (too few days, a constant series) gives
NaN; a bad parameter (series of unequal length, a price ≤ 0) raises
``ValueError`` naming it.
"""

from __future__ import annotations

import math

import numpy as np

from ._arrays import require_positive
from .time_units import DAYS_PER_YEAR, HOURS_PER_DAY, MS_PER_HOUR

MIN_RETURNS = 2
"""Returns a variance needs (with one degree of freedom taken by the mean)."""


def _series(name: str, values) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {values!r}") from None
    return array


def _paired_prices(spot_prices, hedge_prices, hedge_name: str = "hedge_prices") -> tuple[np.ndarray, np.ndarray]:
    """The two series on the days both have, checked (> 0, equal lengths)."""
    spot, hedge = _series("spot_prices", spot_prices), _series(hedge_name, hedge_prices)
    if spot.shape != hedge.shape:
        raise ValueError(f"spot_prices and {hedge_name} must have as many days, got {spot.size} and {hedge.size}")
    require_positive("spot_prices", spot)
    require_positive(hedge_name, hedge)
    both = ~(np.isnan(spot) | np.isnan(hedge))
    return spot[both], hedge[both]


def log_returns(prices) -> np.ndarray:
    """Daily log returns ``ln(P_t / P_{t−1})`` of consecutive values (NaN values dropped first).

    Examples
    --------
    >>> [round(float(r), 6) for r in log_returns([100.0, 110.0, 99.0])]
    [0.09531, -0.105361]
    """
    values = _series("prices", prices)
    require_positive("prices", values)
    values = values[~np.isnan(values)]
    return np.diff(np.log(values))


def _paired_returns(spot_prices, hedge_prices) -> tuple[np.ndarray, np.ndarray]:
    spot, hedge = _paired_prices(spot_prices, hedge_prices)
    return np.diff(np.log(spot)), np.diff(np.log(hedge))


def hedge_ratio(spot_prices, hedge_prices) -> float:
    """Minimum-variance hedge ratio h* = cov(r_S, r_F) / var(r_F) (Hull), from daily log returns.

    Parameters
    ----------
    spot_prices, hedge_prices : array
        Daily closes of the coins held and of the hedge contract, same days, oldest first, USD.

    Returns
    -------
    float
        USD of hedge per USD of spot exposure (1 = notional matching); NaN with fewer than two returns
        or a hedge whose price never moved.

    Examples
    --------
    A hedge that moves half as much as the coins, day by day, needs twice the notional:

    >>> hedge = [100.0, 101.0, 100.0, 102.0]
    >>> spot = [100.0 * (h / 100.0) ** 2 for h in hedge]
    >>> round(hedge_ratio(spot, hedge), 12)
    2.0
    """
    spot, hedge = _paired_returns(spot_prices, hedge_prices)
    if spot.size < MIN_RETURNS:
        return math.nan
    variance = float(np.var(hedge, ddof=1))
    if variance == 0:
        return math.nan
    return float(np.cov(spot, hedge, ddof=1)[0, 1]) / variance


def hedge_effectiveness(spot_prices, hedge_prices) -> float:
    """Share of the coins' daily variance a minimum-variance hedge removes: ρ² of the daily log returns.

    Returns
    -------
    float
        0 (no use) to 1 (perfect); NaN with fewer than two returns or a series that never moved.

    Examples
    --------
    >>> round(hedge_effectiveness([100.0, 110.0, 99.0, 105.0], [50.0, 55.0, 49.5, 52.5]), 12)
    1.0
    """
    spot, hedge = _paired_returns(spot_prices, hedge_prices)
    if spot.size < MIN_RETURNS or np.var(spot) == 0 or np.var(hedge) == 0:
        return math.nan
    correlation = float(np.corrcoef(spot, hedge)[0, 1])
    return correlation * correlation


def basis_vol(spot_prices, futures_prices) -> float:
    """Volatility of the basis: the sample standard deviation of daily changes of ``F / S − 1``.

    Returns
    -------
    float
        Decimal per day (0.001 = the basis moves by 0.1 % of spot on a typical day); NaN with fewer than
        two changes.

    Examples
    --------
    The basis goes 1 %, 2 %, 1 %: its changes are +1 % and −1 %, their deviation √2 %:

    >>> round(basis_vol([100.0, 100.0, 100.0], [101.0, 102.0, 101.0]), 12)
    0.014142135624
    """
    spot, futures = _paired_prices(spot_prices, futures_prices, "futures_prices")
    changes = np.diff(futures / spot - 1.0)
    if changes.size < MIN_RETURNS:
        return math.nan
    return float(np.std(changes, ddof=1))


def _rates_and_intervals(funding_rates, interval_hours) -> tuple[np.ndarray, np.ndarray]:
    rates = _series("funding_rates", funding_rates)
    intervals = _series("interval_hours", interval_hours)
    if intervals.size == 1:
        intervals = np.full(rates.shape, float(intervals[0]))
    if intervals.shape != rates.shape:
        raise ValueError(f"interval_hours must be one number or one per rate, got {intervals.size} for "
                         f"{rates.size} rates")
    require_positive("interval_hours", intervals)
    known = ~(np.isnan(rates) | np.isnan(intervals))
    return rates[known], intervals[known]


def realized_funding_apr(funding_rates, interval_hours) -> np.ndarray:
    """Each settled rate annualized with its own interval: ``rate × 24 / interval × 365`` (simple, not
    compounded); decimal per year, positive = longs paid shorts.  Unknown rates are dropped."""
    rates, intervals = _rates_and_intervals(funding_rates, interval_hours)
    return rates * (HOURS_PER_DAY * DAYS_PER_YEAR / intervals)


def funding_apr_mean(funding_rates, interval_hours) -> float:
    """Mean APR of the settled rates, time-weighted: total funding over the time the records cover.

    A record of an 8 h interval weighs twice one of 4 h, so a symbol whose interval changed is averaged
    over time, not over records.  Decimal per year; NaN without a rate.

    Examples
    --------
    Two 8 h records of 0.01 % and 0.03 %: 0.02 % per 8 h, 21.9 % a year:

    >>> round(funding_apr_mean([0.0001, 0.0003], 8.0), 12)
    0.219
    """
    rates, intervals = _rates_and_intervals(funding_rates, interval_hours)
    if rates.size == 0:
        return math.nan
    return float(rates.sum() / intervals.sum() * HOURS_PER_DAY * DAYS_PER_YEAR)


def funding_apr_vol(funding_rates, interval_hours) -> float:
    """Sample standard deviation of the records' APRs (:func:`realized_funding_apr`); NaN with fewer than
    two rates."""
    aprs = realized_funding_apr(funding_rates, interval_hours)
    return float(np.std(aprs, ddof=1)) if aprs.size >= MIN_RETURNS else math.nan


def share_positive(funding_rates) -> float:
    """Share of the settled rates above zero (longs paid shorts); NaN without a rate."""
    rates = _series("funding_rates", funding_rates)
    rates = rates[~np.isnan(rates)]
    return float(np.mean(rates > 0)) if rates.size else math.nan


def expected_funding(notional, funding_rates, interval_hours, days, deviations=1.0) -> tuple[float, float, float]:
    """Funding a position would pay over ``days`` if rates behave as they did: low, expected, high.

    The expected cost is ``notional × mean rate per hour × hours``; the band adds and takes
    ``deviations × |notional| × s.d. of the rates × √periods``, periods counted at the mean interval (the
    rates taken as independent from one settlement to the next).

    Parameters
    ----------
    notional : float
        Signed position notional, USD; negative = short.
    funding_rates, interval_hours : array, array or float
        Settled rates (decimal per interval) and their intervals, hours.
    days : float
        Horizon, days, >= 0.
    deviations : float
        Width of the band in standard deviations, >= 0.

    Returns
    -------
    tuple of float
        ``(low, expected, high)`` cost, USD: positive = the user pays, negative = the user receives.

    Examples
    --------
    A 10 000 USD short, rates 0.01 % and 0.03 % per 8 h, 30 days (90 settlements): receives
    10 000 × 0.02 % × 90 = 180 on average, give or take 10 000 × 0.0141 % × √90 = 13.42:

    >>> [round(x, 2) for x in expected_funding(-10_000.0, [0.0001, 0.0003], 8.0, 30.0)]
    [-193.42, -180.0, -166.58]
    """
    if not days >= 0 or not math.isfinite(days):
        raise ValueError(f"days must be >= 0, got {days!r}")
    if not deviations >= 0 or not math.isfinite(deviations):
        raise ValueError(f"deviations must be >= 0, got {deviations!r}")
    rates, intervals = _rates_and_intervals(funding_rates, interval_hours)
    if rates.size == 0 or not math.isfinite(notional):
        return math.nan, math.nan, math.nan
    hours = days * HOURS_PER_DAY
    expected = notional * float(rates.sum() / intervals.sum()) * hours
    if rates.size < MIN_RETURNS:
        return math.nan, expected, math.nan
    periods = hours / float(intervals.mean())
    spread = deviations * abs(notional) * float(np.std(rates, ddof=1)) * math.sqrt(periods)
    return expected - spread, expected, expected + spread


def expected_funding_at(notional, funding_rates, interval_hours, days, deviations=0.0) -> float:
    """Funding over ``days`` if rates behave as they did, ``deviations`` standard deviations from the expected
    cost (signed: +1 is the expected cost plus one spread, the user's worse case); see :func:`expected_funding`.

    Returns
    -------
    float
        USD; positive = the user pays, negative = the user receives.

    Examples
    --------
    The 10 000 USD short of :func:`expected_funding`, one deviation on the user's worse side:

    >>> round(expected_funding_at(-10_000.0, [0.0001, 0.0003], 8.0, 30.0, 1.0), 2)
    -166.58
    """
    if not math.isfinite(deviations):
        raise ValueError(f"deviations must be a number, got {deviations!r}")
    low, expected, high = expected_funding(notional, funding_rates, interval_hours, days, abs(deviations))
    return high if deviations > 0 else low if deviations < 0 else expected

RECENT_DAYS = 30
"""The recent window of a hedge's funding, days (Carry's "last 30 d")."""
BAND_DEVIATIONS = 1.0
"""Width of Carry's band around the expected funding, in standard deviations."""


def funding_apr_figures(funding_rates, interval_hours, recent_days: int = RECENT_DAYS) -> tuple[float, float, float]:
    """What a hedge's daily funding says: its mean APR over the last ``recent_days`` and over all the days, and the
    APR's volatility (decimal a year, positive = longs paid shorts; NaN where the history does not tell).

    ``funding_rates`` are each day's funding (decimal per interval), ``interval_hours`` the interval, oldest first.
    """
    funding, hours = np.asarray(funding_rates, dtype=float), np.asarray(interval_hours, dtype=float)
    recent = slice(-recent_days, None)
    return (funding_apr_mean(funding[recent], hours[recent]), funding_apr_mean(funding, hours),
            funding_apr_vol(funding, hours))


def fit_figures(spot_prices, hedge_prices, dated_prices) -> tuple[float, float, float]:
    """How a hedge's daily closes tracked the coins': β and R² of the hedge contract, and the dated alternative's
    basis volatility per day (NaN where the history does not tell).  Closes in USD, oldest first."""
    return (hedge_ratio(spot_prices, hedge_prices), hedge_effectiveness(spot_prices, hedge_prices),
            basis_vol(spot_prices, dated_prices))


def funding_band(notional, funding_rates, interval_hours, days) -> tuple[float, float, float]:
    """The funding over ``days`` on ``notional`` (signed USD; NaN: no order) if rates behave as they did: one
    :data:`BAND_DEVIATIONS` better, expected, one worse (USD, positive = you pay; NaN where the history does not
    tell).  See :func:`expected_funding`."""
    if not math.isfinite(notional):
        return (math.nan,) * 3
    return expected_funding(notional, funding_rates, interval_hours, days, BAND_DEVIATIONS)


STANDARD_FUNDING_INTERVALS_H = (1.0, 2.0, 4.0, 8.0)
"""The funding intervals venues use, hours."""
INTERVAL_TOLERANCE_H = 0.1
"""Slack, hours, when the time between two settlements is matched to a standard interval (venues stamp a
settlement a few milliseconds to seconds late)."""


def funding_intervals(times_ms, previous_ms=None, fallback_h=math.nan) -> np.ndarray:
    """Hours each settled funding record covers: the time since the settlement before it, where that is a
    standard interval (1, 2, 4 or 8 h, ± :data:`INTERVAL_TOLERANCE_H`); else ``fallback_h``.

    A venue that changes a symbol's interval (8 h → 4 h) shows it here, record by record.  A longer gap (a
    settlement missing from the venue's record) or the first record with none before it gets ``fallback_h``
    (the symbol's current interval), so a gap never passes for an interval of 16 h.

    Parameters
    ----------
    times_ms : array of int
        Settlement times, milliseconds since the epoch, strictly increasing.
    previous_ms : int, optional
        The settlement before the first one (the newest already stored), if known.
    fallback_h : float
        Interval, hours, for a record whose gap does not tell.

    Raises
    ------
    ValueError
        When the times are not strictly increasing, or ``previous_ms`` is not before the first.

    Examples
    --------
    Three 8 h settlements, then the venue moves the symbol to 4 h:

    >>> h = 3_600_000
    >>> funding_intervals([0, 8 * h, 16 * h, 20 * h, 24 * h], fallback_h=8.0).tolist()
    [8.0, 8.0, 8.0, 4.0, 4.0]
    >>> funding_intervals([40 * h], previous_ms=24 * h, fallback_h=4.0).tolist()  # 16 h: a gap
    [4.0]

    One settlement missing on a 4 h symbol leaves a gap of 8 h between two of 4 h: still 4 h, not a change

    >>> funding_intervals([0, 4 * h, 8 * h, 16 * h, 20 * h], fallback_h=4.0).tolist()
    [4.0, 4.0, 4.0, 4.0, 4.0]
    """
    times = _series("times_ms", times_ms)
    if times.size and previous_ms is not None:
        times = np.concatenate(([float(previous_ms)], times))
    gaps = np.diff(times) / MS_PER_HOUR
    if np.any(~(gaps > 0)):
        raise ValueError(f"times_ms must be strictly increasing (and after previous_ms), got {times_ms!r}")
    intervals = np.full(gaps.shape, float(fallback_h))
    for standard in STANDARD_FUNDING_INTERVALS_H:
        intervals[np.abs(gaps - standard) <= INTERVAL_TOLERANCE_H] = standard
    intervals = _missed_settlements_read_as_such(intervals, float(fallback_h))
    if previous_ms is None and times.size:
        intervals = np.concatenate(([float(fallback_h)], intervals))
    return intervals


def _is_multiple(gap: float, interval: float) -> bool:
    """Whether ``gap`` is two or more whole ``interval``s (a settlement or more missing in between)."""
    if not (interval > 0 and gap > interval + INTERVAL_TOLERANCE_H):
        return False
    count = round(gap / interval)
    return count >= 2 and abs(gap - count * interval) <= INTERVAL_TOLERANCE_H


def _missed_settlements_read_as_such(intervals: np.ndarray, published_h: float) -> np.ndarray:
    """Standard gaps that are missed settlements, not a change of interval: a gap that is a whole multiple of the
    intervals on both sides of it (which agree), or, at either end of the series, of the one beside it and of the
    venue's published interval.  A run of longer gaps is a real change (8 h → 4 h shows both runs)."""
    read = intervals.copy()
    for k, gap in enumerate(intervals):
        neighbours = [intervals[j] for j in (k - 1, k + 1) if 0 <= j < intervals.size and not np.isnan(intervals[j])]
        if not neighbours or np.isnan(gap):
            if published_h > 0 and _is_multiple(gap, published_h):
                read[k] = published_h
            continue
        local = neighbours[0]
        if any(abs(n - local) > INTERVAL_TOLERANCE_H for n in neighbours) or not _is_multiple(gap, local):
            continue
        if len(neighbours) == 2 or (published_h > 0 and abs(published_h - local) <= INTERVAL_TOLERANCE_H):
            read[k] = local
    return read


FLAT_CHANGE = 0.01
"""A change smaller than this (1 %) reads as flat."""


def relative_change(values, days: int) -> float:
    """Change of the last value against the one ``days`` before it (decimal: 0.1 = +10 %); NaN when either is
    missing or not above zero.

    Examples
    --------
    >>> round(relative_change([100.0, 105.0, 110.0], 2), 12)
    0.1
    """
    series = _series("values", values)
    if days < 1 or series.size <= days:
        return math.nan
    first, last = float(series[-1 - days]), float(series[-1])
    if not (first > 0 and last > 0):
        return math.nan
    return last / first - 1.0


def positioning_reading(open_interest_change: float, price_change: float, flat: float = FLAT_CHANGE) -> str:
    """What open interest and price moving together say (the usual reading of futures positioning):

    - open interest up, price up: new longs, conviction behind the rise;
    - open interest up, price down: new shorts pressing the fall;
    - open interest down, price up: shorts covering (a rise without new buyers);
    - open interest down, price down: longs closing (a fall without new sellers);

    a change under ``flat`` in either counts as none; ``""`` when either is unknown.

    Examples
    --------
    >>> positioning_reading(0.12, 0.05)
    'new longs (rising open interest and price)'
    >>> positioning_reading(-0.08, 0.004)
    'positions closing, price flat'
    """
    if not (math.isfinite(open_interest_change) and math.isfinite(price_change)):
        return ""
    interest = 0 if abs(open_interest_change) < flat else (1 if open_interest_change > 0 else -1)
    price = 0 if abs(price_change) < flat else (1 if price_change > 0 else -1)
    return {
        (1, 1): "new longs (rising open interest and price)",
        (1, -1): "new shorts (rising open interest, falling price)",
        (-1, 1): "shorts covering (falling open interest, rising price)",
        (-1, -1): "longs closing (falling open interest and price)",
        (1, 0): "positions opening, price flat",
        (-1, 0): "positions closing, price flat",
        (0, 1): "price rising on steady open interest",
        (0, -1): "price falling on steady open interest",
        (0, 0): "little change",
    }[(interest, price)]
