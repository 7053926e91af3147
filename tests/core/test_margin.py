"""Margin and isolated liquidation prices (Binance USDⓈ-M and COIN-M formulas)."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hedgebook.core import liquidation_price, margin


def test_margin():
    assert margin(-15_000, 3) == 5_000
    assert margin(15_000, 1) == 15_000
    with pytest.raises(ValueError, match="leverage must be > 0, got 0.0"):
        margin(1, 0)


def test_linear_long_example():
    assert liquidation_price(67_445.9, 0.009, 25.7247, 0.004) == pytest.approx(64_846.99, abs=0.005)


def test_inverse_short_example():
    lp = liquidation_price(68_911, -3, 0.00023156, 0.004, 0, 100)
    assert lp == pytest.approx(72_491.17, abs=0.005)


def test_linear_short_by_hand():
    # short 1 BTC at 60 000 with 6 000 USD, MMR 0.5 %: (6 000 + 60 000) / (0.005 + 1) = 65 671.64
    assert liquidation_price(60_000, -1, 6_000, 0.005) == pytest.approx(65_671.64, abs=0.005)


def test_maintenance_amount_lowers_a_longs_liquidation():
    without = liquidation_price(60_000, 1, 6_000, 0.01)
    with_cum = liquidation_price(60_000, 1, 6_000, 0.01, 100)
    assert with_cum < without


@pytest.mark.parametrize(
    "args",
    [
        (60_000, 0, 1_000),  # no position
        (60_000, 1, 60_000),  # long fully covered in USD
        (60_000, -600, 1.5, 0.004, 0, 100),  # inverse short covered in coin: 600 × 100 USD = 1 BTC, 1.5 BTC held
    ],
)
def test_cannot_be_liquidated_gives_zero(args):
    assert liquidation_price(*args) == 0


def test_arrays_mix_linear_and_inverse():
    prices = liquidation_price(
        np.array([67_445.9, 68_911]), np.array([0.009, -3]), np.array([25.7247, 0.00023156]), 0.004, 0, np.array([0, 100])
    )
    np.testing.assert_allclose(prices, [64_846.99, 72_491.17], atol=0.005)


def test_nan_input_gives_nan():
    assert math.isnan(liquidation_price(math.nan, 1, 100))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(entry_price=0), "entry_price must be > 0"),
        (dict(collateral=-1), "collateral must be >= 0"),
        (dict(maint_margin_rate=1.0), "maint_margin_rate must be >= 0 and < 1"),
    ],
)
def test_bad_parameters(kwargs, message):
    args = dict(entry_price=100.0, quantity=1.0, collateral=10.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        liquidation_price(**args)


entry = st.floats(min_value=1, max_value=1e6)
mmr = st.floats(min_value=0, max_value=0.1)


@given(entry, st.floats(min_value=1e-4, max_value=1e3), st.floats(min_value=0.011, max_value=0.99), mmr)
def test_linear_long_liquidates_below_entry(price, qty, collateral_share, rate):
    collateral = price * qty * collateral_share
    assume(collateral > price * qty * rate * 1.0001)  # above maintenance, else liquidated at once
    lp = liquidation_price(price, qty, collateral, rate)
    assert 0 <= lp < price


@given(entry, st.floats(min_value=1e-4, max_value=1e3), st.floats(min_value=0.011, max_value=5), mmr)
def test_linear_short_liquidates_above_entry(price, qty, collateral_share, rate):
    collateral = price * qty * collateral_share
    assume(collateral > price * qty * rate * 1.0001)
    assert liquidation_price(price, -qty, collateral, rate) > price


@given(entry, st.integers(min_value=1, max_value=10_000), st.floats(min_value=0.011, max_value=0.99), mmr)
def test_inverse_short_liquidates_above_entry(price, contracts, collateral_share, rate):
    size = 100.0
    collateral = contracts * size / price * collateral_share  # coin
    assume(collateral > contracts * size / price * rate * 1.0001)
    lp = liquidation_price(price, -contracts, collateral, rate, 0, size)
    assert lp == 0 or lp > price


@given(entry, st.integers(min_value=1, max_value=10_000), st.floats(min_value=0.011, max_value=5), mmr)
def test_inverse_long_liquidates_below_entry(price, contracts, collateral_share, rate):
    size = 100.0
    collateral = contracts * size / price * collateral_share
    assume(collateral > contracts * size / price * rate * 1.0001)
    assert 0 < liquidation_price(price, contracts, collateral, rate, 0, size) < price
