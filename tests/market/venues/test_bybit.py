"""Bybit v5: linear and inverse, perpetual and dated; instruments paginated with a cursor; retCode errors."""

import math

import pandas as pd
import pytest

from hedgebook.market import fetch_market
from hedgebook.market.errors import VenueBadAnswer, VenueErrorCode

from ..routes import route
from . import read_recorded, serve, serve_venue
from .bodies.bybit import INSTRUMENTS, RISK_LIMITS, ROUTES, TICKERS, envelope, risk_limit, routes
from .clock import NEXT_TS, QUARTER_TS


def test_linear_inverse_perpetual_and_dated():
    t, _, asked = read_recorded("bybit")
    assert sorted(t.index) == ["BTC-28MAR25", "BTCUSD", "BTCUSDT", "ETHUSDT"]  # closed OLDUSDT dropped
    btc = t.loc["BTCUSDT"]
    assert (btc.kind, btc.settle, btc.funding_rate, btc.funding_interval_h) == ("perp", "linear", 0.0001, 8)
    assert btc.next_funding_time == NEXT_TS
    assert (btc.open_interest, btc.open_interest_usd) == (60_000, 3_600_000_000)
    eth = t.loc["ETHUSDT"]
    assert eth.funding_interval_h == 4  # fundingInterval 240 minutes
    assert eth.funding_apr == pytest.approx(0.00005 * 6 * 365)
    assert (eth.lot_size, eth.min_qty, eth.min_notional) == (0.01, 0.01, 5)
    inverse = t.loc["BTCUSD"]
    assert (inverse.settle, inverse.contract_size) == ("inverse", 1.0)
    assert inverse.open_interest_usd == 600_000_000 and inverse.open_interest == pytest.approx(10_000)
    dated = t.loc["BTC-28MAR25"]
    assert (dated.kind, dated.quote, dated.expiry) == ("dated", "USDC", QUARTER_TS)
    assert math.isnan(dated.funding_rate) and math.isnan(dated.funding_interval_h)
    assert len(asked.asked) == 4


def test_instruments_are_paginated_with_cursor():
    linear = INSTRUMENTS["linear"]
    pages = [route("/v5/market/instruments-info", envelope("linear", linear[1:], ""), category="linear",
                   limit=1000, cursor="page2"),
             route("/v5/market/instruments-info", envelope("linear", linear[:1], "page2"), category="linear",
                   limit=1000)]
    t, _, asked = read_recorded("bybit", routes=pages + ROUTES)
    assert {"BTCUSDT", "ETHUSDT", "BTC-28MAR25"} <= set(t.index)
    assert len(asked.asked) == 5  # two pages of linear instruments
    assert [r.params.get("cursor") for r in asked.asked if r.params.get("category") == "linear"
            and r.path.endswith("instruments-info")] == [None, "page2"]


def test_retcode_error_in_a_200_answer_is_an_error_code():
    error = {"retCode": 10006, "retMsg": "Too many visits!", "result": {}, "retExtInfo": {}, "time": 1}
    with pytest.raises(VenueErrorCode, match="error 10006 from tickers: Too many visits!") as raised:
        read_recorded("bybit", overrides={"/v5/market/tickers": error})
    assert raised.value.code == "10006"


def test_the_same_table_through_a_local_server(market_server):
    serve_venue(market_server, "bybit")
    snapshot = fetch_market(["bybit"], timeout=5)
    recorded, _, _ = read_recorded("bybit")
    assert snapshot.errors == {} and snapshot.requests["bybit"] == 4
    pd.testing.assert_frame_equal(snapshot.table.set_index("symbol").sort_index(), recorded.sort_index())


def test_margin_tiers_of_the_named_assets_perpetuals_one_request_each():
    """Linear limits are USD; the inverse one is 150 BTC, 9 000 000 USD at the mark of 60 000."""
    t, result, asked = read_recorded("bybit", ["BTC", "ETH"])
    rows = {row["symbol"]: row for row in result.rows}
    btc = rows["BTCUSDT"]["tiers"]
    assert btc.caps == (2_000_000, 2_600_000, 3_200_000) and btc.rates == (0.005, 0.0056, 0.0062)
    assert btc.leverages == (100, 89.28, 80.64) and btc.source.startswith("bybit risk-limit")
    inverse = rows["BTCUSD"]["tiers"]
    assert inverse.caps == (150 * 60_000, 300 * 60_000) and inverse.rates == (0.005, 0.01)
    assert rows["BTC-28MAR25"].get("tiers") is None  # dated futures: no request
    tier_requests = [r for r in asked.asked if r.path == "/v5/market/risk-limit"]
    assert sorted((r.params["category"], r.params["symbol"]) for r in tier_requests) == [
        ("inverse", "BTCUSD"), ("linear", "BTCUSDT"), ("linear", "ETHUSDT")]
    assert not [w for w in result.warnings if "tiers" in w]


def test_tiers_in_another_unit_are_not_used_and_a_warning_says_why():
    """A maintenance margin of 0.5 with 100× leverage cannot be a fraction (it would be above the initial margin):
    the answer is not guessed at, the Settings rate is used."""
    percent = {**RISK_LIMITS, ("inverse", "BTCUSD"): envelope("inverse", [
        risk_limit("BTCUSD", "150", "0.5", "1", "100.00")], "")}
    _, result, _ = read_recorded("bybit", ["BTC"], routes=routes(risk_limits=percent))
    assert {row["symbol"]: row.get("tiers") for row in result.rows}["BTCUSD"] is None
    assert "bybit: margin tiers of BTCUSD not used: a maintenance rate above its tier's initial margin" in \
        result.warnings


def test_without_named_assets_no_tiers_are_asked():
    _, result, asked = read_recorded("bybit")
    assert not [r for r in asked.asked if r.path == "/v5/market/risk-limit"]


def test_a_category_listing_no_instruments_gives_no_rows_and_the_venue_goes_on(market_server):
    """Issue 21 B9: a healthy answer (retCode 0) listing no inverse instruments failed all of Bybit, its linear data
    included.  It gives no inverse rows, and the empty listing is not kept in the spec cache."""
    empty_inverse = routes(tickers={**TICKERS, "inverse": envelope("inverse", [])},
                           instruments={**INSTRUMENTS, "inverse": []})
    t, _, _ = read_recorded("bybit", routes=empty_inverse)
    assert sorted(t.index) == ["BTC-28MAR25", "BTCUSDT", "ETHUSDT"]
    serve(market_server, empty_inverse)
    snapshot = fetch_market(["bybit"], timeout=5)
    assert snapshot.errors == {} and set(snapshot.table["symbol"]) == {"BTC-28MAR25", "BTCUSDT", "ETHUSDT"}
    market_server.clear()
    serve_venue(market_server, "bybit")
    again = fetch_market(["bybit"], timeout=5)
    assert "BTCUSD" in set(again.table["symbol"])  # asked again: the empty listing was not cached


def test_a_venue_whose_every_listing_is_empty_fails():
    nothing = routes(tickers={c: envelope(c, []) for c in ("linear", "inverse")},
                     instruments={"linear": [], "inverse": []})
    with pytest.raises(VenueBadAnswer, match="instruments-info lists no instruments in any category"):
        read_recorded("bybit", routes=nothing)
