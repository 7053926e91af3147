"""Each venue parses bodies in its documented shape (tests/market/bodies.py) into the market table."""

import datetime as dt
import math

import pandas as pd
import pytest

from hedgebook.market import COLUMNS, fetch_market

from .servers import SERVERS, requests_to

UTC = dt.timezone.utc
NEXT = pd.Timestamp("2025-01-14 16:00", tz=UTC)
NEXT_4H = pd.Timestamp("2025-01-14 12:00", tz=UTC)
QUARTER = pd.Timestamp("2025-03-28 08:00", tz=UTC)
T0 = pd.Timestamp("2025-01-14 08:00", tz=UTC)


def fetch(server, venue, assets=None):
    SERVERS[venue](server)
    snapshot = fetch_market([venue], assets, timeout=5)
    assert snapshot.errors == {}
    assert list(snapshot.table.columns) == list(COLUMNS)
    return snapshot, snapshot.table.set_index("symbol")


def test_binance_usdm(market_server):
    snapshot, t = fetch(market_server, "binance")
    assert sorted(t.index) == ["BTCUSDT", "BTCUSDT_250328", "DOGEUSDT", "ETHUSDT"]  # LUNA settling: dropped
    btc = t.loc["BTCUSDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.index_price) == (60010.5, 60000.0, 59990.0)
    assert btc.funding_rate == 0.0001
    assert btc.funding_interval_h == 8  # absent from fundingInfo: the default
    assert btc.funding_apr == pytest.approx(0.1095)
    assert btc.next_funding_time == NEXT
    assert (btc.contract_size, btc.lot_size) == (1.0, 0.001)
    assert pd.isna(btc.expiry)
    assert btc.updated_at == T0 and btc.status == "ok"
    doge = t.loc["DOGEUSDT"]
    assert doge.funding_interval_h == 4
    assert doge.funding_apr == pytest.approx(0.0002 * 6 * 365)
    assert t.loc["ETHUSDT"].funding_rate == -0.00005  # shorts pay longs
    quarter = t.loc["BTCUSDT_250328"]
    assert quarter.kind == "dated" and quarter.expiry == QUARTER
    assert math.isnan(quarter.funding_rate) and pd.isna(quarter.next_funding_time)  # "" and 0 → missing, not 0
    assert math.isnan(quarter.open_interest)  # all assets: no per-symbol requests
    assert snapshot.requests["binance"] == 4


def test_binance_open_interest_only_for_assets_asked(market_server):
    snapshot, t = fetch(market_server, "binance", ["btc"])
    assert sorted(t.index) == ["BTCUSDT", "BTCUSDT_250328"]
    assert t.loc["BTCUSDT"].open_interest == 80_000
    assert t.loc["BTCUSDT"].open_interest_usd == 80_000 * 60_000
    assert t.loc["BTCUSDT_250328"].open_interest_usd == 4_000 * 61_200
    assert requests_to(market_server, "/fapi/v1/openInterest") == 2
    assert snapshot.requests["binance"] == 4 + 2


def test_binance_coinm_is_inverse_with_usd_contracts(market_server):
    _, t = fetch(market_server, "binance_coinm", ["BTC"])
    perp = t.loc["BTCUSD_PERP"]
    assert (perp.quote, perp.settle, perp.contract_size, perp.lot_size) == ("USD", "inverse", 100, 1)
    assert perp.funding_rate == 0.0001 and perp.funding_interval_h == 8
    # 6 000 000 contracts × 100 USD = 600 000 000 USD = 10 000 BTC at 60 000
    assert perp.open_interest_usd == 600_000_000
    assert perp.open_interest == pytest.approx(10_000)
    assert t.loc["BTCUSD_250328"].expiry == QUARTER


def test_binance_spot(market_server):
    snapshot, t = fetch(market_server, "binance_spot")
    assert sorted(t.index) == ["BTCUSDT", "ETHUSDT"]  # USDT pairs only
    assert t.loc["BTCUSDT"].last_price == 60001.0 and t.loc["BTCUSDT"].kind == "spot"
    assert math.isnan(t.loc["BTCUSDT"].lot_size) and snapshot.requests["binance_spot"] == 1
    snapshot, t = fetch(market_server, "binance_spot", ["BTC"])
    assert list(t.index) == ["BTCUSDT"] and t.loc["BTCUSDT"].lot_size == 0.00001


def test_bybit(market_server):
    snapshot, t = fetch(market_server, "bybit")
    assert sorted(t.index) == ["BTC-28MAR25", "BTCUSD", "BTCUSDT", "ETHUSDT"]  # closed OLDUSDT dropped
    btc = t.loc["BTCUSDT"]
    assert (btc.kind, btc.settle, btc.funding_rate, btc.funding_interval_h) == ("perp", "linear", 0.0001, 8)
    assert btc.next_funding_time == NEXT
    assert (btc.open_interest, btc.open_interest_usd) == (60_000, 3_600_000_000)
    eth = t.loc["ETHUSDT"]
    assert eth.funding_interval_h == 4  # fundingInterval 240 minutes
    assert eth.funding_apr == pytest.approx(0.00005 * 6 * 365)
    assert eth.lot_size == 0.01
    inverse = t.loc["BTCUSD"]
    assert (inverse.settle, inverse.contract_size) == ("inverse", 1.0)
    assert inverse.open_interest_usd == 600_000_000 and inverse.open_interest == pytest.approx(10_000)
    dated = t.loc["BTC-28MAR25"]
    assert (dated.kind, dated.quote, dated.expiry) == ("dated", "USDC", QUARTER)
    assert math.isnan(dated.funding_rate) and math.isnan(dated.funding_interval_h)
    assert snapshot.requests["bybit"] == 4


def test_okx(market_server):
    snapshot, t = fetch(market_server, "okx")
    linear = t.loc["BTC-USDT-SWAP"]
    assert (linear.base, linear.quote, linear.settle) == ("BTC", "USDT", "linear")
    assert (linear.contract_size, linear.lot_size) == (0.01, 0.01)  # 0.01 BTC per contract
    assert (linear.last_price, linear.mark_price, linear.index_price) == (60010.1, 60000.0, 59995.0)
    assert linear.funding_rate == 0.0001 and linear.funding_interval_h == 8
    assert linear.next_funding_time == NEXT
    assert (linear.open_interest, linear.open_interest_usd) == (25_000, 1_500_000_000)
    inverse = t.loc["BTC-USD-SWAP"]
    assert (inverse.settle, inverse.contract_size, inverse.index_price) == ("inverse", 100, 59990.0)
    eth = t.loc["ETH-USDT-SWAP"]
    assert eth.funding_interval_h == 4 and eth.funding_rate == -0.00002  # interval from the two funding times
    dated = t.loc["BTC-USD-250328"]
    assert (dated.kind, dated.expiry, dated.mark_price) == ("dated", QUARTER, 61200.0)
    assert math.isnan(dated.funding_rate)
    assert snapshot.requests["okx"] == 4 * 2 + 1 + 3


def test_deribit(market_server):
    snapshot, t = fetch(market_server, "deribit")
    perp = t.loc["BTC-PERPETUAL"]
    assert (perp.kind, perp.settle, perp.quote) == ("perp", "inverse", "USD")
    assert perp.funding_rate == 0.0001 and perp.funding_interval_h == 8  # funding_8h is an 8-hour rate
    assert perp.index_price == 59990.0 and perp.mark_price == 60000.0
    assert perp.open_interest_usd == 1_200_000_000 and perp.open_interest == pytest.approx(20_000)
    assert (perp.contract_size, perp.lot_size) == (10.0, 1.0)
    assert pd.isna(perp.next_funding_time)
    assert t.loc["BTC-28MAR25"].expiry == QUARTER
    assert t.loc["ETH-PERPETUAL"].funding_rate == -0.00002
    assert snapshot.requests["deribit"] == 4
    snapshot, t = fetch(market_server, "deribit", ["ETH"])
    assert list(t.index) == ["ETH-PERPETUAL"] and snapshot.requests["deribit"] == 2


def test_bingx(market_server):
    snapshot, t = fetch(market_server, "bingx", ["BTC", "ETH"])
    btc = t.loc["BTC-USDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.funding_rate, btc.funding_interval_h) == (60010.0, 60000.0, 0.0001, 8)
    assert btc.lot_size == 0.0001 and btc.next_funding_time == NEXT
    assert btc.open_interest_usd == 1_200_000_000 and btc.open_interest == pytest.approx(20_000)
    assert t.loc["ETH-USDT"].funding_interval_h == 4
    assert all("timestamp=" in request.query_string.decode() for request, _ in market_server.log)
    assert snapshot.requests["bingx"] == 3 + 2


def test_one_symbols_open_interest_failing_costs_only_that_value(market_server):
    market_server.expect_request("/fapi/v1/openInterest", query_string={"symbol": "BTCUSDT_250328"}).respond_with_data(
        "Service Unavailable", status=503
    )
    with pytest.warns(UserWarning, match=r"open interest of BTCUSDT_250328 missing \(server error \(HTTP 503\)\)"):
        _, t = fetch(market_server, "binance", ["BTC"])
    assert t.loc["BTCUSDT"].open_interest == 80_000
    assert math.isnan(t.loc["BTCUSDT_250328"].open_interest) and t.loc["BTCUSDT_250328"].mark_price == 61_200


def test_mexc(market_server):
    snapshot, t = fetch(market_server, "mexc", ["BTC", "ETH"])
    btc = t.loc["BTC_USDT"]
    assert (btc.mark_price, btc.index_price, btc.funding_rate) == (60000.0, 59990.0, 0.0001)
    assert (btc.funding_interval_h, btc.next_funding_time) == (8, NEXT)
    assert (btc.contract_size, btc.lot_size) == (0.0001, 1)
    assert btc.open_interest == pytest.approx(10_000)  # 100 000 000 contracts × 0.0001 BTC
    assert t.loc["ETH_USDT"].funding_interval_h == 4
    assert snapshot.requests["mexc"] == 2 + 2


def test_mexc_without_assets_warns_that_intervals_are_per_symbol(market_server):
    with pytest.warns(UserWarning, match="served per symbol"):
        snapshot, t = fetch(market_server, "mexc")
    assert math.isnan(t.loc["BTC_USDT"].funding_interval_h) and math.isnan(t.loc["BTC_USDT"].funding_apr)
    assert snapshot.requests["mexc"] == 2


def test_coingecko(market_server):
    with pytest.warns(UserWarning, match="no coin id known for ZZZ"):
        snapshot, t = fetch(market_server, "coingecko", ["BTC", "ETH", "ZZZ"])
    assert t.loc["bitcoin"].last_price == 60000 and t.loc["bitcoin"].base == "BTC"
    assert t.loc["ethereum"].updated_at == T0
    request, _ = market_server.log[0]
    assert request.args["ids"] == "bitcoin,ethereum" and request.args["vs_currencies"] == "usd"


@pytest.mark.parametrize("assets", [["BTC"], ["BTC", "ETH"]])
def test_request_count_does_not_grow_with_assets_on_bulk_venues(market_server, assets):
    for serve in SERVERS.values():
        serve(market_server)
    snapshot = fetch_market(["bybit", "okx", "binance_coinm", "binance_spot", "coingecko"], assets, timeout=5)
    assert snapshot.errors == {}
    bulk = {k: v for k, v in snapshot.requests.items() if k != "binance_coinm"}
    assert bulk == {"bybit": 4, "okx": 12, "binance_spot": 2, "coingecko": 1}


def test_bybit_instruments_are_paginated_with_cursor(market_server):
    from . import bodies

    def page(listing, cursor):
        return {"retCode": 0, "retMsg": "OK", "time": bodies.T0,
                "result": {"category": "linear", "list": listing, "nextPageCursor": cursor}}

    linear = bodies.BYBIT_INSTRUMENTS["linear"]
    market_server.expect_request(
        "/v5/market/instruments-info", query_string={"category": "linear", "limit": "1000", "cursor": "page2"}
    ).respond_with_json(page(linear[1:], ""))
    market_server.expect_request(
        "/v5/market/instruments-info", query_string={"category": "linear", "limit": "1000"}
    ).respond_with_json(page(linear[:1], "page2"))
    snapshot, t = fetch(market_server, "bybit")
    assert {"BTCUSDT", "ETHUSDT", "BTC-28MAR25"} <= set(t.index)
    assert snapshot.requests["bybit"] == 5  # two pages of linear instruments


def test_per_symbol_requests_are_bounded(market_server):
    from hedgebook.market.venues.base import PER_SYMBOL_LIMIT, fetch_per_symbol
    from hedgebook.market.transport import VenueClient

    market_server.expect_request("/oi").respond_with_json({"openInterest": "1"})
    symbols = [f"S{i}" for i in range(PER_SYMBOL_LIMIT + 5)]
    with VenueClient("binance", "http://unused") as client:
        client.base_url = market_server.url_for("/").rstrip("/")
        answers, notes = fetch_per_symbol(client, symbols, lambda s: client.get_json("/oi", {"symbol": s}), "open interest")
    assert len(answers) == len(symbols) and answers[-1] == {} and answers[0] == {"openInterest": "1"}
    assert client.request_count == PER_SYMBOL_LIMIT
    assert notes == [f"binance: open interest left out for 5 instruments beyond the first {PER_SYMBOL_LIMIT} "
                     "(the venue serves it per symbol)"]
