"""Bybit v5: linear and inverse, perpetual and dated; instruments paginated with a cursor; retCode errors."""

import math

import pandas as pd
import pytest

from hedgebook.market import fetch_market
from hedgebook.market.errors import VenueBadAnswer, VenueErrorCode

from ..routes import route
from . import Fault, read_recorded, serve, serve_venue
from .clock import NEXT, NEXT_4H, NEXT_TS, QUARTER, QUARTER_TS, T0


def envelope(category, listing, cursor=None):
    result = {"category": category, "list": listing}
    if cursor is not None:
        result["nextPageCursor"] = cursor
    return {"retCode": 0, "retMsg": "OK", "retExtInfo": {}, "time": T0, "result": result}


def ticker(symbol, last, index, mark, oi, oi_value, rate, next_time, delivery="0"):
    return {
        "symbol": symbol, "lastPrice": last, "indexPrice": index, "markPrice": mark, "prevPrice24h": last,
        "price24hPcnt": "0.01", "highPrice24h": last, "lowPrice24h": last, "prevPrice1h": last,
        "openInterest": oi, "openInterestValue": oi_value, "turnover24h": "1", "volume24h": "1",
        "fundingRate": rate, "nextFundingTime": next_time, "predictedDeliveryPrice": "", "basisRate": "",
        "deliveryFeeRate": "", "deliveryTime": delivery, "ask1Size": "1", "bid1Price": last, "ask1Price": last,
        "bid1Size": "1", "basis": "",
    }


def instrument(symbol, contract_type, base, quote, interval, step, delivery="0", status="Trading"):
    return {
        "symbol": symbol, "contractType": contract_type, "status": status, "baseCoin": base, "quoteCoin": quote,
        "launchTime": "1585526400000", "deliveryTime": delivery, "deliveryFeeRate": "", "priceScale": "2",
        "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00", "leverageStep": "0.01"},
        "priceFilter": {"minPrice": "0.10", "maxPrice": "199999.80", "tickSize": "0.10"},
        "lotSizeFilter": {"maxOrderQty": "100.000", "minOrderQty": step, "qtyStep": step,
                          "postOnlyMaxOrderQty": "1000.000", "maxMktOrderQty": "100.000",
                          **({"minNotionalValue": "5"} if quote != "USD" else {})},
        "unifiedMarginTrade": True, "fundingInterval": interval, "settleCoin": quote if quote != "USD" else base,
        "copyTrading": "both", "upperFundingRate": "0.00375", "lowerFundingRate": "-0.00375",
    }


TICKERS = {
    "linear": envelope("linear", [
        ticker("BTCUSDT", "60010.00", "59990.00", "60000.00", "60000.000", "3600000000.00", "0.0001", str(NEXT)),
        ticker("ETHUSDT", "3001.00", "2999.50", "3000.00", "1500000.00", "4500000000.00", "0.00005", str(NEXT_4H)),
        ticker("BTC-28MAR25", "61210.00", "59990.00", "61200.00", "100.000", "6120000.00", "", "0", str(QUARTER)),
    ]),
    "inverse": envelope("inverse", [
        ticker("BTCUSD", "60005.00", "59990.00", "60000.00", "600000000", "10000.00", "0.0001", str(NEXT)),
    ]),
}
INSTRUMENTS = {
    "linear": [
        instrument("BTCUSDT", "LinearPerpetual", "BTC", "USDT", 480, "0.001"),
        instrument("ETHUSDT", "LinearPerpetual", "ETH", "USDT", 240, "0.01"),
        instrument("BTC-28MAR25", "LinearFutures", "BTC", "USDC", 0, "0.001", delivery=str(QUARTER)),
        instrument("OLDUSDT", "LinearPerpetual", "OLD", "USDT", 480, "1", status="Closed"),
    ],
    "inverse": [instrument("BTCUSD", "InversePerpetual", "BTC", "USD", 480, "1")],
}


def risk_limit(symbol, value, maintenance, initial, leverage, deduction="", tier=1):
    return {"id": tier, "symbol": symbol, "riskLimitValue": value, "maintenanceMargin": maintenance,
            "initialMargin": initial, "isLowestRisk": 1 if tier == 1 else 0, "maxLeverage": leverage,
            "mmDeduction": deduction}


RISK_LIMITS = {
    ("linear", "BTCUSDT"): envelope("linear", [
        risk_limit("BTCUSDT", "2000000", "0.005", "0.01", "100.00"),
        risk_limit("BTCUSDT", "2600000", "0.0056", "0.0112", "89.28", "1200", 2),
        risk_limit("BTCUSDT", "3200000", "0.0062", "0.0124", "80.64", "2760", 3),
    ], ""),
    ("linear", "ETHUSDT"): envelope("linear", [risk_limit("ETHUSDT", "1000000", "0.005", "0.01", "100.00")], ""),
    ("inverse", "BTCUSD"): envelope("inverse", [  # an inverse limit is in coins: 150 BTC
        risk_limit("BTCUSD", "150", "0.005", "0.01", "100.00"),
        risk_limit("BTCUSD", "300", "0.01", "0.015", "66.67", "0.75", 2),
    ], ""),
}
"""``/v5/market/risk-limit`` per symbol, as documented: limits in USD (linear) or coins (inverse), rates as
fractions."""


def routes(tickers=TICKERS, instruments=INSTRUMENTS, risk_limits=RISK_LIMITS):
    return [
        *(route("/v5/market/tickers", tickers[c], category=c) for c in ("linear", "inverse")),
        *(route("/v5/market/instruments-info", envelope(c, instruments[c], ""), category=c, limit=1000)
          for c in ("linear", "inverse")),
        *(route("/v5/market/risk-limit", body, category=c, symbol=symbol) for (c, symbol), body in risk_limits.items()),
    ]


ROUTES = routes()
FAULT = Fault("/v5/market/tickers", TICKERS["linear"], "markPrice")
ERROR_BODY = {"retCode": 10006, "retMsg": "Too many visits!", "result": {}}
SPEC_PATH = "/v5/market/instruments-info"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a linear perpetual (lots of 0.001 coin) and an inverse one (lots of one 1-USD
    contract, as Bybit lists them)."""
    tickers, instruments = {}, {}
    for category, suffix, kind, step in (("linear", "USDT", "LinearPerpetual", "0.001"),
                                         ("inverse", "USD", "InversePerpetual", "1")):
        tickers[category] = envelope(category, [ticker(f"{a}{suffix}", str(p), str(p), str(p), "100", "1000", "0.0001",
                                                       str(NEXT)) for a, p in prices.items()])
        instruments[category] = [instrument(f"{a}{suffix}", kind, a, suffix, 480, step) for a in prices]
    limits = {(c, f"{a}{suffix}"): envelope(c, [risk_limit(f"{a}{suffix}", "2000000" if c == "linear" else "150",
                                                           "0.005", "0.01", "100.00")], "")
              for c, suffix in (("linear", "USDT"), ("inverse", "USD")) for a in prices}
    return routes(tickers, instruments, limits)


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
