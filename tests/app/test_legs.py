"""Unwind and switch legs, checked by hand on the worked example (sample market, 2025-01-14 08:00 UTC)."""

import datetime as dt

import pytest

from hedgebook.app.after_plan import positions_after
from hedgebook.app.inputs import HoldingInput, PlanInputs, PositionInput, Settings
from hedgebook.app.legs import closing_legs, switch_legs, unwind_legs
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample

SAMPLE_TIME = dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
WORKED = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
          HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5))


def plan(holdings=WORKED, positions=()):
    return plan_from_market(PlanInputs(tuple(holdings), Settings(as_of=SAMPLE_TIME), tuple(positions)),
                            load_sample().table, SAMPLE_TIME)


def test_unwind_closes_what_the_plan_leaves():
    """After sell 0.25 BTCUSDT and buy 5 ETHUSDT: buy back 0.25 BTCUSDT, sell 5 ETHUSDT."""
    legs = unwind_legs(plan())
    assert [(leg.venue, leg.contract, leg.side, leg.contracts) for leg in legs] == [
        ("binance", "BTCUSDT", "buy", 0.25), ("binance", "ETHUSDT", "sell", -5.0)]


def test_unwind_includes_held_positions_and_nets_them_with_the_orders():
    """A −0.25 BTCUSDT short already held and at target: no order, and unwinding it is a buy of 0.25."""
    holdings = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
                HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.35))
    book = plan(holdings, [PositionInput("binance", "BTCUSDT", -0.25), PositionInput("okx", "BTC-USDT-SWAP", -1)])
    # BTC: 65 000 − 15 000 − 600 (1 OKX contract of 0.01 BTC) = 49 400.  BTC's hedge is Binance's: the plan closes
    # the OKX contract (issue 21 A8), and from the 50 000 left BTC is at its target: no order
    assert book.rebalance.contracts.tolist() == [0, 0]
    assert [leg.contracts for leg in closing_legs(book)] == [1]
    after = positions_after(book)
    assert after[("binance", "BTCUSDT")].contracts == -0.25
    assert after[("okx", "BTC-USDT-SWAP")].contracts == 0 and after[("okx", "BTC-USDT-SWAP")].notional == 0
    legs = {(leg.venue, leg.contract): (leg.side, leg.contracts) for leg in unwind_legs(book)}
    assert legs == {("binance", "BTCUSDT"): ("buy", 0.25)}  # what is held after the plan, closes included


def test_the_switch_of_a_short_perpetual_buys_the_perpetual_and_sells_the_dated():
    """The guide has these reversed.  BTC: the −0.25 short moves into BTCUSDT_250328 (73 days).

    Switch gain by hand: funding earned 15 000 × 0.0001 × 73 × 3 = 328.50 in the perpetual against a basis of
    15 000 × 2 % = 300 earned in the dated contract: −28.50, minus the fees and slippage of the two trades (issue 21
    D3), 2 × 15 000 × (0.05 % + 10 bps) = 45: −73.50.
    ETH, a long: pays 328.50 of funding or 300 of basis: +28.50 − 45 = −16.50.
    """
    btc, eth = switch_legs(plan())
    assert (btc.close.contract, btc.close.side, btc.close.contracts) == ("BTCUSDT", "buy", 0.25)
    assert (btc.open.contract, btc.open.side, btc.open.contracts) == ("BTCUSDT_250328", "sell", -0.25)
    assert btc.notional == pytest.approx(-15_000) and btc.days_to_expiry == pytest.approx(73)
    assert btc.switch_gain == pytest.approx(-73.5)
    assert (eth.close.side, eth.open.side, eth.open.contracts) == ("sell", "buy", 5.0)
    assert eth.switch_gain == pytest.approx(-16.5)


def test_an_inverse_hedge_switches_the_same_usd_into_the_dated_contract():
    """Deribit, 10 USD per contract on both: −15 000 USD is −1 500 BTC-PERPETUAL, then −1 500 BTC-28MAR25."""
    holdings = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="deribit", target_weight=0.5),
                HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="none", target_weight=0.35))
    (btc,) = switch_legs(plan(holdings))
    assert (btc.close.contract, btc.close.side, btc.close.contracts) == ("BTC-PERPETUAL", "buy", 1_500)
    assert (btc.open.contract, btc.open.side, btc.open.contracts) == ("BTC-28MAR25", "sell", -1_500)
    assert btc.notional == pytest.approx(-15_000)


def test_no_switch_without_a_hedge_or_a_dated_future():
    holdings = (HoldingInput("BTC", 1.0, venue="none"), HoldingInput("ETH", 10.0, venue="deribit", target_weight=0))
    book = plan(holdings)
    assert switch_legs(book) == []  # deribit lists no dated ETH future in the sample
    assert [leg.contract for leg in unwind_legs(book)] == ["ETH-PERPETUAL"]
