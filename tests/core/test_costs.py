"""Rebalance costs: spot (fees, slippage, tax) versus futures (fees, slippage, funding)."""

import pytest

from hedgebook.core import futures_rebalance_cost, spot_rebalance_cost, trading_cost


def test_spot_example():
    # sell 15 000 of BTC bought at 20 000, now 60 000: 0.25 BTC, gain 10 000
    # fee 0.1 % = 15, slippage 10 bps = 15, tax 25 % of 10 000 = 2 500
    assert spot_rebalance_cost(-15_000, 60_000, 20_000, 0.001, 10, 0.25) == pytest.approx(2_530)


@pytest.mark.parametrize(
    "trade, basis, expected",
    [
        (15_000, 20_000, 30.0),  # buying realizes no gain: fees and slippage only
        (-15_000, 80_000, 30.0),  # selling at a loss: no tax (losses are not credited)
        (-15_000, 60_000, 30.0),  # no gain
    ],
)
def test_spot_cost_without_tax(trade, basis, expected):
    assert spot_rebalance_cost(trade, 60_000, basis, 0.001, 10, 0.25) == pytest.approx(expected)


def test_futures_cost():
    # fees 2 × 15 000 × 0.05 % = 15, slippage 2 × 2 bps = 6, funding -135: -114
    assert futures_rebalance_cost(-15_000, 0.0001, 30, 8, 0.0005, 2) == pytest.approx(-114)
    # a long in positive funding pays both
    assert futures_rebalance_cost(15_000, 0.0001, 30, 8, 0.0005, 2) == pytest.approx(156)


def test_trading_cost_legs():
    assert trading_cost(-15_000, 0.001, 10, legs=2) == pytest.approx(60)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(fee_rate=-0.001), "fee_rate must be >= 0 and < 1"),
        (dict(slippage_bps=-1), "slippage_bps must be >= 0"),
        (dict(tax_rate=1.5), "tax_rate must be between 0 and 1"),
        (dict(price=0), "price must be > 0"),
    ],
)
def test_bad_parameters(kwargs, message):
    args = dict(trade_value=-1.0, price=1.0, cost_basis=1.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        spot_rebalance_cost(**args)
