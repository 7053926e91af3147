"""Basis, carry, switching and rolling: contango > 0, cost > 0 = the user pays."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import annualized_basis, basis, dated_carry, days_to_expiry, roll_cost, switch_gain


@pytest.mark.parametrize(
    "spot, futures, as_fraction, expected",
    [
        (60_000, 61_200, False, 1_200),
        (60_000, 61_200, True, 0.02),
        (60_000, 59_400, False, -600),  # backwardation
        (60_000, 59_400, True, -0.01),
    ],
)
def test_basis(spot, futures, as_fraction, expected):
    assert basis(spot, futures, as_fraction) == pytest.approx(expected, abs=1e-12)


def test_annualized_basis_example():
    assert annualized_basis(60_000, 61_200, 73) == pytest.approx(0.10, abs=1e-12)


def test_annualized_basis_from_dates():
    days = days_to_expiry(dt.date(2025, 3, 28), dt.date(2025, 1, 14))
    assert days == 73
    assert annualized_basis(60_000, 61_200, days) == pytest.approx(0.10, abs=1e-12)


def test_annualized_basis_rejects_expired():
    with pytest.raises(ValueError, match="days_to_expiry must be > 0, got -1.0"):
        annualized_basis(60_000, 61_200, -1)


@pytest.mark.parametrize(
    "notional, days, dte, expected",
    [
        (-15_000, 73, 73, -300.0),  # a short in contango earns the whole basis
        (15_000, 73, 73, 300.0),  # a long pays it
        (15_000, 36.5, 73, 150.0),  # half the time, half the basis
        (15_000, 100, 73, 300.0),  # cannot hold past expiry
        (15_000, 0, 73, 0.0),
    ],
)
def test_dated_carry(notional, days, dte, expected):
    assert dated_carry(notional, 60_000, 61_200, days, dte) == pytest.approx(expected, abs=1e-9)


def test_switch_gain_hand_checked():
    # perp: -15 000 × 0.0001 × 73 × 3 = -328.5 (earned); dated: -300 (earned)
    assert switch_gain(-15_000, 0.0001, 60_000, 61_200, 73) == pytest.approx(-28.5)
    # fees 0.05 % on two trades of 15 000 = 15
    assert switch_gain(-15_000, 0.0001, 60_000, 61_200, 73, 8, 0.0005) == pytest.approx(-43.5)
    # negative funding: the perp short pays 328.5, the dated short earns 300: switch saves 628.5
    assert switch_gain(-15_000, -0.0001, 60_000, 61_200, 73) == pytest.approx(628.5)


def test_roll_cost_hand_checked():
    # long 10 000 rolls 60 000 -> 60 600: pays 1 % spread = 100, fees 2 × 5, slippage 2 × 1
    assert roll_cost(10_000, 60_000, 60_600, 0.0005, 1) == pytest.approx(112.0)
    # the short earns the spread, still pays the trades
    assert roll_cost(-10_000, 60_000, 60_600, 0.0005, 1) == pytest.approx(-88.0)


def test_arrays():
    np.testing.assert_allclose(annualized_basis([60_000, 3_000], [61_200, 3_030], [73, 36.5]), [0.1, 0.1])


@given(st.floats(min_value=1e-3, max_value=1e7), st.floats(min_value=1e-3, max_value=3650))
def test_annualized_basis_is_zero_when_futures_equal_spot(price, days):
    assert annualized_basis(price, price, days) == 0


@given(
    st.floats(min_value=-1e7, max_value=1e7),
    st.floats(min_value=1, max_value=1e6),
    st.floats(min_value=0.5, max_value=2),
    st.floats(min_value=0.01, max_value=365),
)
def test_carry_over_the_whole_life_is_the_basis(notional, spot, ratio, dte):
    futures = spot * ratio
    assert dated_carry(notional, spot, futures, dte, dte) == pytest.approx(
        notional * (futures / spot - 1), rel=1e-9, abs=1e-6
    )
