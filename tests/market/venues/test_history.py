"""Each venue's history requests and the reading of their answers, on bodies in the documented shapes."""

from __future__ import annotations

import pytest

from hedgebook.market.errors import VenueBadAnswer
from hedgebook.market.history_store import CLOSE, FUNDING, OPEN_INTEREST, Point
from hedgebook.market.request import answer
from hedgebook.market.venues import VENUES

H = 3_600_000
D = 24 * H
T = 1_764_547_200_000  # 2025-12-01 00:00 UTC


def row(venue, symbol, kind="perp", settle="linear", interval=8.0):
    return {"venue": venue, "symbol": symbol, "base": "BTC", "kind": kind, "settle": settle,
            "funding_interval_h": interval if kind == "perp" else float("nan")}


def kline(t, close):  # Binance-style array: open time, open, high, low, close, volume, close time, ...
    return [t, "1.0", "2.0", "0.5", close, "10.0", t + D - 1, "10.0", 5, "1.0", "1.0", "0"]


CASES = {
    # venue, row, field: (window, expected path, expected params, body as documented, points)
    "binance funding": (
        "binance", row("binance", "BTCUSDT"), FUNDING, "/fapi/v1/fundingRate",
        {"symbol": "BTCUSDT", "startTime": T, "endTime": T + 2 * D, "limit": 1000},
        [{"symbol": "BTCUSDT", "fundingRate": "-0.00037500", "fundingTime": T, "markPrice": "34287.54619963"},
         {"symbol": "BTCUSDT", "fundingRate": "0.00010000", "fundingTime": T + 8 * H, "markPrice": "34287.5"}],
        [Point(T, -0.000375), Point(T + 8 * H, 0.0001)]),
    "binance close": (
        "binance", row("binance", "BTCUSDT"), CLOSE, "/fapi/v1/klines",
        {"symbol": "BTCUSDT", "interval": "1d", "startTime": T, "endTime": T + 2 * D, "limit": 200},
        [kline(T, "91000.5"), kline(T + D, "92000.0")], [Point(T, 91000.5), Point(T + D, 92000.0)]),
    "binance open interest": (
        "binance", row("binance", "BTCUSDT"), OPEN_INTEREST, "/futures/data/openInterestHist",
        {"symbol": "BTCUSDT", "period": "1d", "startTime": T, "endTime": T + 2 * D, "limit": 500},
        [{"symbol": "BTCUSDT", "sumOpenInterest": "34085.00000000", "sumOpenInterestValue": "1927265695.27",
          "timestamp": T}], [Point(T, 34085.0)]),
    "binance coin-m open interest": (
        "binance_coinm", row("binance_coinm", "BTCUSD_PERP", settle="inverse"), OPEN_INTEREST,
        "/futures/data/openInterestHist",
        {"pair": "BTCUSD", "contractType": "PERPETUAL", "period": "1d", "startTime": T, "endTime": T + 2 * D,
         "limit": 500},
        [{"pair": "BTCUSD", "contractType": "PERPETUAL", "sumOpenInterest": "20403",  # contracts of 100 USD
          "sumOpenInterestValue": "2.24213", "timestamp": T}],  # in BTC: the coins
        [Point(T, 2.24213)]),
    "binance coin-m funding": (
        "binance_coinm", row("binance_coinm", "BTCUSD_PERP", settle="inverse"), FUNDING, "/dapi/v1/fundingRate",
        {"symbol": "BTCUSD_PERP", "startTime": T, "endTime": T + 2 * D, "limit": 1000},
        [{"symbol": "BTCUSD_PERP", "fundingTime": T, "fundingRate": "-0.00300000"}], [Point(T, -0.003)]),
    "binance spot close": (
        "binance_spot", row("binance_spot", "BTCUSDT", kind="spot"), CLOSE, "/api/v3/klines",
        {"symbol": "BTCUSDT", "interval": "1d", "startTime": T, "endTime": T + 2 * D, "limit": 1000},
        [kline(T, "90950.1")], [Point(T, 90950.1)]),
    "bybit funding": (
        "bybit", row("bybit", "BTCUSDT"), FUNDING, "/v5/market/funding/history",
        {"category": "linear", "symbol": "BTCUSDT", "startTime": T, "endTime": T + 2 * D, "limit": 200},
        {"retCode": 0, "retMsg": "OK", "result": {"category": "linear", "list": [
            {"symbol": "BTCUSDT", "fundingRate": "0.0001", "fundingRateTimestamp": str(T + 8 * H)},
            {"symbol": "BTCUSDT", "fundingRate": "-0.00005", "fundingRateTimestamp": str(T)}]},
         "retExtInfo": {}, "time": T + 9 * H},
        [Point(T + 8 * H, 0.0001), Point(T, -0.00005)]),
    "bybit close": (
        "bybit", row("bybit", "BTCUSD", settle="inverse"), CLOSE, "/v5/market/kline",
        {"category": "inverse", "symbol": "BTCUSD", "interval": "D", "start": T, "end": T + 2 * D, "limit": 1000},
        {"retCode": 0, "retMsg": "OK", "result": {"symbol": "BTCUSD", "category": "inverse", "list": [
            [str(T + D), "91000", "92500", "90500", "92000.5", "1000", "11000000"],
            [str(T), "90000", "91500", "89500", "91000", "1000", "11000000"]]}, "retExtInfo": {}, "time": T},
        [Point(T + D, 92000.5), Point(T, 91000.0)]),
    "bybit open interest": (
        "bybit", row("bybit", "BTCUSDT"), OPEN_INTEREST, "/v5/market/open-interest",
        {"category": "linear", "symbol": "BTCUSDT", "intervalTime": "1d", "startTime": T, "endTime": T + 2 * D,
         "limit": 200},
        {"retCode": 0, "retMsg": "OK", "result": {"symbol": "BTCUSDT", "category": "linear", "list": [
            {"openInterest": "61523.61300000", "timestamp": str(T)}], "nextPageCursor": ""}, "retExtInfo": {},
         "time": T},
        [Point(T, 61523.613)]),
    "okx funding": (
        "okx", row("okx", "BTC-USDT-SWAP"), FUNDING, "/api/v5/public/funding-rate-history",
        {"instId": "BTC-USDT-SWAP", "before": T - 1, "after": T + 2 * D + 1, "limit": 400},
        {"code": "0", "msg": "", "data": [
            {"fundingRate": "0.0000746604960499", "fundingTime": str(T + 8 * H), "instId": "BTC-USDT-SWAP",
             "instType": "SWAP", "method": "current_period", "realizedRate": "0.0000746100000000"}]},
        [Point(T + 8 * H, 0.00007461)]),  # the settled (realized) rate, not the formula's
    "okx close": (
        "okx", row("okx", "BTC-USD-SWAP", settle="inverse"), CLOSE, "/api/v5/market/history-candles",
        {"instId": "BTC-USD-SWAP", "before": T - 1, "after": T + 2 * D + 1, "bar": "1Dutc", "limit": 100},
        {"code": "0", "msg": "", "data": [[str(T), "90000", "91500", "89500", "91000.1", "100", "1.1", "100000",
                                           "1"]]},
        [Point(T, 91000.1)]),
    "okx open interest": (
        "okx", row("okx", "BTC-USDT-SWAP"), OPEN_INTEREST, "/api/v5/rubik/stat/contracts/open-interest-history",
        {"instId": "BTC-USDT-SWAP", "period": "1Dutc", "begin": T - 1, "end": T + 2 * D + 1, "limit": 100},
        {"code": "0", "msg": "", "data": [[str(T + D), "3105000.5", "31050.005", "2856600460.0"],  # [ts, oi, oiCcy,
                                          [str(T), "3100000", "31000", "2821000000.1"]]},      # oiUsd]: coins third
        [Point(T + D, 31050.005), Point(T, 31000.0)]),
    "deribit funding": (
        "deribit", row("deribit", "BTC-PERPETUAL", settle="inverse"), FUNDING,
        "/api/v2/public/get_funding_rate_history",
        {"instrument_name": "BTC-PERPETUAL", "start_timestamp": T, "end_timestamp": T + 2 * D},
        {"jsonrpc": "2.0", "result": [
            {"timestamp": T, "index_price": 91000.1, "prev_index_price": 90990.0, "interest_8h": 0.00008,
             "interest_1h": 0.00001}]},
        [Point(T, 0.00001, 1.0)]),  # the rate over the hour, an interval of 1 h
    "deribit close": (
        "deribit", row("deribit", "BTC-27MAR26", kind="dated", settle="inverse"), CLOSE,
        "/api/v2/public/get_tradingview_chart_data",
        {"instrument_name": "BTC-27MAR26", "start_timestamp": T, "end_timestamp": T + 2 * D, "resolution": "1D"},
        {"jsonrpc": "2.0", "result": {"volume": [1.0, 2.0], "ticks": [T, T + D], "status": "ok",
                                      "open": [1.0, 1.0], "low": [1.0, 1.0], "high": [1.0, 1.0], "cost": [1, 1],
                                      "close": [92000.0, 92500.5]}},
        [Point(T, 92000.0), Point(T + D, 92500.5)]),
    "bingx funding": (
        "bingx", row("bingx", "BTC-USDT"), FUNDING, "/openApi/swap/v2/quote/fundingRate",
        {"symbol": "BTC-USDT", "startTime": T, "endTime": T + 2 * D, "limit": 1000},
        {"code": 0, "msg": "", "data": [{"symbol": "BTC-USDT", "fundingRate": "0.00010000", "fundingTime": T}]},
        [Point(T, 0.0001)]),
    "bingx close": (
        "bingx", row("bingx", "BTC-USDT"), CLOSE, "/openApi/swap/v3/quote/klines",
        {"symbol": "BTC-USDT", "interval": "1d", "startTime": T, "endTime": T + 2 * D, "limit": 1000},
        {"code": 0, "msg": "", "data": [{"open": "90000", "close": "91000.2", "high": "91500", "low": "89000",
                                         "volume": "100", "time": T}]},
        [Point(T, 91000.2)]),
    "mexc close": (
        "mexc", row("mexc", "BTC_USDT"), CLOSE, "/api/v1/contract/kline/BTC_USDT",
        {"interval": "Day1", "start": T // 1000, "end": (T + 2 * D) // 1000},
        {"success": True, "code": 0, "data": {"time": [T // 1000, (T + D) // 1000], "open": [1, 1],
                                              "close": [91000.0, 91500.5], "high": [1, 1], "low": [1, 1],
                                              "vol": [1, 1], "amount": [1, 1]}},
        [Point(T, 91000.0), Point(T + D, 91500.5)]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_window_is_asked_as_documented_and_its_answer_read(case):
    venue_key, instrument, field, path, params, body, points = CASES[case]
    query = VENUES[venue_key]().history(field, instrument)
    request = query.window(T, T + 2 * D)
    assert request.path == path
    assert {k: v for k, v in request.params.items() if k != "timestamp"} == params
    assert query.read(answer(lambda _: body, request)) == points


def test_mexc_funding_is_asked_by_page_and_each_record_keeps_its_own_interval():
    query = VENUES["mexc"]().history(FUNDING, row("mexc", "BTC_USDT"))
    request = query.page(2)
    assert (request.path, dict(request.params)) == (
        "/api/v1/contract/funding_rate/history", {"symbol": "BTC_USDT", "page_num": 2, "page_size": 1000})
    body = {"success": True, "code": 0, "data": {"pageSize": 2, "totalCount": 1619, "totalPage": 810,
                                                 "currentPage": 2, "resultList": [
        {"symbol": "BTC_USDT", "fundingRate": 0.000021, "settleTime": T + 8 * H, "collectCycle": 4},
        {"symbol": "BTC_USDT", "fundingRate": -0.000001, "settleTime": T, "collectCycle": 8}]}}
    assert query.read(answer(lambda _: body, request)) == [Point(T + 8 * H, 0.000021, 4.0), Point(T, -0.000001, 8.0)]
    assert query.newest_first is True


@pytest.mark.parametrize("venue_key, instrument, field", [
    ("binance", row("binance", "BTCUSDT", kind="dated"), FUNDING),  # a dated future has no funding
    ("binance_coinm", row("binance_coinm", "BTCUSD_250328", kind="dated", settle="inverse"), OPEN_INTEREST),
    ("bybit", row("bybit", "BTCUSD", settle="inverse"), OPEN_INTEREST),  # inverse: in USD, not coins
    ("okx", row("okx", "BTC-USDT-250328", kind="dated"), OPEN_INTEREST),  # asked of perpetuals only
    ("coingecko", row("coingecko", "bitcoin", kind="spot"), CLOSE),
])
def test_a_series_the_venue_does_not_serve_as_such_is_not_asked(venue_key, instrument, field):
    assert VENUES[venue_key]().history(field, instrument) is None


@pytest.mark.parametrize("body, why", [
    ([{"symbol": "BTCUSDT", "fundingTime": T}], "without 'fundingRate'"),
    ([{"symbol": "BTCUSDT", "fundingRate": "", "fundingTime": T}], "not a number"),
    ([{"symbol": "BTCUSDT", "fundingRate": "0.0001"}], "without 'fundingTime'"),
    ({"symbol": "BTCUSDT"}, "not a list"),
])
def test_an_answer_with_an_unreadable_record_is_refused_whole(body, why):
    query = VENUES["binance"]().history(FUNDING, row("binance", "BTCUSDT"))
    with pytest.raises(VenueBadAnswer, match=why):
        query.read(body)


def test_an_error_inside_a_successful_answer_is_the_venues_error():
    from hedgebook.market.errors import VenueErrorCode

    query = VENUES["okx"]().history(FUNDING, row("okx", "BTC-USDT-SWAP"))
    with pytest.raises(VenueErrorCode, match="51001"):
        answer(lambda _: {"code": "51001", "msg": "Instrument ID does not exist", "data": []}, query.window(T, T))


def test_a_window_holds_one_page_at_the_symbols_interval():
    hourly = VENUES["binance"]().history(FUNDING, row("binance", "BTCUSDT", interval=1.0))
    eight_hourly = VENUES["binance"]().history(FUNDING, row("binance", "BTCUSDT", interval=8.0))
    assert hourly.window_ms == 999 * H and eight_hourly.window_ms == 999 * 8 * H  # a page less one record
    unknown = VENUES["binance"]().history(FUNDING, row("binance", "BTCUSDT", interval=float("nan")))
    assert unknown.window_ms == 999 * H  # the shortest interval: never more than a page
