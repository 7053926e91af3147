"""Positions typed in contracts, marked to market at every refresh (issue 10), checked by hand.

The worked example a month later: BTC 1.08333 coins (65 000 at 60 000) with
the 0.25 BTC short of the first plan, ETH 11.6667 coins (35 000 at 3 000).
"""

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedgebook.app.hedges import Hedge
from hedgebook.app.inputs import HoldingInput, PlanInputs, PositionInput, Settings
from hedgebook.app.plan import compute_plan
from hedgebook.app.planning import plan_from_market
from hedgebook.app.positions import asset_hints, mark_position, mark_positions
from hedgebook.market import load_sample
from hedgebook.market.table import make_row, to_table

from .worked import SAMPLE_TIME, WORKED, moved_market

SHORT = PositionInput("binance", "BTCUSDT", -0.25, 60_000.0, row=5)


def plan(positions=(), holdings=WORKED, market=None):
    inputs = PlanInputs(holdings, Settings(as_of=SAMPLE_TIME), tuple(positions))
    return plan_from_market(inputs, load_sample().table if market is None else market, SAMPLE_TIME)


def test_a_short_is_re_valued_when_the_price_moves():
    marked = mark_position(SHORT, moved_market())
    assert (marked.asset, marked.symbol, marked.mark_price, marked.notional) == ("BTC", "BTCUSDT", 80_000, -20_000)
    assert marked.unrealized_pnl == pytest.approx(-5_000)  # short 0.25 BTC from 60 000 to 80 000
    assert mark_position(SHORT, load_sample().table).notional == -15_000


def test_an_inverse_position_is_worth_its_usd_per_contract():
    """Binance COIN-M BTCUSD_PERP: 100 USD per contract, whatever the price."""
    marked = mark_position(PositionInput("binance_coinm", "btcusd_perp", -150), moved_market())
    assert (marked.inverse, marked.contract_size, marked.notional) == (True, 100.0, -15_000)


def test_the_80_000_case_sells_0_072_btc_not_0_135():
    """Issue 10: with the short typed as −15 000 USD the plan said sell 0.135 BTC (weight 58.9 %)."""
    book = plan([SHORT], market=moved_market())
    # BTC spot 1.08333 × 80 000 = 86 666.67, short −20 000: exposure 66 666.67 of 121 666.67 = 54.79 %
    assert book.rebalance.futures_notionals.tolist() == pytest.approx([-20_000, 0])
    assert book.rebalance.current_weights[0] == pytest.approx(66_666.67 / 121_666.67, abs=1e-6)
    # target 60 833.33: sell 5 833.33 / 80 000 = 0.0729 BTC, cut toward zero to the lot of 0.001
    assert book.rebalance.contracts[0] == -0.072
    assert book.sides[0] == "sell" and book.order_status == ["ok", "ok"]
    # ETH: 60 833.33 − 35 000 = 25 833.33 / 3 000 = 8.6111 → 8.611
    assert book.rebalance.contracts[1] == 8.611


def test_margin_and_liquidation_are_those_of_the_position_the_order_leaves():
    """Issue 10: a −20 000 short (−0.333 BTC at 60 000) and a 50 % target gave "buy 0.083, liquidation 40 160.64",
    the price of a new isolated long of 0.083; the position left is a 0.25 BTC short."""
    book = plan([PositionInput("binance", "BTCUSDT", -0.333)])
    # exposure 65 000 − 19 980 = 45 020; target 50 000: buy 4 980 / 60 000 = 0.083
    assert book.rebalance.contracts[0] == 0.083 and book.held_contracts[0] == -0.333
    assert book.costs.resulting_contracts[0] == pytest.approx(-0.25)
    assert book.costs.resulting_notional[0] == pytest.approx(-15_000)
    assert book.costs.margin[0] == pytest.approx(5_000)  # 15 000 / 3
    # short 0.25 BTC at 60 000 with 5 000: (5 000 + 0.25 × 60 000) / (0.25 × 0.004 + 0.25) = 79 681.27
    assert book.costs.liquidation_price[0] == pytest.approx(79_681.27, abs=0.01)


def test_a_position_in_another_contract_counts_in_exposure_and_is_moved_to_the_hedge_contract():
    """Issue 21 A8: BTC's hedge is BTCUSDT, and it holds −10 000 USD on COIN-M.  That counts in its exposure now, but
    the plan closes it and opens the whole hedge, −15 000, on BTCUSDT: before, it added −5 000 on top."""
    book = plan([PositionInput("binance_coinm", "BTCUSD_PERP", -100)])  # −10 000 USD of BTC on COIN-M
    assert book.rebalance.futures_notionals[0] == -10_000 and book.held_contracts[0] == 0
    assert book.rebalance.current_weights[0] == pytest.approx(0.55)  # 65 000 − 10 000 of 100 000
    assert [(p.venue, p.symbol, p.contracts) for p in book.closing[0]] == [("binance_coinm", "BTCUSD_PERP", -100)]
    assert book.futures_kept[0] == 0
    assert book.rebalance.contracts[0] == pytest.approx(-0.25)  # the whole hedge, on BTCUSDT
    assert book.rebalance.post_trade_weights[0] == pytest.approx(0.5)
    assert book.costs.resulting_contracts[0] == book.rebalance.contracts[0]
    assert any("the plan closes binance_coinm BTCUSD_PERP -100" in note for note in book.notes)


def test_a_stablecoin_is_held_as_cash_and_the_other_orders_are_computed():
    """Issue 10: adding USDC raised "USDC: no binance perpetual…" and gave no order for anything."""
    market = pd.concat([load_sample().table, to_table([make_row(
        "coingecko", "usd-coin", "USDC", "USD", "spot", last_price=1.0, updated_at=SAMPLE_TIME)])],
        ignore_index=True)
    holdings = (*WORKED[:1], HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.4),
                HoldingInput("USDC", 10_000.0, venue="binance", target_weight=0.1))
    book = plan(holdings=holdings, market=market)
    assert book.order_status == ["ok", "ok", "no hedge: USDC is a stablecoin, held as cash"]
    assert book.rebalance.portfolio_value == pytest.approx(110_000)
    # of 110 000: BTC 65 000 → 55 000, sell 10 000 / 60 000 = 0.1667 → 0.166; ETH 35 000 → 44 000, buy 9 000 / 3 000
    assert book.rebalance.contracts.tolist() == [-0.166, 3.0, 0.0]
    assert book.sides == ["sell", "buy", "no hedge"] and not book.withheld.any()
    assert book.notes == ["USDC: USDC is a stablecoin, held as cash, so its weight stays 9.09%, not the 10.00% targeted"]


def test_a_position_that_cannot_be_marked_withholds_only_its_assets_order():
    market = moved_market()
    market.loc[(market["venue"] == "binance_coinm") & (market["symbol"] == "BTCUSD_PERP"), "mark_price"] = 800.0
    book = plan([SHORT, PositionInput("binance_coinm", "BTCUSD_PERP", -10, row=6)], market=market)
    assert book.order_status[0].startswith("withheld: Positions row 6 (binance_coinm BTCUSD_PERP) cannot be marked: "
                                           "suspect: mark 800")
    assert book.order_status[1] == "ok" and book.rebalance.contracts[0] == 0
    assert math.isnan(book.hedges[0].price)  # Holdings shows no price: the sheet computes no order either


def test_a_position_of_an_unknown_contract_withholds_every_order():
    """Its asset is unknown: it could be any holding's, so no order is safe."""
    book = plan([PositionInput("binance", "BTCUSDTX", -0.25, row=9)])
    assert book.order_status == ["withheld: Positions row 9 (binance BTCUSDTX): BTCUSDTX is not in binance's "
                                 "market data, so its asset's exposure is unknown: check the venue and symbol (as "
                                 "the Market sheet shows them), or add the asset to Holdings"] * 2
    assert book.rebalance.contracts.tolist() == [0, 0]


@pytest.mark.parametrize("position, problem", [
    (PositionInput("binance_spot", "BTCUSDT", 1), "BTCUSDT is a spot market, not a futures contract"),
    (PositionInput("kraken", "XBTUSD", 1), "no kraken market data (the venue was not read, or failed)"),
])
def test_what_cannot_be_marked_says_why(position, problem):
    assert mark_position(position, load_sample().table).problem == problem


def test_the_assets_a_refresh_must_read_for_the_positions():
    positions = [PositionInput("okx", "SOL-USDT-SWAP", 1), PositionInput("binance", "BTCUSD_PERP", 1),
                 PositionInput("deribit", "ETH-28MAR25", 1)]
    assert asset_hints(positions) == {"SOL", "BTC", "ETH"}


def _hedges(prices, lots):
    return [Hedge(symbol=f"C{i}", price=p, spot_price=p, contract_size=1.0, lot_size=lot, funding_rate=0.0001,
                  interval_h=8.0, data_status="ok") for i, (p, lot) in enumerate(zip(prices, lots))]


def _marked(hedges, holdings, contracts):
    table = to_table([make_row("v", q.symbol, h.asset, "USDT", "perp", "linear", mark_price=q.price,
                                   contract_size=1.0, updated_at=SAMPLE_TIME) for q, h in zip(hedges, holdings)])
    positions = [PositionInput("v", q.symbol, float(c)) for q, c in zip(hedges, contracts)]
    return mark_positions(positions, table)


portfolio = st.lists(
    st.tuples(st.floats(0.01, 1_000), st.floats(1, 100_000), st.sampled_from([0.001, 0.01, 0.1, 1.0]),
              st.floats(-0.5, 0.5), st.floats(0, 1)),
    min_size=1, max_size=5)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(portfolio, st.sampled_from([0.0, 0.01, 0.05]))
def test_replanning_right_after_the_orders_gives_no_order_and_lands_within_a_lot(rows, band):
    """Execute the orders (they become positions), plan again at the same prices: nothing left to do.

    Each asset lands within one lot of its target, or stays within the no-trade band of it."""
    total_weight = sum(r[4] for r in rows)
    holdings = [HoldingInput(f"A{i}", qty, venue="v", target_weight=w / max(total_weight, 1.0))
                for i, (qty, _, _, _, w) in enumerate(rows)]
    prices, lots = [r[1] for r in rows], [r[2] for r in rows]
    hedges = _hedges(prices, lots)
    held = [round(r[3] * r[0] / r[2]) * r[2] for r in rows]  # some futures already, whole lots
    plan_settings = Settings(as_of=SAMPLE_TIME, no_trade_band=band)
    first = compute_plan(holdings, plan_settings, hedges, SAMPLE_TIME, _marked(hedges, holdings, held))
    after = [h + c for h, c in zip(held, first.rebalance.contracts)]
    second = compute_plan(holdings, plan_settings, hedges, SAMPLE_TIME, _marked(hedges, holdings, after))
    assert np.allclose(second.rebalance.contracts, 0.0), (first.rebalance.contracts, second.rebalance.contracts)
    goal = first.rebalance.target_weights * first.rebalance.portfolio_value
    exposure_after = first.rebalance.spot_values + first.rebalance.futures_notionals + first.rebalance.trade_notionals
    one_lot = np.array(prices) * np.array(lots)
    within_lot = np.abs(exposure_after - goal) < one_lot * (1 + 1e-9) + 1e-6 * first.rebalance.portfolio_value
    within_band = np.abs(exposure_after - goal) <= band * first.rebalance.portfolio_value * (1 + 1e-9)
    assert np.all(within_lot | within_band)
    before = first.rebalance.spot_values + first.rebalance.futures_notionals
    slack = 1e-9 * first.rebalance.portfolio_value  # binary noise, a billionth of the portfolio
    assert np.all((exposure_after - goal) * np.sign(before - goal) >= -slack)  # never past the target


def test_marked_positions_carry_their_time():
    marked = mark_position(SHORT, load_sample().table)
    assert marked.data_as_of == SAMPLE_TIME and marked.status == "ok"
    assert isinstance(marked.data_as_of, dt.datetime)


def test_both_legs_of_a_moved_hedge_are_on_orders_and_in_the_json():
    """Issue 21 A8: BTC's −0.25 BTCUSDT short, and BTC now hedged on OKX: close it (buy 0.25 BTCUSDT), then sell
    the whole hedge on OKX, 15 000 / 60 000 / 0.01 = 25 contracts of BTC-USDT-SWAP."""
    from hedgebook.app.after_plan import positions_after
    from hedgebook.app.export import plan_as_json
    from hedgebook.excel.rows import order_rows

    moved = (dataclasses.replace(WORKED[0], venue="okx"), WORKED[1])
    book = plan([PositionInput("binance", "BTCUSDT", -0.25)], holdings=moved)
    rows = [row for row in order_rows(book) if row[0] == "BTC"]
    assert [row[1:6] for row in rows] == [["binance", "BTCUSDT", "buy", 0.25, 15_000.0],
                                          ["okx", "BTC-USDT-SWAP", "sell", -25.0, pytest.approx(-15_000)]]
    assert rows[0][9] == "close: the hedge is now okx BTC-USDT-SWAP" and rows[1][9] == "ok"
    assert plan_as_json(book)["closes"] == [{"asset": "BTC", "venue": "binance", "contract": "BTCUSDT", "side": "buy",
                                             "contracts": 0.25, "notional": 15_000.0,
                                             "reason": "the hedge is now okx BTC-USDT-SWAP"}]
    after = positions_after(book)
    assert after[("binance", "BTCUSDT")].notional == 0 and after[("okx", "BTC-USDT-SWAP")].notional == \
        pytest.approx(-15_000)
    assert after[("binance", "BTCUSDT")].contracts == 0 and after[("okx", "BTC-USDT-SWAP")].contracts == -25
