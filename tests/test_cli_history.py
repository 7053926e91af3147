"""``hedgebook history``: the store brought up to date through a local server, and the figures it prints built
to known answers (β = 2 and R² = 1 on prices made so; a constant rate's APR)."""

from __future__ import annotations

import json
import time

import pytest
from werkzeug import Response

from hedgebook.cli import main
from hedgebook.market.history_store import CLOSE, FUNDING, HistoryStore

from .market.routes import serve
from .market.venues import venue_module

H = 3_600_000
D = 24 * H
RATE = 0.0001  # every 8 h: 0.0001 × 3 × 365 = 10.95 % a year


def hedge_close(day: int) -> float:
    return 60_000.0 * (1.0 + 0.01 * ((day * 7) % 5 - 2))  # moves up and down, day by day


def spot_close(day: int) -> float:
    return 60_000.0 * (hedge_close(day) / 60_000.0) ** 2  # twice the hedge's log returns: β = 2, R² = 1


FAILING: set[str] = set()
"""Paths the history server answers with HTTP 503."""


def _window(request, every_ms, value, record):
    if request.path in FAILING:
        return Response("", status=503)
    start, end = int(request.args["startTime"]), int(request.args["endTime"])
    first = -(-start // every_ms) * every_ms
    limit = int(request.args.get("limit", 500))
    records = [record(t, value(t)) for t in range(first, end + 1, every_ms)][:limit]
    return Response(json.dumps(records), content_type="application/json")


def kline(t, close):
    return [t, "1", "1", "1", str(close), "1", t + D - 1, "1", 1, "1", "1", "0"]


@pytest.fixture
def history_server(market_server):
    FAILING.clear()
    serve(market_server, venue_module("binance").ROUTES + venue_module("binance_spot").ROUTES)
    market_server.expect_request("/fapi/v1/fundingRate").respond_with_handler(
        lambda r: _window(r, 8 * H, lambda t: RATE, lambda t, v: {"symbol": "BTCUSDT", "fundingRate": str(v),
                                                                  "fundingTime": t}))
    market_server.expect_request("/fapi/v1/klines").respond_with_handler(
        lambda r: _window(r, D, lambda t: hedge_close(t // D), kline))
    market_server.expect_request("/api/v3/klines").respond_with_handler(
        lambda r: _window(r, D, lambda t: spot_close(t // D), kline))
    market_server.expect_request("/futures/data/openInterestHist").respond_with_handler(
        lambda r: _window(r, D, lambda t: 80_000.0, lambda t, v: {"symbol": "BTCUSDT", "sumOpenInterest": str(v),
                                                                  "sumOpenInterestValue": "1", "timestamp": t}))
    return market_server


def test_history_fills_the_store_and_prints_funding_and_hedge_ratios(history_server, tmp_path, capsys):
    store_path = tmp_path / "history.sqlite"
    code = main(["history", "--venues", "binance", "--assets", "BTC", "--days", "30", "--store", str(store_path),
                 "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    (funding,) = report["funding"]
    assert funding["symbol"] == "BTCUSDT"
    assert funding["apr_mean"]["30d"] == pytest.approx(RATE * 3 * 365, rel=1e-12)
    assert funding["apr_mean"]["7d"] == pytest.approx(RATE * 3 * 365, rel=1e-12)
    assert funding["apr_vol"] == pytest.approx(0.0, abs=1e-15) and funding["share_positive"] == 1.0
    assert 89 <= funding["settlements"] <= 90
    fits = {h["symbol"]: h for h in report["hedge"]}
    assert fits["BTCUSDT"]["hedge_ratio"] == pytest.approx(2.0, rel=1e-9)
    assert fits["BTCUSDT"]["effectiveness"] == pytest.approx(1.0, rel=1e-9)
    assert fits["BTCUSDT"]["days"] == 30
    assert {s["field"] for s in report["series"] if s["symbol"] == "BTCUSDT"} >= {FUNDING, CLOSE}
    assert not [s for s in report["series"] if s["error"]]
    with HistoryStore(store_path) as store:
        assert len(store.points("binance_spot", "BTCUSDT", CLOSE)) == 30

    # at once again: nothing is due, nothing is asked
    assert main(["history", "--venues", "binance", "--assets", "BTC", "--days", "30", "--store", str(store_path),
                 "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert all(s["requests"] == 0 and s["new"] == 0 for s in again["series"])


def test_history_prints_tables_and_reports_a_failed_series(history_server, tmp_path, capsys):
    FAILING.add("/fapi/v1/fundingRate")
    code = main(["history", "--venues", "binance", "--assets", "BTC", "--store", str(tmp_path / "h.sqlite")])
    captured = capsys.readouterr()
    assert code == 0  # the other series went through
    assert "Realized funding" in captured.out and "Hedge fit" in captured.out
    assert "BTCUSDT funding_rate: not updated (server error (HTTP 503))" in " ".join(captured.err.split())


def test_history_needs_a_positive_number_of_days(capsys):
    assert main(["history", "--days", "0"]) == 2
    assert "--days must be at least 1" in capsys.readouterr().err


def test_every_series_from_an_unreachable_venue_is_an_error(tmp_path, capsys):
    started = time.perf_counter()
    code = main(["history", "--venues", "binance", "--assets", "BTC", "--store", str(tmp_path / "h.sqlite"),
                 "--timeout", "2"])
    assert code == 1 and time.perf_counter() - started < 30


def test_a_store_that_cannot_be_opened_is_one_line_not_a_traceback(history_server, tmp_path, capsys):
    code = main(["history", "--venues", "binance", "--assets", "BTC", "--store", str(tmp_path)])  # a folder
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"error: history store {tmp_path} is not a file" in " ".join(err.split())
    assert tmp_path.is_dir()  # a folder given by mistake is never moved aside
