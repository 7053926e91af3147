"""What each order of a plan costs and risks (core/order_costs.py), checked by hand on the worked example."""

import dataclasses

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


def one_order(held, *, price, contracts_to_order, **kwargs):
    """A plan of one asset whose order is ``contracts_to_order`` (linear, 1 coin per contract) at ``price``."""
    plan = rebalance(["ETH"], [100_000.0], [held * price], [0.5], [price])
    plan = dataclasses.replace(plan, contracts=np.array([float(contracts_to_order)]),
                               trade_notionals=np.array([contracts_to_order * price]))
    return costs_of_orders(plan, [0.0001], [8], [0], SETTINGS, held_contracts=[held], **kwargs)


def test_a_held_short_is_liquidated_from_its_entry_not_the_mark():
    """Issue 21 A3: an ETH short entered at 2 000 at 3×, mark 2 501.  Margin assumed 10 × 2 000 / 3 = 6 666.67:
    (6 666.67 + 10 × 2 000) / (10 × 1.004) = 2 656.04, 6 % above the mark; as if opened at the mark it was
    2 501 × 4 / 3 / 1.004 = 3 321.38, 33 % above."""
    costs = one_order(-10, price=2_501, contracts_to_order=0, held_entry=[2_000])
    assert costs.liquidation_price[0] == pytest.approx((20_000 / 3 + 20_000) / 10.04)
    assert round(costs.liquidation_price[0]) == 2_656
    assert costs.entry[0] == 2_000 and costs.collateral[0] == pytest.approx(20_000 / 3)
    as_if_opened_now = one_order(-10, price=2_501, contracts_to_order=0)
    assert as_if_opened_now.liquidation_price[0] == pytest.approx(2_501 * 4 / 3 / 1.004)


def test_adding_to_a_short_averages_the_entry_and_adds_the_orders_margin():
    # 10 ETH short at 2 000 with 5 000 posted; sell 10 more at 2 500 (margin 25 000 / 3):
    # entry (20 000 + 25 000) / 20 = 2 250, margin 5 000 + 8 333.33
    costs = one_order(-10, price=2_500, contracts_to_order=-10, held_entry=[2_000], held_margin=[5_000])
    assert costs.entry[0] == pytest.approx(2_250)
    assert costs.collateral[0] == pytest.approx(5_000 + 25_000 / 3)
    assert costs.margin[0] == pytest.approx(5_000 + 25_000 / 3)
    assert costs.liquidation_price[0] == pytest.approx((5_000 + 25_000 / 3 + 20 * 2_250) / (20 * 1.004))


def test_reducing_keeps_the_entry_and_the_share_of_margin_left():
    # 10 short at 2 000 with 6 000 posted; buy back 4: 6 short at 2 000 with 3 600
    costs = one_order(-10, price=2_500, contracts_to_order=4, held_entry=[2_000], held_margin=[6_000])
    assert costs.entry[0] == 2_000 and costs.collateral[0] == pytest.approx(3_600)
    assert costs.liquidation_price[0] == pytest.approx((3_600 + 6 * 2_000) / (6 * 1.004))


def test_flipping_side_opens_a_new_position_at_the_mark():
    # 10 short at 2 000; buy 15: 5 long at 2 500 with 12 500 / 3
    costs = one_order(-10, price=2_500, contracts_to_order=15, held_entry=[2_000], held_margin=[6_000])
    assert costs.resulting_contracts[0] == 5 and costs.entry[0] == 2_500
    assert costs.collateral[0] == pytest.approx(12_500 / 3)
    assert costs.liquidation_price[0] == pytest.approx((12_500 / 3 - 5 * 2_500) / (5 * 0.004 - 5))


def test_a_cross_position_reads_the_accounts_collateral():
    # 10 short at 2 000 in a cross account whose wallet + others' P&L − others' maintenance is 4 000:
    # (4 000 + 20 000) / (10 × 1.004)
    costs = one_order(-10, price=2_500, contracts_to_order=0, held_entry=[2_000], cross_collateral=[4_000])
    assert costs.liquidation_price[0] == pytest.approx(24_000 / 10.04)
    assert costs.margin[0] == pytest.approx(25_000 / 3)  # the initial margin at 3×, for the venue's share


def test_the_tier_at_liquidation_applies_to_the_orders_position():
    """Issue 21 A5 on a plan: an 8 M short at 60 000 at 3× on BTCUSDT's tiers shows 78 092.62, not 78 168."""
    caps = [50_000, 250_000, 1_000_000, 10_000_000, 20_000_000]
    rates = [0.004, 0.005, 0.01, 0.025, 0.05]
    plan = rebalance(["BTC"], [8_000_000], [0], [0.0], [60_000], lot_sizes=[1e-9])
    costs = costs_of_orders(plan, [0.0001], [8], [0], SETTINGS, tiers=[(caps, rates, [125, 100, 50, 20, 10])])
    assert costs.resulting_notional[0] == pytest.approx(-8_000_000)
    assert costs.liquidation_price[0] == pytest.approx(78_092.62, abs=0.01)
    assert (costs.maint_margin_rate[0], costs.maint_amount[0]) == pytest.approx((0.05, 266_300))
