"""The rebalance plan: orders, weights, validation."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import TABLE_HEADER, Holding, plan_rebalance, rebalance

WORKED_EXAMPLE = [
    Holding("BTC", quantity=65_000 / 60_000, price=60_000, target_weight=0.5, lot_size=0.001),
    Holding("ETH", quantity=35_000 / 3_000, price=3_000, target_weight=0.5, lot_size=0.001),
]


def test_worked_example_orders():
    plan = plan_rebalance(WORKED_EXAMPLE)
    assert plan.portfolio_value == pytest.approx(100_000)
    btc, eth = plan.orders
    assert (btc.asset, btc.side, btc.contracts) == ("BTC", "sell", -0.25)
    assert (eth.asset, eth.side, eth.contracts) == ("ETH", "buy", 5.0)
    assert btc.notional == pytest.approx(-15_000)
    assert eth.notional == pytest.approx(15_000)
    assert (btc.current_weight, eth.current_weight) == pytest.approx((0.65, 0.35))
    assert (btc.post_trade_weight, eth.post_trade_weight) == pytest.approx((0.5, 0.5))
    assert plan.cash_weight == 0


def test_columnar_form_and_table():
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [None, None], [0.5, 0.5], [60_000, 3_000])
    table = plan.table()
    assert table[0] == list(TABLE_HEADER)
    assert table[1] == ["BTC", 0.65, 0.5, -15_000.0, "sell", -0.25, 0.5]
    assert table[2] == ["ETH", 0.35, 0.5, 15_000.0, "buy", 5.0, 0.5]


def test_blank_is_none_and_text_is_not_a_number():
    """Empty text is an Excel idea: the adapters turn it into None; core takes only None as blank."""
    with pytest.raises(ValueError, match=r"futures_notionals must be a number, got '' \(row 2\)"):
        rebalance(["BTC", "ETH"], [65_000, 35_000], [None, ""], [0.5, 0.5], [60_000, 3_000])


def test_existing_futures_are_counted():
    # BTC already short 10 000: only 5 000 more to sell
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [-10_000, 0], [0.5, 0.5], [60_000, 3_000])
    assert plan.trade_notionals[0] == pytest.approx(-5_000)
    assert plan.current_weights[0] == pytest.approx(0.55)


def test_lot_rounding_and_post_trade_weight_use_the_rounded_size():
    # -15 250 / 60 000 = -0.254166 BTC -> -0.254 BTC = -15 240 USD
    plan = rebalance(["BTC", "ETH"], [65_250, 34_750], [0, 0], [0.5, 0.5], [60_000, 3_000], lot_sizes=[0.001, 0.01])
    assert plan.contracts[0] == -0.254
    assert plan.trade_notionals[0] == pytest.approx(-15_240)
    assert plan.post_trade_weights[0] == pytest.approx(0.5001)


def test_inverse_contracts():
    plan = rebalance(["BTC"], [100_000], [0], [0.5], [60_000], contract_sizes=[100], inverse=[True])
    assert plan.contracts[0] == -500
    assert plan.trade_notionals[0] == -50_000


def test_remainder_is_cash():
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.4, 0.4], [60_000, 3_000])
    assert plan.cash_weight == pytest.approx(0.2)
    assert plan.trade_notionals.tolist() == pytest.approx([-25_000, 5_000])


def test_weights_within_tolerance_are_full():
    plan = rebalance(["BTC", "ETH"], [65_000, 35_000], [0, 0], [0.5, 0.5 + 5e-7], [60_000, 3_000])
    assert plan.cash_weight == 0


def test_asset_with_no_coins_can_be_bought_with_futures():
    plan = rebalance(["BTC", "SOL"], [100_000, 0], [0, 0], [0.8, 0.2], [60_000, 200])
    assert plan.contracts.tolist() == pytest.approx([-1 / 3, 100])


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(prices=[60_000, 0]), "ETH: price must be > 0, got 0.0"),
        (dict(prices=[-5, 3_000]), "BTC: price must be > 0, got -5.0"),
        (dict(prices=[math.nan, 3_000]), "BTC: price must be a finite number, got nan"),
        (dict(spot_values=[65_000, math.nan]), "ETH: spot value must be a finite number, got nan"),
        (dict(spot_values=[65_000, -1]), "ETH: spot value must be >= 0, got -1.0"),
        (dict(target_weights=[0.6, math.inf]), "ETH: target weight must be a finite number, got inf"),
        (dict(target_weights=[0.6, 0.5]), "target weights sum to 1.1 (110%), more than the whole portfolio: type "
                                          "each as a fraction (0.5) or a percentage (50 %), together at most 1"),
        (dict(assets=["BTC", ""]), "asset name must be non-empty text, got '' (row 2)"),
        (dict(assets=["BTC", None]), "asset name must be non-empty text, got None (row 2)"),
        (dict(assets=["BTC", "btc"]), "asset 'btc' appears twice (rows 1 and 2)"),
        (dict(prices=[60_000]), "prices has 1 values for 2 assets"),
        (dict(prices=[60_000, "n/a"]), "prices must be a number, got 'n/a' (row 2)"),
        (dict(spot_values=[0, 0]), "portfolio value (sum of spot values) must be > 0, got 0.0"),
        (dict(contract_sizes=[1, 0]), "ETH: contract size must be > 0, got 0.0"),
        (dict(lot_sizes=[-1, 0]), "BTC: lot size must be >= 0, got -1.0"),
        (dict(target_weights=[0.5, None]), "target_weights is required (missing in row 2)"),
        (dict(hedge_ratios=[1.0, 0.0]), "ETH: hedge ratio must be > 0, got 0.0"),
        (dict(hedge_ratios=[-0.4, 1.0]), "BTC: hedge ratio must be > 0, got -0.4"),
        (dict(hedge_ratios=[math.nan, 1.0]), "BTC: hedge ratio must be a finite number, got nan"),
    ],
)
def test_rejected_input_names_asset_and_value(change, message):
    args = dict(
        assets=["BTC", "ETH"],
        spot_values=[65_000, 35_000],
        futures_notionals=[0, 0],
        target_weights=[0.5, 0.5],
        prices=[60_000, 3_000],
    )
    args.update(change)
    with pytest.raises(ValueError) as error:
        rebalance(**args)
    assert str(error.value) == message


def test_negative_quantity_is_rejected():
    with pytest.raises(ValueError, match="BTC: quantity must be a finite number >= 0, got -1.0"):
        plan_rebalance([Holding("BTC", -1, 60_000, 1.0)])


def test_no_assets():
    with pytest.raises(ValueError, match="no assets given"):
        rebalance([], [], [], [], [])


# Sizing by the hedge ratio β, by hand: SOL 20 000 and BTC 80 000 (portfolio 100 000), SOL's hedge at 3 000 USD.
# A futures notional N counts N / β against SOL; closing a gap of G USD of exposure takes β × G of futures.
@pytest.mark.parametrize(
    "beta, futures, target, exposure, notional, after",
    [
        (1.0, 0.0, 0.1, 20_000, -10_000, 0.1),  # notional matching, as without β
        (2.0, 0.0, 0.1, 20_000, -20_000, 0.1),  # the hedge moves half as much: twice the notional
        (0.5, 0.0, 0.0, 20_000, -10_000, 0.0),  # moves twice as much: half the notional, fully hedged
        (2.0, -10_000, 0.1, 15_000, -10_000, 0.1),  # a short of 10 000 counts as 5 000: 10 000 more to sell
        (1.25, -25_000, 0.2, 0, 25_000, 0.2),  # over-hedged: buy back 1.25 × 20 000
    ],
)
def test_sizing_by_hedge_ratio(beta, futures, target, exposure, notional, after):
    plan = rebalance(["SOL", "BTC"], [20_000, 80_000], [futures, 0], [target, 0.8], [3_000, 60_000],
                     hedge_ratios=[beta, 1.0])
    assert plan.spot_values[0] + plan.futures_notionals[0] / beta == pytest.approx(exposure)
    assert plan.current_weights[0] == pytest.approx(exposure / 100_000)
    assert plan.trade_notionals[0] == pytest.approx(notional)
    assert plan.contracts[0] == pytest.approx(notional / 3_000)
    assert plan.post_trade_weights[0] == pytest.approx(after)
    assert plan.hedge_ratios.tolist() == [beta, 1.0]


def test_hedge_ratio_lot_rounding_never_crosses_the_target():
    # -20 000 / 3 000 = -6.667 contracts -> -6 at a lot of 1: 18 000 of ETH = 9 000 of SOL's exposure
    plan = rebalance(["SOL", "BTC"], [20_000, 80_000], [0, 0], [0.1, 0.8], [3_000, 60_000], lot_sizes=[1, 0],
                     hedge_ratios=[2.0, 1.0])
    assert plan.contracts[0] == -6
    assert plan.post_trade_weights[0] == pytest.approx(0.11)


def test_holding_records_carry_their_hedge_ratio():
    plan = plan_rebalance([Holding("SOL", 100, 200, 0.0, hedge_ratio=1.5), Holding("BTC", 1, 80_000, 0.8)])
    assert plan.trade_notionals[0] == pytest.approx(-30_000)


@st.composite
def portfolios(draw):
    n = draw(st.integers(min_value=1, max_value=10))
    spot = draw(st.lists(st.floats(min_value=0, max_value=1e7), min_size=n, max_size=n))
    if sum(spot) < 1:
        spot[0] = 1.0
    futures = draw(st.lists(st.floats(min_value=-1e7, max_value=1e7), min_size=n, max_size=n))
    raw = draw(st.lists(st.floats(min_value=0, max_value=1), min_size=n, max_size=n))
    total = sum(raw) or 1.0
    cash = draw(st.floats(min_value=0, max_value=0.5))
    weights = [w / total * (1 - cash) for w in raw]
    prices = draw(st.lists(st.floats(min_value=1e-3, max_value=1e6), min_size=n, max_size=n))
    ratios = draw(st.one_of(st.none(), st.lists(st.floats(min_value=0.1, max_value=5), min_size=n, max_size=n)))
    return [f"A{i}" for i in range(n)], spot, futures, weights, prices, ratios


@given(portfolios())
def test_post_trade_weights_equal_targets_without_lot_rounding(portfolio):
    assets, spot, futures, weights, prices, ratios = portfolio
    plan = rebalance(assets, spot, futures, weights, prices, hedge_ratios=ratios)
    # futures of 8.6 M against a portfolio of 1 USD cancel to within binary noise of 8.6 M, not of 1
    counted = np.array(futures) / (np.array(ratios) if ratios else 1.0)
    scale = max(1.0, float(np.max(np.abs(np.array(spot) + counted))) / plan.portfolio_value)
    np.testing.assert_allclose(plan.post_trade_weights, weights, atol=1e-9 * scale)
    np.testing.assert_allclose(plan.post_trade_weights.sum() + plan.cash_weight, 1.0, atol=1e-6 * scale)
    assert all((c < 0) == (s == "sell") for c, s in zip(plan.contracts, plan.sides))
