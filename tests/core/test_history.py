"""Statistics of past prices and funding, each on a series built to a known answer."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgebook.core.history import (
    basis_vol,
    expected_funding,
    funding_apr_mean,
    funding_apr_vol,
    funding_intervals,
    hedge_effectiveness,
    hedge_ratio,
    log_returns,
    realized_funding_apr,
    share_positive,
)

HEDGE_RETURNS = np.array([0.01, -0.02, 0.015, 0.005, -0.01, 0.02])


def prices_from(returns, start=100.0):
    return start * np.exp(np.concatenate([[0.0], np.cumsum(returns)]))


def noise_orthogonal_to(returns):
    """A series of returns with mean 0 and no covariance with ``returns``."""
    noise = np.array([0.004, 0.003, -0.006, 0.002, -0.001, -0.002])
    noise = noise - noise.mean()
    centred = returns - returns.mean()
    return noise - (noise @ centred) / (centred @ centred) * centred


def test_the_hedge_ratio_of_coins_moving_one_and_a_half_times_the_hedge_plus_unrelated_noise_is_1_5():
    noise = noise_orthogonal_to(HEDGE_RETURNS)
    spot = prices_from(1.5 * HEDGE_RETURNS + noise)
    hedge = prices_from(HEDGE_RETURNS, 60_000.0)
    assert hedge_ratio(spot, hedge) == pytest.approx(1.5, rel=1e-9)
    explained = 1.5 ** 2 * np.var(HEDGE_RETURNS)
    assert hedge_effectiveness(spot, hedge) == pytest.approx(explained / (explained + np.var(noise)), rel=1e-9)
    assert 0 < hedge_effectiveness(spot, hedge) < 1


def test_a_contract_moving_against_the_coins_has_a_negative_ratio_and_still_hedges():
    spot = prices_from(HEDGE_RETURNS)
    against = prices_from(-HEDGE_RETURNS)
    assert hedge_ratio(spot, against) == pytest.approx(-1.0)
    assert hedge_effectiveness(spot, against) == pytest.approx(1.0)


def test_days_a_series_lacks_are_dropped_from_both():
    spot, hedge = list(prices_from(2 * HEDGE_RETURNS)), list(prices_from(HEDGE_RETURNS))
    spot.insert(3, math.nan)
    hedge.insert(3, 123.0)  # the hedge's close that day has no spot close to pair with
    spot.append(50_000.0)
    hedge.append(math.nan)
    assert hedge_ratio(spot, hedge) == pytest.approx(2.0)


@pytest.mark.parametrize("spot, hedge", [([100.0, 101.0], [50.0, 51.0]), ([100.0, 101.0, 102.0], [5.0, 5.0, 5.0]),
                                         ([], [])])
def test_too_few_days_or_a_hedge_that_never_moved_give_nan(spot, hedge):
    assert math.isnan(hedge_ratio(spot, hedge)) and math.isnan(hedge_effectiveness(spot, hedge))


@pytest.mark.parametrize("spot, hedge, message", [
    ([100.0, 101.0, 102.0], [50.0, 51.0], "as many days, got 3 and 2"),
    ([100.0, 0.0, 102.0], [50.0, 51.0, 52.0], "spot_prices must be > 0, got 0.0"),
    ([100.0, 101.0, 102.0], [50.0, -1.0, 52.0], "hedge_prices must be > 0, got -1.0"),
])
def test_bad_series_are_refused_naming_what_is_wrong(spot, hedge, message):
    with pytest.raises(ValueError, match=message):
        hedge_ratio(spot, hedge)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 100), st.floats(0.01, 100))
def test_the_ratio_does_not_depend_on_the_price_level(spot_scale, hedge_scale):
    spot = prices_from(1.5 * HEDGE_RETURNS + noise_orthogonal_to(HEDGE_RETURNS))
    hedge = prices_from(HEDGE_RETURNS)
    assert hedge_ratio(spot * spot_scale, hedge * hedge_scale) == pytest.approx(hedge_ratio(spot, hedge), rel=1e-9)


def test_log_returns():
    assert log_returns([100.0, 110.0, math.nan, 121.0]) == pytest.approx([math.log(1.1), math.log(1.1)])


def test_the_basis_volatility_is_the_deviation_of_its_daily_changes():
    # basis 1 %, 3 %, 2 %, 2 %: changes +2 %, −1 %, 0 → mean 1/3 %, sample deviation √((25+16+1)/9/2) %
    vol = basis_vol([100.0, 200.0, 50.0, 10.0], [101.0, 206.0, 51.0, 10.2])
    assert vol == pytest.approx(math.sqrt((25 + 16 + 1) / 9 / 2) / 100)
    assert basis_vol([100.0, 100.0, 100.0, 100.0], [101.0, 101.0, 101.0, 101.0]) == 0.0
    assert math.isnan(basis_vol([100.0, 100.0], [101.0, 102.0]))


def test_funding_mean_is_weighted_by_time_when_the_interval_changes():
    """0.01 % over 8 h, then 0.01 % over 4 h (the venue shortened the interval): 0.02 % in 12 h."""
    rates, intervals = [0.0001, 0.0001], [8.0, 4.0]
    assert list(realized_funding_apr(rates, intervals)) == pytest.approx([0.1095, 0.219])
    assert funding_apr_mean(rates, intervals) == pytest.approx(0.0002 / 12 * 24 * 365)  # 14.6 %
    assert funding_apr_vol(rates, intervals) == pytest.approx(np.std([0.1095, 0.219], ddof=1))


def test_funding_statistics_on_a_known_series():
    rates = [0.0001, -0.0002, 0.0, 0.0003, math.nan]
    assert share_positive(rates) == 0.5  # zero is not positive; the unknown rate is not counted
    assert funding_apr_mean(rates, 8.0) == pytest.approx(0.0002 / 4 * 3 * 365)
    assert math.isnan(funding_apr_mean([], 8.0)) and math.isnan(funding_apr_vol([0.0001], 8.0))
    assert math.isnan(share_positive([math.nan]))
    with pytest.raises(ValueError, match="interval_hours must be one number or one per rate"):
        funding_apr_mean([0.0001, 0.0002], [8.0, 8.0, 8.0])
    with pytest.raises(ValueError, match="interval_hours must be > 0"):
        funding_apr_mean([0.0001], 0.0)


def test_expected_funding_signs_and_band():
    rates = [0.0001, 0.0003]
    low, mean, high = expected_funding(10_000.0, rates, 8.0, 30.0)  # a long pays when rates are positive
    assert mean == pytest.approx(180.0) and high - mean == pytest.approx(mean - low)
    assert high - mean == pytest.approx(10_000 * np.std(rates, ddof=1) * math.sqrt(90))
    short = expected_funding(-10_000.0, rates, 8.0, 30.0)
    assert short[1] == pytest.approx(-180.0) and short[2] - short[1] == pytest.approx(high - mean)
    assert expected_funding(10_000.0, rates, 8.0, 30.0, deviations=0.0) == pytest.approx((mean, mean, mean))
    assert expected_funding(10_000.0, rates, 8.0, 0.0) == (0.0, 0.0, 0.0)
    one = expected_funding(10_000.0, [0.0001], 8.0, 30.0)
    assert math.isnan(one[0]) and one[1] == pytest.approx(90.0) and math.isnan(one[2])
    assert all(math.isnan(x) for x in expected_funding(10_000.0, [], 8.0, 30.0))
    with pytest.raises(ValueError, match="days must be >= 0"):
        expected_funding(10_000.0, rates, 8.0, -1.0)


H = 3_600_000


@pytest.mark.parametrize("times_h, previous_h, fallback, expected", [
    ([0, 8, 16], None, 8.0, [8.0, 8.0, 8.0]),  # first: nothing before it, the current interval
    ([0, 8, 16, 20, 24], None, 8.0, [8.0, 8.0, 8.0, 4.0, 4.0]),  # moved from 8 h to 4 h
    ([0, 1, 2, 4, 8], None, 1.0, [1.0, 1.0, 1.0, 2.0, 4.0]),  # every standard interval told
    ([24], 16, math.nan, [8.0]),  # from the record stored before it
    ([24], 16, 4.0, [4.0]),  # ...but a lone 8 h gap on a symbol the venue says is 4 h missed one settlement
    ([40], 24, 4.0, [4.0]),  # 16 h: a missing settlement, not an interval
    ([8 + 0.05], 0, 8.0, [8.0]),  # stamped 3 minutes late: still 8 h
    ([8 + 0.5], 0, 4.0, [4.0]),  # 8.5 h is no interval venues use
    ([], None, 8.0, []),
])
def test_funding_intervals_are_told_by_the_time_between_settlements(times_h, previous_h, fallback, expected):
    times = [round(t * H) for t in times_h]
    previous = None if previous_h is None else previous_h * H
    assert funding_intervals(times, previous, fallback).tolist() == expected


@pytest.mark.parametrize("times_h, previous_h", [([0, 8, 8], None), ([8, 0], None), ([0], 0), ([0], 8)])
def test_funding_intervals_need_increasing_times(times_h, previous_h):
    with pytest.raises(ValueError, match="strictly increasing"):
        funding_intervals([t * H for t in times_h], None if previous_h is None else previous_h * H, 8.0)


def test_an_interval_change_inside_a_series_weighs_each_record_by_its_own_hours():
    # 8 h at 0.01 % then 4 h at 0.01 %: the same rate per settlement is twice the APR on 4 h
    intervals = funding_intervals([0, 8 * H, 16 * H, 20 * H], fallback_h=8.0)
    rates = [0.0001] * 4
    # total 0.04 % over 8+8+8+4 = 28 h → 0.0004 / 28 × 8760 = 12.514 % a year
    assert funding_apr_mean(rates, intervals) == pytest.approx(0.0004 / 28 * 8760, rel=1e-12)


H = 3_600_000


@pytest.mark.parametrize("times, published, expected", [
    # issue 21 D7: a 4 h symbol that missed one settlement: the 8 h gap is still 4 h
    ([0, 4, 8, 16, 20, 24], 4.0, [4, 4, 4, 4, 4, 4]),
    # two runs: a real change of interval from 8 h to 4 h stays one
    ([0, 8, 16, 24, 28, 32], 4.0, [4, 8, 8, 8, 4, 4]),
    # the last gap of a 4 h series: a missed settlement while the venue still publishes 4 h...
    ([0, 4, 8, 16], 4.0, [4, 4, 4, 4]),
    # ...and a change when it now publishes 8 h
    ([0, 4, 8, 16], 8.0, [8, 4, 4, 8]),
    # unknown published interval, a gap between two of 1 h
    ([0, 1, 3, 4], math.nan, [math.nan, 1, 1, 1]),
])
def test_a_missed_settlement_is_not_a_longer_interval(times, published, expected):
    found = funding_intervals([t * H for t in times], fallback_h=published)
    assert found.tolist() == pytest.approx(expected, nan_ok=True)
