"""What each order of a plan costs and risks (core/order_costs.py), checked by hand on the worked example."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import PlanSettings, costs_of_orders, rebalance

SETTINGS = PlanSettings()  # 30 days, futures fee 0.05 %, spot fee 0.1 %, 10 bps, 25 % tax, 3x, MMR 0.4 %


@pytest.fixture(scope="module")
def worked():
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000])
    return plan, costs_of_orders(plan, [0.0001, 0.0001], [8, 8], [20_000, 1_500], SETTINGS)


def test_funding_and_margin(worked):
    _, costs = worked
    # −15 000 × 0.0001 × 90 intervals = −135: the short receives; the long pays 135.
    assert costs.funding.tolist() == pytest.approx([-135, 135])
    assert costs.margin.tolist() == pytest.approx([5_000, 5_000])  # 15 000 / 3


def test_liquidation_prices_of_the_orders(worked):
    _, costs = worked
    # Short 0.25 BTC with 5 000: (5 000 + 0.25 × 60 000) / (0.25 × 0.004 + 0.25) = 20 000 / 0.251.
    # Long 5 ETH with 5 000: (5 000 − 5 × 3 000) / (5 × 0.004 − 5) = −10 000 / −4.98.
    assert costs.liquidation_price.tolist() == pytest.approx([20_000 / 0.251, 10_000 / 4.98])
    assert costs.quantity.tolist() == pytest.approx([-0.25, 5])
    assert costs.collateral.tolist() == pytest.approx([5_000, 5_000])


def test_futures_against_spot(worked):
    _, costs = worked
    # Futures: two legs × 15 000 × (0.05 % fee + 10 bps) = 45, plus funding.
    assert costs.futures_cost.tolist() == pytest.approx([45 - 135, 45 + 135])
    # Spot: selling 15 000 of BTC bought at 20 000: 15 + 15 + 25 % of the 10 000 gain; buying ETH: fees only.
    assert costs.spot_cost.tolist() == pytest.approx([2_530, 30])


def test_inverse_orders_are_in_contracts_with_coin_collateral():
    """The worked example on COIN-M: 100 USD per BTC contract, 10 USD per ETH contract."""
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000], [100, 10], [1, 1],
                     [True, True])
    assert plan.contracts.tolist() == [-150, 1_500]  # −15 000 / 100, +15 000 / 10
    costs = costs_of_orders(plan, [0.0001, 0.0001], [8, 8], [20_000, 1_500], SETTINGS, [100, 10], [True, True])
    assert costs.quantity.tolist() == [-150, 1_500]
    margin_btc = 5_000 / 60_000  # the 5 000 USD margin, in coin
    assert costs.collateral[0] == pytest.approx(margin_btc)
    # COIN-M: (MMR·B + side·B) / (WB / CS + side·B / entry) with B = 150, CS = 100, side = −1.
    expected = (0.004 * 150 - 150) / (margin_btc / 100 - 150 / 60_000)
    assert costs.liquidation_price[0] == pytest.approx(expected)
    assert expected == pytest.approx(89_640)
    assert costs.funding.tolist() == pytest.approx([-135, 135])  # the same USD notionals as the linear orders


def test_no_order_costs_nothing_and_cannot_be_liquidated():
    plan = rebalance(["BTC"], [50_000], [0], [1.0], [60_000])
    costs = costs_of_orders(plan, [0.0001], [8], [20_000], SETTINGS)
    assert costs.funding.tolist() == [0] and costs.margin.tolist() == [0] and costs.liquidation_price.tolist() == [0]
    assert costs.futures_cost.tolist() == [0] and costs.spot_cost.tolist() == [0]


@given(st.floats(-0.01, 0.01), st.floats(1_000, 1_000_000))
def test_funding_flips_sign_with_the_side(rate, spot):
    plan = rebalance(["A", "B"], [spot, spot], [0, 0], [0.25, 0.75], [100, 100])
    costs = costs_of_orders(plan, [rate, rate], [8, 8], [0, 0], SETTINGS)
    assert np.allclose(costs.funding[0], -costs.funding[1])  # the two orders are equal and opposite
    assert (costs.margin >= 0).all()


def test_margin_and_liquidation_are_of_the_position_the_order_leaves():
    """Issue 10: −0.333 BTC held, buy 0.083: the position left is a 0.25 BTC short, not a new 0.083 long."""
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [-19_980, 0], [0.5, 0.5], [60_000, 3_000], None,
                     [0.001, 0.001])
    assert plan.contracts[0] == 0.083  # (50 000 − 45 020) / 60 000 = 0.083
    costs = costs_of_orders(plan, [0.0001] * 2, [8, 8], [20_000, 1_500], SETTINGS, held_contracts=[-0.333, 0])
    assert costs.resulting_contracts[0] == pytest.approx(-0.25)
    assert costs.resulting_notional[0] == pytest.approx(-15_000)
    assert costs.margin[0] == pytest.approx(5_000)
    assert costs.liquidation_price[0] == pytest.approx(20_000 / 0.251)  # 79 681.27, as above
    assert costs.funding[0] == pytest.approx(0.083 * 60_000 * 0.0001 * 90)  # funding is the order's


def test_a_maintenance_bracket_moves_the_liquidation_price():
    """Binance's second BTC bracket (0.5 %, cum 50 USD) for the 0.25 BTC short of 15 000 with 5 000."""
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000])
    costs = costs_of_orders(plan, [0.0001] * 2, [8, 8], [20_000, 1_500], SETTINGS, maint_margin_rates=[0.005, 0.004],
                            maint_amounts=[50, 0])
    # (5 000 + 50 + 0.25 × 60 000) / (0.25 × 0.005 + 0.25) = 20 050 / 0.25125
    assert costs.liquidation_price[0] == pytest.approx(20_050 / 0.25125)


def test_the_spot_alternative_trades_at_the_spot_price():
    plan = rebalance(["BTC"], [65_000], [0], [0.5], [60_300])  # the perpetual at a premium
    costs = costs_of_orders(plan, [0.0001], [8], [20_000], SETTINGS, spot_prices=[60_000])
    sold = -plan.trade_notionals[0]
    # fees and slippage on the value sold, and tax on the gain of sold / 60 000 coins bought at 20 000
    assert costs.spot_cost[0] == pytest.approx(sold * 0.002 + 0.25 * sold / 60_000 * 40_000)


def test_the_spot_alternative_moves_the_same_exposure_as_an_order_sized_by_beta():
    # β = 2: BTC's 65 000 to 50 % is a 30 000 short of the hedge, but selling 15 000 of coins does the same
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5], [60_000, 3_000], hedge_ratios=[2.0, 1.0])
    costs = costs_of_orders(plan, [0.0001, 0.0001], [8, 8], [20_000, 1_500], SETTINGS)
    assert plan.trade_notionals[0] == pytest.approx(-30_000)
    assert costs.spot_cost.tolist() == pytest.approx([2_530, 30])  # as without β: 15 + 15 + 25 % of 10 000
    assert costs.futures_cost[0] == pytest.approx(90 - 270)  # the futures' own: 30 000 × 2 legs × 0.15 %, funding
