"""Funding: a positive rate means longs pay shorts; cost > 0 means the user pays."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import funding_apr, funding_cost, funding_periods


@pytest.mark.parametrize(
    "notional, rate, days, interval, expected",
    [
        (-15_000, 0.0001, 30, 8, -135.0),  # the short receives 135
        (-15_000, 0.0001, 30, 4, -270.0),  # 4 h interval: twice the payments
        (15_000, 0.0001, 30, 8, 135.0),  # the long pays
        (-15_000, -0.0001, 30, 8, 135.0),  # negative rate: shorts pay longs
        (10_000, 0.0001, 1, 1, 24.0),  # hourly funding, one day
        (10_000, 0.0003, 0, 8, 0.0),
        (10_000, 0.0001, 30, None, 90.0),  # default interval: 8 h
    ],
)
def test_funding_cost(notional, rate, days, interval, expected):
    assert funding_cost(notional, rate, days, interval) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "rate, interval, expected",
    [
        (0.0001, 8, 0.1095),
        (0.0001, None, 0.1095),
        (0.0001, 4, 0.219),
        (0.0001, 1, 0.876),
        (-0.0002, 8, -0.219),
    ],
)
def test_funding_apr(rate, interval, expected):
    assert funding_apr(rate, interval) == pytest.approx(expected, abs=1e-12)


def test_funding_periods():
    assert funding_periods(30) == 90
    assert funding_periods(1, 2) == 12


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(interval_hours=0), "interval_hours must be > 0, got 0.0"),
        (dict(days=-1), "days must be >= 0, got -1.0"),
    ],
)
def test_bad_parameters(kwargs, message):
    args = dict(notional=1.0, funding_rate=0.0001, days=30)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        funding_cost(**args)


def test_arrays():
    costs = funding_cost(np.array([-15_000, 15_000]), np.array([0.0001, 0.0001]), 30, np.array([8, 4]))
    np.testing.assert_allclose(costs, [-135, 270])


def test_nan_rate_gives_nan():
    assert math.isnan(funding_cost(1.0, math.nan, 1))


notional = st.floats(min_value=-1e8, max_value=1e8, allow_nan=False)
rate = st.floats(min_value=-0.05, max_value=0.05, allow_nan=False)
days = st.floats(min_value=0, max_value=3650)
interval = st.sampled_from([1, 2, 4, 8])
scale = st.floats(min_value=0, max_value=100)


@given(notional, rate, days, interval, scale)
def test_cost_is_linear_in_notional(n, r, d, h, k):
    assert funding_cost(k * n, r, d, h) == pytest.approx(k * funding_cost(n, r, d, h), rel=1e-9, abs=1e-6)


@given(notional, rate, days, interval, scale)
def test_cost_is_linear_in_days(n, r, d, h, k):
    assert funding_cost(n, r, k * d, h) == pytest.approx(k * funding_cost(n, r, d, h), rel=1e-9, abs=1e-6)


@given(notional, rate, days, interval)
def test_cost_flips_sign_with_the_position(n, r, d, h):
    assert funding_cost(-n, r, d, h) == -funding_cost(n, r, d, h)


@given(st.floats(min_value=1, max_value=1e8), st.floats(min_value=1e-6, max_value=0.05), days, interval)
def test_short_earns_positive_funding(n, r, d, h):
    assert funding_cost(-n, r, d, h) <= 0
    assert funding_cost(n, r, d, h) >= 0


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_one_rate_as_plain_floats_gives_what_the_arrays_give(rate, interval):
    """A market row's APR takes a shortcut for two Python floats; the figure is the array path's, bit for bit."""
    import numpy as np

    try:
        with np.errstate(all="ignore"):
            expected = funding_apr(np.asarray([rate]), np.asarray([interval]))[0]
    except ValueError:
        with pytest.raises(ValueError):
            funding_apr(rate, interval)
        return
    with np.errstate(all="ignore"):
        got = funding_apr(rate, interval)
    assert type(got) is float
    assert (np.isnan(got) and np.isnan(expected)) or got == expected
