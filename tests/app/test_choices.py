"""Each way of holding a hedge, costed over the horizon, by hand on the sample market (funding +0.01 %/8 h on
every perpetual, dated futures 2 % over spot with 73 days to go, horizon 30 days)."""

import math

import pytest

from hedgebook.app.choices import hedge_choices
from hedgebook.app.inputs import HoldingInput
from hedgebook.excel.project import sample_plan


def test_the_worked_example_linear_inverse_and_dated():
    btc, eth = hedge_choices(sample_plan()[0])
    # the −15 000 short earns 15 000 × 0.0001 × 90 = 135 on either perpetual (Binance COIN-M is its inverse one),
    # and 15 000 × 2 % × 30 / 73 = 123.29 of basis in the dated future
    assert (btc.linear, btc.inverse, btc.dated) == ("BTCUSDT", "BTCUSD_PERP", "BTCUSDT_250328")
    assert (btc.linear_cost, btc.inverse_cost) == pytest.approx((-135, -135))
    assert btc.dated_cost == pytest.approx(-123.29, abs=0.005)
    assert btc.cheapest in ("BTCUSDT", "BTCUSD_PERP")  # the two perpetuals earn the same
    # the +15 000 long pays 135 of funding, or 123.29 of basis: the dated future is cheaper
    assert eth.linear_cost == pytest.approx(135) and eth.dated_cost == pytest.approx(123.29, abs=0.005)
    assert eth.cheapest == "ETHUSDT_250328"


def test_a_venue_without_an_inverse_perpetual_leaves_it_blank():
    holdings = [HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="bybit", target_weight=0.5),
                HoldingInput("BTC", 65_000 / 60_000, venue="none")]
    (eth,) = hedge_choices(sample_plan(holdings)[0])
    assert eth.venue == "bybit" and eth.linear == "ETHUSDT" and eth.inverse == "" and math.isnan(eth.inverse_cost)
