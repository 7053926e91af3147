"""fetch_market as a whole: caching, parallel venues, stale rows, the sample."""

import time

import pandas as pd
import pytest
from werkzeug import Response

from hedgebook.core import hedge_size
from hedgebook.market import COLUMNS, fetch_market, keep_previous_rows, load_sample

from .routes import requests_to
from .venues import serve_all, serve_venue


def serve_binance(server):
    serve_venue(server, "binance")


def test_instrument_specs_are_cached_on_disk(market_server, tmp_path):
    serve_binance(market_server)
    first = fetch_market(["binance"], timeout=5)
    second = fetch_market(["binance"], timeout=5)
    assert first.errors == second.errors == {}
    assert requests_to(market_server, "/fapi/v1/exchangeInfo") == 1  # the second came from the cache
    assert requests_to(market_server, "/fapi/v1/premiumIndex") == 2  # live data is never cached
    assert any((tmp_path / "cache").iterdir())


def test_no_cache_when_asked(market_server, monkeypatch):
    monkeypatch.setenv("HEDGEBOOK_NO_CACHE", "1")
    serve_binance(market_server)
    fetch_market(["binance"], timeout=5)
    fetch_market(["binance"], timeout=5)
    assert requests_to(market_server, "/fapi/v1/exchangeInfo") == 2


def test_all_venues_together(market_server):
    serve_all(market_server)
    snapshot = fetch_market(assets=["BTC", "ETH"], timeout=5)
    assert snapshot.errors == {}
    assert list(snapshot.table.columns) == list(COLUMNS)
    assert set(snapshot.table["venue"]) == {
        "binance", "binance_coinm", "binance_spot", "bybit", "okx", "deribit", "bingx", "mexc", "weex", "coingecko"
    }
    assert set(snapshot.table["base"]) == {"BTC", "ETH"}
    assert (snapshot.table["status"] == "ok").all()
    assert snapshot.table["updated_at"].notna().all()


SLOW_S = 1.0
"""How late each slow answer of the parallel test comes."""


def test_venues_are_fetched_in_parallel(market_server):
    import json

    from .venues.bodies.deribit import INSTRUMENTS, SUMMARY
    from .venues.clock import T0

    def slow(body):
        def handler(request):
            time.sleep(SLOW_S)
            return Response(json.dumps(body), content_type="application/json")

        return handler

    market_server.expect_request("/api/v3/ticker/price").respond_with_handler(
        slow([{"symbol": "BTCUSDT", "price": "1"}]))
    market_server.expect_request("/api/v3/simple/price").respond_with_handler(
        slow({"bitcoin": {"usd": 1, "last_updated_at": T0 // 1000}}))
    market_server.expect_request("/api/v2/public/get_book_summary_by_currency").respond_with_handler(
        slow(SUMMARY["BTC"]))
    market_server.expect_request("/api/v2/public/get_instruments").respond_with_handler(slow(INSTRUMENTS["BTC"]))
    serve_all(market_server)  # binance_spot's lot sizes, answered at once
    start = time.perf_counter()
    snapshot = fetch_market(["binance_spot", "coingecko", "deribit"], ["BTC"], timeout=5)
    elapsed = time.perf_counter() - start
    assert snapshot.errors == {}
    # In sequence, the 4 slow requests take 4 × SLOW_S (binance_spot's second request is cheap); in parallel,
    # Deribit's two, one after the other: 2 × SLOW_S, and the rest is margin for a busy machine.
    assert elapsed < 3.2 * SLOW_S, elapsed


def test_failed_venue_keeps_its_previous_rows_marked_stale(market_server):
    serve_all(market_server)
    good = fetch_market(["binance", "bybit"], ["BTC"], timeout=5)
    market_server.clear()
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=451)
    serve_all(market_server)
    fresh = fetch_market(["binance", "bybit"], ["BTC"], timeout=5)
    merged = keep_previous_rows(fresh, good.table)
    binance = merged[merged["venue"] == "binance"]
    assert len(binance) == len(good.table[good.table["venue"] == "binance"]) > 0
    assert (binance["status"] == "stale: not available from your location (HTTP 451)").all()
    assert binance.set_index("symbol").loc["BTCUSDT"].mark_price == 60_000  # last good values kept
    assert (merged[merged["venue"] == "bybit"]["status"] == "ok").all()
    assert list(merged.columns) == list(COLUMNS)


def test_keep_previous_rows_without_failures_is_the_new_table(market_server):
    serve_binance(market_server)
    snapshot = fetch_market(["binance"], timeout=5)
    assert keep_previous_rows(snapshot, load_sample().table) is snapshot.table


def test_sample_is_labelled_and_gives_the_worked_example():
    sample = load_sample()
    assert sample.label.startswith("SAMPLE DATA") and "2025-01-14 08:00 UTC" in sample.label
    table = sample.table.set_index(["venue", "symbol"])
    btc, eth = table.loc[("binance", "BTCUSDT")], table.loc[("binance", "ETHUSDT")]
    assert (btc.mark_price, eth.mark_price) == (60_000, 3_000)
    assert btc.funding_apr == pytest.approx(0.1095)
    assert hedge_size(65_000, 0.5, 100_000, btc.mark_price, btc.contract_size, btc.lot_size) == -0.25
    assert hedge_size(35_000, 0.5, 100_000, eth.mark_price, eth.contract_size, eth.lot_size) == 5
    quarter = table.loc[("binance", "BTCUSDT_250328")]
    assert (quarter.expiry - pd.Timestamp(sample.fetched_at)).days == 73
    assert list(sample.table.columns) == list(COLUMNS)
