"""Every figure of a plan, from the worked example on the sample market (checked by hand in the README)."""

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from hedgebook.app.hedges import CROSS_HEDGE_HINT, Hedge
from hedgebook.app.inputs import HoldingInput, PlanInputs, Settings
from hedgebook.app.plan import compute_plan
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample

from .worked import SAMPLE_TIME, WORKED, suspect_market


@pytest.fixture(scope="module")
def book():
    return plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)


def test_the_worked_example(book):
    plan, costs = book.rebalance, book.costs
    assert plan.contracts.tolist() == [-0.25, 5.0]
    assert plan.trade_notionals.tolist() == pytest.approx([-15_000, 15_000])
    assert plan.portfolio_value == pytest.approx(100_000)
    assert costs.funding.tolist() == pytest.approx([-135, 135])  # the short receives at +0.01 %/8 h
    assert costs.margin.tolist() == pytest.approx([5_000, 5_000])  # 15 000 / 3
    assert costs.spot_cost[0] == pytest.approx(2_530)  # 15 + 15 + 25 % of the 10 000 gain
    assert costs.liquidation_price[0] == pytest.approx(79_681.27, abs=0.01)


def test_carry_of_the_dated_future(book):
    assert book.days_to_expiry[0] == pytest.approx(73)
    assert book.annualized_basis[0] == pytest.approx(0.10)  # (61 200 / 60 000 − 1) × 365 / 73
    assert book.dated_carry[0] == pytest.approx(-15_000 * 0.02 * 30 / 73)
    # fees and slippage on both legs (issue 21 D3): 2 × 15 000 × (0.05 % + 10 bps) = 45
    assert book.switch_gain[0] == pytest.approx(-28.5 - 2 * 15_000 * (0.0005 + 0.001))
    assert book.funding_apr.tolist() == pytest.approx([0.1095, 0.1095])


def test_settings_time_wins_over_the_fallback():
    later = SAMPLE_TIME + dt.timedelta(days=30)
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=later)), load_sample().table, SAMPLE_TIME)
    assert book.as_of == later and book.days_to_expiry[0] == pytest.approx(43)
    book = plan_from_market(PlanInputs(WORKED, Settings()), load_sample().table, later, now=SAMPLE_TIME)
    assert book.as_of == later and book.settings.as_of == later


def test_a_holding_that_cannot_be_valued_stops_the_plan_and_is_named():
    hedges = [Hedge(symbol="BTCUSDT", price=60_000.0, spot_price=60_000.0, contract_size=1.0, lot_size=0.001),
              Hedge(data_status="no binance perpetual for USDC in the market data")]
    with pytest.raises(ValueError, match="USDC cannot be valued — no binance perpetual for USDC in the market data "
                                         "— and no other trusted price of it is known, so the portfolio's value"):
        compute_plan([WORKED[0], HoldingInput("USDC", 1_000)], Settings(as_of=SAMPLE_TIME), hedges)
    with pytest.raises(ValueError, match="no holdings"):
        compute_plan([], Settings(), [])


def test_an_order_from_a_suspect_price_is_withheld_and_the_rest_goes_on():
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME)), suspect_market(), SAMPLE_TIME)
    assert book.order_status == ["withheld: suspect: mark 600 is 99% from the reference 60,000 (limit 5%)", "ok"]
    assert book.rebalance.contracts.tolist() == [0.0, 5.0]  # ETH's order is the worked example's
    assert book.sides == ["withheld", "buy"]
    assert book.rebalance.post_trade_weights[0] == pytest.approx(0.65)  # BTC keeps its exposure
    assert math.isnan(book.costs.funding[0]) and book.costs.funding[1] == pytest.approx(135)
    assert book.hedges[0].spot_price == 60_000  # still valued, from the trusted references
    assert book.market.set_index(["venue", "symbol"]).loc[("binance", "BTCUSDT"), "status"].startswith("suspect")


def test_an_asset_without_a_perpetual_but_with_a_spot_price_keeps_its_exposure():
    holdings = WORKED + (HoldingInput("SOL", 100.0, venue="binance", target_weight=0.0),)
    table = load_sample().table
    spot = table[table["venue"] == "binance_spot"].iloc[[0]].assign(symbol="SOLUSDT", base="SOL", last_price=150.0)
    market = pd.concat([table, spot], ignore_index=True)
    book = plan_from_market(PlanInputs(holdings, Settings(as_of=SAMPLE_TIME)), market, SAMPLE_TIME)
    assert book.order_status[2] == "no hedge: binance lists no perpetual for SOL" + CROSS_HEDGE_HINT
    assert book.rebalance.portfolio_value == pytest.approx(115_000)  # SOL counts in the portfolio
    assert book.rebalance.contracts[2] == 0 and book.sides[2] == "no hedge"
    # the others are planned on 115 000: BTC (57 500 − 65 000) / 60 000, ETH (57 500 − 35 000) / 3 000 …
    assert book.rebalance.contracts.tolist()[:2] == [-0.125, 7.5]
    assert book.withheld.tolist() == [False, False, False]  # … and nothing is withheld: no exit code 3


def test_stale_data_is_said_with_its_time():
    later = SAMPLE_TIME + dt.timedelta(hours=3)
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=later)), load_sample().table, later)
    assert book.order_status == ["ok", "ok"] and book.stale.tolist() == [True, True]
    assert [q.data_as_of for q in book.hedges] == [SAMPLE_TIME, SAMPLE_TIME]
    assert book.hedges[0].data_status == "stale: data is 3 h old" and book.checked_at - book.hedges[0].data_as_of == \
        dt.timedelta(hours=3)
    assert book.rebalance.contracts.tolist() == [-0.25, 5.0]


def test_data_older_than_the_limit_gives_no_order():
    later = SAMPLE_TIME + dt.timedelta(days=8)
    with pytest.raises(ValueError, match="BTC cannot be valued — error: data is 8 days old \\(limit 7 days\\)"):
        plan_from_market(PlanInputs(WORKED, Settings(as_of=later)), load_sample().table, later)
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=later, max_data_age_days=10)), load_sample().table, later)
    assert book.stale.tolist() == [True, True]


def test_an_unknown_funding_interval_gives_no_apr_and_no_funding_rather_than_8_hours(book):
    """Issue 10: an APR of 5.475 % (8 h assumed) stood beside a funding cost of NaN."""
    hedges = [dataclasses.replace(q, interval_h=math.nan) for q in book.hedges]
    figures = compute_plan(list(WORKED), book.settings, hedges)
    assert np.isnan(figures.funding_apr).all() and np.isnan(figures.costs.funding).all()
    assert figures.rebalance.contracts.tolist() == [-0.25, 5.0]  # the orders do not need the interval


def _near_target(btc_value):
    """The worked example with BTC worth ``btc_value`` and ETH the rest of 100 000, both targeted at 50 %."""
    return (HoldingInput("BTC", btc_value / 60_000, 20_000.0, venue="binance", target_weight=0.5),
            HoldingInput("ETH", (100_000 - btc_value) / 3_000, 1_500.0, venue="binance", target_weight=0.5))


def test_drift_inside_the_no_trade_band_gives_no_order():
    """Issue 10: a setting, 1 % of the portfolio by default.  BTC at 50.4 %: 0.4 % off target."""
    book = plan_from_market(PlanInputs(_near_target(50_400), Settings(as_of=SAMPLE_TIME)), load_sample().table,
                            SAMPLE_TIME)
    assert book.rebalance.contracts.tolist() == [0, 0] and book.sides == ["none", "none"]
    assert book.order_status == ["ok", "ok"] and book.sized_contracts.tolist() == [-0.006, 0.133]
    narrow = Settings(as_of=SAMPLE_TIME, no_trade_band=0.001)
    book = plan_from_market(PlanInputs(_near_target(50_400), narrow), load_sample().table, SAMPLE_TIME)
    assert book.rebalance.contracts.tolist() == [-0.006, 0.133]  # 400 / 60 000, 400 / 3 000, cut to the lot


def test_an_order_below_the_venues_minimum_is_withheld_saying_both_numbers():
    """Binance BTCUSDT takes orders of 100 USD and more; ETHUSDT of 20 USD (the sample's figures)."""
    settings = Settings(as_of=SAMPLE_TIME, no_trade_band=0.0)
    book = plan_from_market(PlanInputs(_near_target(50_090), settings), load_sample().table, SAMPLE_TIME)
    # BTC: sell 90 / 60 000 = 0.0015 → 0.001 = 60 USD < 100; ETH: buy 90 / 3 000 = 0.03 = 90 USD >= 20
    assert book.order_status == ["withheld: 60.00 USD is below the minimum order of BTCUSDT, 100.00 USD", "ok"]
    assert book.rebalance.contracts.tolist() == [0, 0.03] and book.sides == ["withheld", "buy"]
    assert book.rebalance.post_trade_weights[0] == book.rebalance.current_weights[0]  # BTC keeps its exposure
    assert book.withheld.tolist() == [True, False]


def test_a_large_hedge_is_margined_in_its_tier():
    """Issue 10: 500 BTC (30 M USD) targeted at 50 %: a 250 BTC short at 60 000 with 5 M USD at 3×.

    Binance's BTCUSDT tiers (shipped, published 2021-03-18): 15 M USD is in tier 5, 5 % and an amount of
    266 300 USD, so the position liquidates at (5 000 000 + 266 300 + 15 000 000) / (250 × 1.05) = 77 204.95,
    not at 79 681.27 as one flat rate of 0.4 % would say.
    """
    holdings = (HoldingInput("BTC", 500.0, 20_000.0, venue="binance", target_weight=0.5),)
    book = plan_from_market(PlanInputs(holdings, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    assert book.rebalance.contracts.tolist() == [-250]
    assert book.hedges[0].tiers.source == "binance tiers published 2021-03-18 (shipped table)"
    assert book.costs.margin[0] == pytest.approx(5_000_000)
    assert (book.costs.maint_margin_rate[0], book.costs.maint_amount[0]) == pytest.approx((0.05, 266_300))
    assert book.costs.liquidation_price[0] == pytest.approx(77_204.95, abs=0.01)
    at_20x = plan_from_market(PlanInputs(holdings, Settings(as_of=SAMPLE_TIME, leverage=20)), load_sample().table,
                              SAMPLE_TIME)
    assert at_20x.costs.margin[0] == pytest.approx(1_500_000)  # tier 5 allows 10× at most


def test_a_contract_without_known_tiers_uses_the_settings_rate(book):
    eth = book.hedges[1]
    assert eth.symbol == "ETHUSDT" and eth.tiers is None
    assert book.costs.maint_margin_rate[1] == book.settings.maint_margin_rate and book.costs.maint_amount[1] == 0


def test_a_horizon_past_the_dated_futures_expiry_counts_the_roll():
    """Issue 10: expiry in 73 days, horizon 100 (the sample lists nothing later): one roll.

    Funding on the −15 000 short over 100 days: −15 000 × 0.0001 × 300 = −450.  Dated: basis earned
    15 000 × 2 % × 100 / 73 = −410.96, plus one roll of two trades at 0.05 % + 10 bps = 45: −365.96.
    """
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME, horizon_days=100)), load_sample().table,
                            SAMPLE_TIME)
    assert book.costs.funding[0] == pytest.approx(-450)
    assert book.rolls[0] == 1 and book.dated_carry[0] == pytest.approx(-365.96, abs=0.005)


def test_a_holding_hedged_with_the_dated_future():
    """Hedge instrument "dated": BTCUSDT_250328 at 61 200, 73 days away, pays no funding; its cost is its basis.

    Sell 15 000 / 61 200 = 0.2451 → 0.245 (−14 994); funding 0; basis earned 14 994 × 2 % × 30 / 73 = 123.24;
    fees and slippage of opening and closing 14 994 × 2 × (0.05 % + 0.10 %) = 44.98: futures cost −78.26.
    """
    holdings = (dataclasses.replace(WORKED[0], instrument="dated"), WORKED[1])
    book = plan_from_market(PlanInputs(holdings, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    assert book.hedges[0].symbol == "BTCUSDT_250328" and book.hedges[0].dated_hedge
    assert book.rebalance.contracts.tolist() == [-0.245, 5.0]
    assert book.rebalance.trade_notionals[0] == pytest.approx(-14_994)
    assert book.costs.funding[0] == 0 and book.funding_apr[0] == 0
    assert book.dated_carry[0] == pytest.approx(-123.24, abs=0.005)
    assert book.costs.futures_cost[0] == pytest.approx(-78.26, abs=0.005)
    assert math.isnan(book.switch_gain[0])  # no switch from a dated future into itself


def test_a_holding_of_no_coins_needs_no_price():
    """SOL typed with quantity 0 (a coin to watch, or one sold): worth 0 whatever its price; the sample market has
    none, and the other orders are the worked example's."""
    holdings = WORKED + (HoldingInput("SOL", 0.0, venue="binance"), HoldingInput("DOGE", 0.0, venue="none"))
    book = plan_from_market(PlanInputs(holdings, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    assert book.rebalance.contracts.tolist() == [-0.25, 5.0, 0, 0]
    assert book.rebalance.portfolio_value == pytest.approx(100_000)
    assert book.order_status[2] == "no hedge: binance lists no perpetual for SOL" + CROSS_HEDGE_HINT
    assert book.order_status[3] == "no hedge: no hedge venue"


def test_carrys_switch_gain_is_of_the_hedge_held_after_the_plan_as_orders_says():
    """Issue 21 D2: Carry applied the switch to the order (−68.34 in the report) and Orders to the hedge held after
    it (+186.76).  Here BTC (71 000 of coins) already short 0.1 BTCUSDT (−6 000) sells 12 000 / 60 000 = 0.2 more
    to reach its 53 000: the switch moves the −0.3 held after, −18 000, not the order's −12 000."""
    from hedgebook.app.inputs import PositionInput
    from hedgebook.app.legs import switch_legs
    from hedgebook.core import switch_gain

    held = (PositionInput("binance", "BTCUSDT", -0.1, 60_000.0),)
    worked = (dataclasses.replace(WORKED[0], quantity=(65_000 + 6_000) / 60_000), WORKED[1])
    book = plan_from_market(PlanInputs(worked, Settings(as_of=SAMPLE_TIME), held), load_sample().table, SAMPLE_TIME)
    assert book.rebalance.contracts[0] == pytest.approx(-0.2)
    (switch,) = [s for s in switch_legs(book) if s.asset == "BTC"]
    assert switch.notional == pytest.approx(-18_000)
    by_hand = switch_gain(-18_000, 0.0001, 60_000, 61_200, 73, 8, 0.0005, 10)
    assert book.switch_gain[0] == pytest.approx(by_hand) == pytest.approx(switch.switch_gain)


def test_each_holding_has_one_plan_line_with_its_own_figures(book):
    """A line carries what the parallel arrays hold for its holding: nothing is read by position elsewhere."""
    import dataclasses as dc

    from hedgebook.app.plan import OrderCostsLine
    from hedgebook.core import OrderCosts

    assert [f.name for f in dc.fields(OrderCostsLine)] == [f.name for f in dc.fields(OrderCosts)]
    btc, eth = book.lines
    assert (btc.holding.asset, btc.side, btc.order.contracts, str(btc.status)) == ("BTC", "sell", -0.25, "ok")
    assert (eth.hedge.symbol, eth.order.contracts, eth.costs.funding) == ("ETHUSDT", 5.0, book.costs.funding[1])
    assert btc.costs.liquidation_price == book.costs.liquidation_price[0] and btc.sizing.ratio == 1
