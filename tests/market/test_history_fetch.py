"""Bringing the history store up to date against a local server that serves a venue's series by window or page
the way the venue does: backfill, incremental updates, pages followed, failures kept apart."""

from __future__ import annotations

import json

import pytest
from werkzeug import Response

from hedgebook.market.config import MarketConfig
from hedgebook.market.history_fetch import DEFAULT_DAYS, history_targets, update_history
from hedgebook.market.history_store import CLOSE, FUNDING, OPEN_INTEREST, HistoryStore

H = 3_600_000
D = 24 * H
NOW = 1_764_547_200_000 + 90 * D + H  # 2026-03-01 01:00 UTC
START = NOW - DEFAULT_DAYS * D
MIDNIGHT = START - H  # settlements fall at 00:00, 08:00, 16:00 UTC (4 h and 1 h ones too)


def perp(venue, symbol, interval=8.0, settle="linear", base="BTC", oi=1e9):
    return {"venue": venue, "symbol": symbol, "base": base, "kind": "perp", "settle": settle,
            "funding_interval_h": interval, "open_interest_usd": oi}


def settlements(first, last, every_h, rate=lambda t: 0.0001):
    return [(t, rate(t)) for t in range(first, last + 1, every_h * H)]


class Venue:
    """A venue's series served the venue's way; ``log`` keeps the parameters of every request."""

    def __init__(self, server, path, series, *, start="startTime", end="endTime", limit="limit", page_size,
                 newest_first=False, body=None, cursors=False):
        self.series, self.log, self.fail = dict(series), [], None
        self.keys, self.page_size = (start, end, limit), page_size
        self.newest_first, self.cursors = newest_first, cursors
        self.body = body or (lambda records: [{"fundingRate": str(v), "fundingTime": t} for t, v in records])
        server.expect_request(path).respond_with_handler(self.answer)

    def answer(self, request):
        self.log.append(dict(request.args))
        if self.fail:
            return Response("", status=self.fail)
        start_key, end_key, limit_key = self.keys
        if self.cursors:  # OKX: newer than `before`, older than `after`
            low, high = int(request.args["before"]) + 1, int(request.args["after"]) - 1
        else:
            low, high = int(request.args[start_key]), int(request.args[end_key])
        limit = min(int(request.args.get(limit_key, self.page_size)), self.page_size)
        inside = sorted((t, v) for t, v in self.series.items() if low <= t <= high)
        chosen = inside[-limit:][::-1] if self.newest_first else inside[:limit]
        return Response(json.dumps(self.body(chosen)), content_type="application/json")


@pytest.fixture
def store(tmp_path):
    with HistoryStore(tmp_path / "history.sqlite") as opened:
        yield opened


def config_for(server, *venues):
    return MarketConfig(urls={venue: server.url_for("").rstrip("/") for venue in venues}, retry_backoff=0.0,
                        timeout=5.0)


def binance_funding(server, series):
    return Venue(server, "/fapi/v1/fundingRate", series, page_size=1000)


def test_a_first_update_backfills_90_days_in_one_request_and_the_next_asks_only_whats_new(httpserver, store):
    venue = binance_funding(httpserver, settlements(MIDNIGHT - 10 * D, NOW, 8))
    config = config_for(httpserver, "binance")
    first = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING], config=config, now_ms=NOW)
    (item,) = first.series
    assert (item.requests, item.new, item.error) == (1, 270, None)  # 90 days of 8 h settlements
    assert venue.log[0]["startTime"] == str(START)
    points = store.points("binance", "BTCUSDT", FUNDING)
    assert len(points) == 270 and {p.interval_h for p in points} == {8.0}

    # a day later: three settlements more, one request from after the newest stored
    venue.series.update(settlements(NOW + 7 * H, NOW + D, 8, rate=lambda t: 0.0002))
    second = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING], config=config, now_ms=NOW + D)
    assert (second.series[0].requests, second.series[0].new, second.series[0].changed) == (1, 3, 0)
    assert int(venue.log[1]["startTime"]) == points[-1].time_ms + 1
    # at once again: the next settlement is not due, nothing is asked
    third = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING], config=config, now_ms=NOW + D + H)
    assert third.series[0].requests == 0 and len(venue.log) == 2 and third.requests == {"binance": 0}


def test_a_venue_answering_200_records_newest_first_is_asked_in_windows_at_once(httpserver, store):
    venue = Venue(httpserver, "/v5/market/funding/history", settlements(MIDNIGHT, NOW, 4), page_size=200,
                  newest_first=True, body=lambda records: {"retCode": 0, "retMsg": "OK", "result": {"list": [
                      {"symbol": "BTCUSDT", "fundingRate": str(v), "fundingRateTimestamp": str(t)}
                      for t, v in records]}})
    update = update_history([perp("bybit", "BTCUSDT", interval=4.0)], store, fields=[FUNDING],
                            config=config_for(httpserver, "bybit"), now_ms=NOW)
    assert update.series[0].requests == 3 == len(venue.log)  # 540 settlements: windows of 199 × 4 h
    assert len(store.points("bybit", "BTCUSDT", FUNDING)) == 540


def test_a_page_found_full_is_followed_when_the_interval_was_shorter_before(httpserver, store):
    # hourly for 60 days, then the venue moved the symbol to 8 h: a window planned at 8 h holds 1 530 records
    series = settlements(START, MIDNIGHT + 60 * D - H, 1) + settlements(MIDNIGHT + 60 * D, NOW, 8)
    venue = binance_funding(httpserver, series)
    update = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING],
                            config=config_for(httpserver, "binance"), now_ms=NOW)
    assert (update.series[0].requests, update.series[0].new) == (2, len(series))
    assert int(venue.log[1]["startTime"]) == series[999][0] + 1  # the rest of the window, after the first page
    intervals = [p.interval_h for p in store.points("binance", "BTCUSDT", FUNDING)]
    assert intervals[1:1440] == [1.0] * 1439 and intervals[1441:] == [8.0] * (len(series) - 1441)


def test_okx_windows_are_bounded_by_its_exclusive_cursors(httpserver, store):
    venue = Venue(httpserver, "/api/v5/public/funding-rate-history", settlements(MIDNIGHT - D, NOW + D, 8),
                  page_size=400, newest_first=True, cursors=True,
                  body=lambda records: {"code": "0", "msg": "", "data": [
                      {"instId": "BTC-USDT-SWAP", "fundingRate": "0.5", "realizedRate": str(v), "fundingTime": str(t)}
                      for t, v in records]})
    update_history([perp("okx", "BTC-USDT-SWAP")], store, fields=[FUNDING], config=config_for(httpserver, "okx"),
                   now_ms=NOW)
    points = store.points("okx", "BTC-USDT-SWAP", FUNDING)
    assert len(venue.log) == 1 and len(points) == 270
    assert START <= points[0].time_ms and points[-1].time_ms <= NOW and {p.value for p in points} == {0.0001}


def test_mexc_pages_are_followed_until_they_reach_back_far_enough(httpserver, store):
    series = settlements(MIDNIGHT - 30 * D, NOW, 1)
    log = []

    def answer(request):
        number, size = int(request.args["page_num"]), int(request.args["page_size"])
        log.append(number)
        newest_first = sorted(series, reverse=True)[(number - 1) * size:number * size]
        return Response(json.dumps({"success": True, "code": 0, "data": {"pageSize": size, "resultList": [
            {"symbol": "BTC_USDT", "fundingRate": v, "settleTime": t, "collectCycle": 1} for t, v in newest_first]}}),
            content_type="application/json")

    httpserver.expect_request("/api/v1/contract/funding_rate/history").respond_with_handler(answer)
    update = update_history([perp("mexc", "BTC_USDT", interval=1.0)], store, fields=[FUNDING],
                            config=config_for(httpserver, "mexc"), now_ms=NOW)
    assert log == [1, 2, 3] and update.series[0].requests == 3  # 2 160 hourly records in 90 days
    assert len(store.points("mexc", "BTC_USDT", FUNDING)) == 90 * 24 + 1


def test_closes_are_stored_for_closed_days_only(httpserver, store):
    days = [(t, 90_000.0 + t // D % 100) for t in range(START - START % D, NOW + 1, D)]
    Venue(httpserver, "/fapi/v1/klines", days, page_size=200,
          body=lambda records: [[t, "1", "1", "1", str(v), "1", t + D - 1, "1", 1, "1", "1", "0"]
                                for t, v in records])
    update_history([perp("binance", "BTCUSDT")], store, fields=[CLOSE], config=config_for(httpserver, "binance"),
                   now_ms=NOW)
    points = store.points("binance", "BTCUSDT", CLOSE)
    assert points[-1].time_ms == NOW - NOW % D - D  # yesterday; today's candle is not a close yet
    assert [p.value for p in points] == [v for t, v in days if MIDNIGHT <= t and t + D <= NOW]  # whole days


def test_open_interest_is_asked_only_as_far_back_as_binance_serves_it(httpserver, store):
    venue = Venue(httpserver, "/futures/data/openInterestHist", [(t, 50_000.0) for t in range(START, NOW, D)],
                  page_size=500, body=lambda records: [
                      {"symbol": "BTCUSDT", "sumOpenInterest": str(v), "sumOpenInterestValue": "1", "timestamp": t}
                      for t, v in records])
    update_history([perp("binance", "BTCUSDT")], store, fields=[OPEN_INTEREST],
                   config=config_for(httpserver, "binance"), now_ms=NOW)
    assert int(venue.log[0]["startTime"]) == NOW - 29 * D  # within the last 30 days, which it serves
    assert len(store.points("binance", "BTCUSDT", OPEN_INTEREST)) == 29


def test_a_failing_venue_keeps_its_stored_history_says_why_and_the_others_go_on(httpserver, store):
    binance = binance_funding(httpserver, settlements(MIDNIGHT, NOW, 8))
    Venue(httpserver, "/v5/market/funding/history", settlements(MIDNIGHT, NOW, 8), page_size=200, newest_first=True,
          body=lambda records: {"retCode": 0, "result": {"list": [
              {"fundingRate": str(v), "fundingRateTimestamp": str(t)} for t, v in records]}})
    config = config_for(httpserver, "binance", "bybit")
    rows = [perp("binance", "BTCUSDT"), perp("bybit", "BTCUSDT")]
    update_history(rows, store, fields=[FUNDING], config=config, now_ms=NOW)
    binance.fail = 503
    update = update_history(rows, store, fields=[FUNDING], config=config, now_ms=NOW + D)
    failed = {item.venue: item.error for item in update.series if item.error}
    assert failed == {"binance": "server error (HTTP 503)"}
    assert len(store.points("binance", "BTCUSDT", FUNDING)) == 270  # kept as it was
    state = store.state("binance", "BTCUSDT", FUNDING)
    assert state.error == "server error (HTTP 503)" and store.state("bybit", "BTCUSDT", FUNDING).error is None


def test_a_window_that_fails_costs_its_whole_series_not_a_hole(httpserver, store):
    venue = Venue(httpserver, "/v5/market/funding/history", settlements(MIDNIGHT, NOW, 4), page_size=200,
                  newest_first=True, body=lambda records: {"retCode": 0, "result": {"list": [
                      {"fundingRate": str(v), "fundingRateTimestamp": str(t)} for t, v in records]}})
    original = venue.answer

    def second_window_fails(request):
        if int(request.args["startTime"]) > START:
            return Response(json.dumps({"retCode": 10001, "retMsg": "params error"}), content_type="application/json")
        return original(request)

    venue.answer = second_window_fails
    httpserver.clear_all_handlers()
    httpserver.expect_request("/v5/market/funding/history").respond_with_handler(second_window_fails)
    update = update_history([perp("bybit", "BTCUSDT", interval=4.0)], store, fields=[FUNDING],
                            config=config_for(httpserver, "bybit"), now_ms=NOW)
    assert "10001" in update.series[0].error
    assert store.points("bybit", "BTCUSDT", FUNDING) == []


def test_more_days_asked_later_fill_in_before_the_oldest_stored(httpserver, store):
    venue = binance_funding(httpserver, settlements(MIDNIGHT - 90 * D, NOW, 8))
    config = config_for(httpserver, "binance")
    update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING], config=config, now_ms=NOW)
    oldest = store.state("binance", "BTCUSDT", FUNDING).oldest_ms
    update = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING], config=config, now_ms=NOW + H,
                            days=180)
    assert (update.series[0].requests, update.series[0].new) == (1, 270)  # the next settlement is not due yet
    assert int(venue.log[-1]["endTime"]) == oldest - 1 and int(venue.log[-1]["startTime"]) == NOW + H - 180 * D
    assert len(store.points("binance", "BTCUSDT", FUNDING)) == 540


def test_the_targets_are_spot_and_each_venues_deepest_perpetual_per_settlement():
    rows = [perp("bybit", "BTCUSDT", oi=5e9), perp("bybit", "BTCPERP", oi=1e8), perp("bybit", "BTCUSD", oi=2e9,
                                                                                       settle="inverse"),
            perp("bybit", "ETHUSDT", base="ETH"),
            {"venue": "binance_spot", "symbol": "BTCUSDT", "base": "BTC", "kind": "spot", "settle": ""},
            {"venue": "binance", "symbol": "BTCUSDT_260327", "base": "BTC", "kind": "dated", "settle": "linear"}]
    chosen = history_targets(rows, ["btc"])
    assert [(r["venue"], r["symbol"]) for r in chosen] == [("binance_spot", "BTCUSDT"), ("bybit", "BTCUSD"),
                                                           ("bybit", "BTCUSDT")]
    named = history_targets(rows, ["BTC"], also=[("binance", "BTCUSDT_260327")])
    assert ("binance", "BTCUSDT_260327") in [(r["venue"], r["symbol"]) for r in named]


@pytest.mark.parametrize("days", [0, -1, 1.5])
def test_days_must_be_a_whole_positive_number(store, days):
    with pytest.raises(ValueError, match="days must be"):
        update_history([], store, days=days)


def test_a_page_longer_than_asked_is_refused(httpserver, store):
    """Issue 21 B4: 30 MB pages followed 20 deep took 5.6 GB; a page is never longer than the limit asked."""
    venue = binance_funding(httpserver, settlements(MIDNIGHT - 400 * D, NOW, 1))
    venue.page_size, venue.keys = 5_000, ("startTime", "endTime", "ignored")  # the limit of 1 000 ignored
    update = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING],
                            config=config_for(httpserver, "binance"), now_ms=NOW)
    (item,) = update.series
    assert item.error == "a page of 2161 records, more than the 1000 asked: refused"
    assert store.points("binance", "BTCUSDT", FUNDING) == []


def test_a_page_denser_than_its_series_can_be_is_refused(httpserver, store):
    """Settlements every 10 minutes (no venue settles more than once an hour): refused, nothing stored."""
    every_ten_minutes = [(t, 0.0001) for t in range(NOW - 5 * D, NOW, H // 6)]
    binance_funding(httpserver, every_ten_minutes)
    update = update_history([perp("binance", "BTCUSDT")], store, fields=[FUNDING],
                            config=config_for(httpserver, "binance"), now_ms=NOW)
    assert update.series[0].error.endswith("records closer together than one every 1 h: refused")
    assert store.points("binance", "BTCUSDT", FUNDING) == []


def test_a_negative_close_is_refused_and_the_series_and_its_figures_go_on(httpserver, store):
    """Issue 21 B4: one negative close was stored and kept every later run failing, the venue healed or not."""
    days = [(t, 90_000.0) for t in range(START - START % D, NOW + 1, D)]
    bad_day = days[-5][0]
    Venue(httpserver, "/fapi/v1/klines", days, page_size=200,
          body=lambda records: [[t, "1", "1", "1", "-5" if t == bad_day else str(v), "1", t + D - 1, "1", 1,
                                 "1", "1", "0"] for t, v in records])
    update = update_history([perp("binance", "BTCUSDT")], store, fields=[CLOSE],
                            config=config_for(httpserver, "binance"), now_ms=NOW)
    whole_days = [t for t, _ in days if MIDNIGHT <= t and t + D <= NOW]
    assert update.series[0].error is None and update.series[0].new == len(whole_days) - 1  # all but the bad one
    assert bad_day not in {p.time_ms for p in store.points("binance", "BTCUSDT", CLOSE)}
    assert any("1 record(s) refused, never stored" in note and "-5.0 is not a price" in note for note in store.notes)
