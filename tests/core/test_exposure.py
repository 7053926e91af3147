"""Exposure and sizing: the README's worked example and hand-checked cases."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import (
    hedge_notional,
    hedge_size,
    net_exposure,
    round_to_lot,
    stress_pnl,
)

PORTFOLIO = 100_000.0
BTC_SPOT, ETH_SPOT = 65_000.0, 35_000.0
BTC_PRICE, ETH_PRICE = 60_000.0, 3_000.0


class TestWorkedExample:
    """Portfolio 100 000: 65 000 BTC and 35 000 ETH, target 50/50, BTC 60 000, ETH 3 000."""

    def test_hedge_notionals(self):
        assert hedge_notional(BTC_SPOT, 0.5, PORTFOLIO) == -15_000
        assert hedge_notional(ETH_SPOT, 0.5, PORTFOLIO) == 15_000

    def test_hedge_sizes(self):
        assert hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE) == -0.25
        assert hedge_size(ETH_SPOT, 0.5, PORTFOLIO, ETH_PRICE) == 5

    def test_net_exposure_after_hedges(self):
        assert net_exposure(BTC_SPOT, -15_000) == 50_000
        assert net_exposure(ETH_SPOT, 15_000) == 50_000
        assert net_exposure(BTC_SPOT, -15_000, PORTFOLIO) == 0.5
        assert net_exposure(ETH_SPOT, 15_000, PORTFOLIO) == 0.5

    def test_arrays_give_the_same(self):
        sizes = hedge_size(
            np.array([BTC_SPOT, ETH_SPOT]), 0.5, PORTFOLIO, np.array([BTC_PRICE, ETH_PRICE])
        )
        np.testing.assert_array_equal(sizes, [-0.25, 5.0])


@pytest.mark.parametrize(
    "size, lot, expected",
    [
        (-0.2537, 0.001, -0.253),  # toward zero: the order never goes past the target
        (0.2537, 0.001, 0.253),
        (-0.2534, 0.001, -0.253),
        (0.0004, 0.001, 0.0),  # less than a lot: no order
        (-0.0006, 0.001, 0.0),
        (0.0009999, 0.001, 0.0),
        (0.25, 0.001, 0.25),  # 0.25 / 0.001 is 249.99999999999997 in floating point: still 250 lots
        (7.0, 5.0, 5.0),
        (9.9, 5.0, 5.0),  # a coarse lot does not overshoot
        (-2.4, 1.0, -2.0),
        (1.23456, 0.0, 1.23456),  # lot 0: no rounding
    ],
)
def test_round_to_lot(size, lot, expected):
    assert round_to_lot(size, lot) == expected


@pytest.mark.parametrize("ratio, notional, contracts", [(1.0, -15_000, -0.25), (2.0, -30_000, -0.5),
                                                      (0.5, -7_500, -0.125), (None, -15_000, -0.25)])
def test_a_hedge_ratio_scales_the_gap(ratio, notional, contracts):
    """β USD of hedge per USD of exposure: the 15 000 gap of the worked example × β."""
    assert hedge_notional(BTC_SPOT, 0.5, PORTFOLIO, ratio) == notional
    assert hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE, hedge_ratio=ratio) == contracts


@pytest.mark.parametrize("ratio", [0.0, -1.0])
def test_a_hedge_ratio_must_be_above_zero(ratio):
    with pytest.raises(ValueError, match="hedge_ratio must be > 0"):
        hedge_notional(BTC_SPOT, 0.5, PORTFOLIO, ratio)


def test_an_unknown_hedge_ratio_gives_an_unknown_size():
    assert math.isnan(hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE, hedge_ratio=float("nan")))


def test_hedge_size_with_lot_rounding():
    # 65 250 of BTC above 50 %: -15 250 / 60 000 = -0.25416..., lot 0.001 -> -0.254
    assert hedge_size(65_250, 0.5, 100_000, 60_000, lot_size=0.001) == -0.254


def test_hedge_size_linear_contract_size():
    # OKX BTC-USDT-SWAP: 0.01 BTC per contract -> -0.25 BTC is -25 contracts
    assert hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE, contract_size=0.01, lot_size=1) == -25


def test_hedge_size_inverse_contracts_are_usd():
    # Binance COIN-M BTCUSD: 100 USD per contract -> -15 000 USD is -150 contracts
    assert hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE, contract_size=100, inverse=True) == -150
    # ETHUSD: 10 USD per contract -> +1 500 contracts
    assert hedge_size(ETH_SPOT, 0.5, PORTFOLIO, ETH_PRICE, contract_size=10, inverse=True) == 1500


def test_inverse_requires_contract_size():
    with pytest.raises(ValueError, match="contract_size is required"):
        hedge_size(BTC_SPOT, 0.5, PORTFOLIO, BTC_PRICE, inverse=True)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(price=0), "price must be > 0, got 0.0"),
        (dict(price=-1), "price must be > 0, got -1.0"),
        (dict(price=math.inf), "price must be > 0, got inf"),
        (dict(portfolio_value=0), "portfolio_value must be > 0, got 0.0"),
        (dict(contract_size=0), "contract_size must be > 0, got 0.0"),
        (dict(lot_size=-0.1), "lot_size must be >= 0, got -0.1"),
        (dict(price="abc"), "price must be a number, got 'abc'"),
        (dict(price=None), "price is required"),
    ],
)
def test_bad_parameters_name_the_value(kwargs, message):
    args = dict(current_exposure=BTC_SPOT, target_weight=0.5, portfolio_value=PORTFOLIO, price=BTC_PRICE)
    args.update(kwargs)
    with pytest.raises(ValueError) as error:
        hedge_size(**args)
    assert str(error.value) == message


def test_bad_array_element_names_its_position():
    with pytest.raises(ValueError, match=r"price must be > 0, got -3.0 \(row 2\)"):
        hedge_size([1.0, 2.0], 0.5, 10.0, [1.0, -3.0])


def test_nan_propagates():
    assert math.isnan(hedge_size(math.nan, 0.5, PORTFOLIO, BTC_PRICE))
    assert math.isnan(net_exposure(math.nan, 1.0))


@pytest.mark.parametrize(
    "spot, futures, shock, expected",
    [
        (65_000, -15_000, -0.2, -10_000),
        (65_000, -15_000, 0.1, 5_000),
        (10_000, -10_000, -0.5, 0),  # fully hedged: no P&L
        (0, -10_000, 0.1, -1_000),  # naked short loses when the price rises
    ],
)
def test_stress_pnl(spot, futures, shock, expected):
    assert stress_pnl(spot, futures, shock) == pytest.approx(expected)


def test_stress_shock_below_minus_one_is_rejected():
    with pytest.raises(ValueError, match="shock must be >= -1"):
        stress_pnl(1, 0, -1.5)


finite = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)
positive = st.floats(min_value=1e-2, max_value=1e6, allow_nan=False)


@given(
    spot=st.lists(st.floats(min_value=0, max_value=1e7), min_size=1, max_size=8),
    futures=st.data(),
    weights=st.data(),
    prices=st.data(),
)
def test_hedges_bring_every_asset_to_its_target(spot, futures, weights, prices):
    n = len(spot)
    spot = np.array(spot)
    portfolio = spot.sum()
    if portfolio < 1.0:
        portfolio = 1.0
    fut = np.array(futures.draw(st.lists(finite, min_size=n, max_size=n)))
    target = np.array(weights.draw(st.lists(st.floats(-1, 1), min_size=n, max_size=n)))
    price = np.array(prices.draw(st.lists(positive, min_size=n, max_size=n)))
    exposure = spot + fut
    contracts = hedge_size(exposure, target, portfolio, price)
    after = net_exposure(spot, fut + contracts * price)
    np.testing.assert_allclose(after, target * portfolio, rtol=1e-9, atol=1e-6)


@given(size=finite, lot=st.floats(min_value=1e-4, max_value=100))
def test_lot_rounding_goes_toward_zero_by_less_than_a_lot(size, lot):
    rounded = round_to_lot(size, lot)
    assert rounded == 0 or np.sign(rounded) == np.sign(size)
    assert abs(rounded) <= abs(size) * (1 + 1e-9)  # never past the size asked for
    assert abs(size) - abs(rounded) < lot * (1 + 1e-6) + 1e-9 * abs(size)  # and less than one lot short of it


@given(exposure=st.floats(0, 1e7), target=st.floats(0, 1), price=st.floats(1e-3, 1e6),
       lot=st.sampled_from([0.001, 0.01, 1.0, 10.0]))
def test_an_order_never_takes_exposure_past_its_target(exposure, target, price, lot):
    """Issue 10: 0.0006 BTC above a target of 0 once sold 0.001 and flipped the exposure."""
    portfolio = 1e7
    contracts = hedge_size(exposure, target, portfolio, price, lot_size=lot)
    after = exposure + contracts * price
    goal = target * portfolio
    slack = 1e-9 * max(abs(exposure), abs(goal), 1.0)
    assert min(exposure, goal) - slack <= after <= max(exposure, goal) + slack


def test_a_remainder_below_one_lot_gives_no_order():
    # 0.0006 BTC (36 USD at 60 000) with a target of 0, lot 0.001: no order, not "sell 0.001"
    assert hedge_size(36.0, 0.0, 100_000, 60_000, lot_size=0.001) == 0
