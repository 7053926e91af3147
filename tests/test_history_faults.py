"""The fault-injection matrix on the history endpoints: each way a venue can fail, on its funding history.

The plan must still compute from current data, the History sheet must keep the days it had and say the history
is stale and since when, and a warning must say what failed.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import openpyxl
import pytest
from werkzeug import Response

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import refresh_file

from .faults import CLOUDFRONT_403, FAILURES, TIMEOUT_S
from .market.venues import serve_all

H = 3_600_000
D = 24 * H
FUNDING_PATH = "/fapi/v1/fundingRate"
BROKEN: dict[str, str] = {}
"""Path → the failure it gives (see :data:`FAILURES`)."""


def _failure(kind: str):
    if kind == "timeout":
        time.sleep(TIMEOUT_S * 2)
        return Response("[]", content_type="application/json")
    return {
        "429": Response("", status=429, headers={"Retry-After": "0"}),
        "451": Response(json.dumps({"code": 0, "msg": "restricted location"}), status=451),
        "403 html": Response(CLOUDFRONT_403, status=403, content_type="text/html"),
        "503": Response("unavailable", status=503),
        "not json": Response("<html>maintenance</html>", status=200),
        "error code": Response(json.dumps({"code": -1121, "msg": "Invalid symbol."}), status=400,
                               content_type="application/json"),
        "truncated": Response('[{"symbol": "BTCUSDT", "fund', status=200, content_type="application/json"),
        "renamed field": Response(json.dumps([{"symbol": "BTCUSDT", "fundingRate_v2": "0.0001",
                                               "fundingTime": 1}]), content_type="application/json"),
    }[kind]


def _window(every_ms, record):
    def handler(request):
        if request.path in BROKEN:
            return _failure(BROKEN[request.path])
        start, end = int(request.args["startTime"]), int(request.args["endTime"])
        first = -(-start // every_ms) * every_ms
        limit = int(request.args.get("limit", 500))
        return Response(json.dumps([record(t) for t in range(first, end + 1, every_ms)][:limit]),
                        content_type="application/json")

    return handler


def kline(t):
    return [t, "1", "1", "1", str(60_000 + t // D % 10), "1", t + D - 1, "1", 1, "1", "1", "0"]


@pytest.fixture
def history_workbook(market_server, tmp_path):
    """The demo plan refreshed once with every venue and Binance's history served: BTC's history up to date."""
    BROKEN.clear()
    serve_all(market_server)
    market_server.expect_request(FUNDING_PATH).respond_with_handler(
        _window(8 * H, lambda t: {"symbol": "BTCUSDT", "fundingRate": "0.0001", "fundingTime": t}))
    for path in ("/fapi/v1/klines", "/api/v3/klines"):
        market_server.expect_request(path).respond_with_handler(_window(D, kline))
    market_server.expect_request("/futures/data/openInterestHist").respond_with_handler(_window(
        D, lambda t: {"symbol": "BTCUSDT", "sumOpenInterest": "1", "sumOpenInterestValue": "1", "timestamp": t}))
    path = write_project(tmp_path, "historyplan").workbook
    outcome = refresh_file(path, ["binance", "binance_spot", "coingecko"], timeout=5)
    assert outcome.write and not [w for w in outcome.warnings if w.startswith("history")], outcome.warnings
    return path


def _block(path, offset=0):
    sheet = openpyxl.load_workbook(path, data_only=True, read_only=False)[L.HISTORY]
    title = L.history_title(offset)
    note = sheet.cell(title.row1, title.col1 + 4).value
    table = L.history_table(offset)
    rows = [[sheet.cell(table.first_row + 1 + k, c).value for c in range(1, 7)] for k in range(table.max_rows)]
    return note, rows


@pytest.mark.parametrize("kind", FAILURES + ("renamed field",))
def test_a_failing_funding_history_keeps_the_days_it_had_and_says_since_when(history_workbook, kind):
    note, before = _block(history_workbook)
    assert note == "up to date" and before[-1][3] == pytest.approx(0.0003)  # three settlements a day
    BROKEN[FUNDING_PATH] = kind
    tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    outcome = refresh_file(history_workbook, ["binance", "binance_spot", "coingecko"], now=lambda: tomorrow,
                           timeout=TIMEOUT_S if kind == "timeout" else 5)
    assert outcome.write and outcome.plan.order_status[0] == "ok"  # the plan computes from current data
    failed = [w for w in outcome.warnings if w.startswith("history: binance BTCUSDT funding_rate not updated (")]
    assert len(failed) == 1 and "\n" not in failed[0]
    note, after = _block(history_workbook)
    assert note.startswith("stale: BTCUSDT funding_rate not updated; as of ")
    # a day on: the days it had moved up one row, the funding of the days it had is kept
    assert [row[3] for row in after[:-2]] == [row[3] for row in before[1:-1]]
    assert after[-2][2] is not None  # the closes were brought up to date all the same
