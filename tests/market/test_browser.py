"""Reading the market inside a browser (Pyodide: xlwings Lite): no threads, no User-Agent, no retry, no sleep,
and a venue the browser blocks is kept, stale, with the reason.

The browser is a stand-in performing the GET with the standard library against a real local server; status 0
is what a browser's XMLHttpRequest reports when it withholds an answer (no CORS headers).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pandas as pd
import pytest

from hedgebook.market import MarketConfig, fetch_market, keep_previous_rows
from hedgebook.market.browser import BLOCKED_BY_BROWSER, BrowserSession
from hedgebook.market.errors import VenueBlocked

from .venues import serve_venue


class StandInBrowser:
    """Performs each GET as a browser would, and records the headers hedgebook asked it to send."""

    def __init__(self, withhold: bool = False):
        self.withhold = withhold
        self.sent_headers: list[dict] = []

    def __call__(self, url, headers, timeout_s):
        self.sent_headers.append(dict(headers))
        if self.withhold:
            return 0, {}, b""
        request = urllib.request.Request(url, headers={**headers, "User-Agent": "Mozilla/5.0 (stand-in)"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture
def no_threads_no_sleep(monkeypatch):
    """Pyodide has neither: the refresh starting a thread or sleeping fails the test (the local server, in its
    own thread, may do both)."""
    start, sleep = threading.Thread.start, time.sleep

    def refusing(original):
        def call(*args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                raise AssertionError("a thread or a sleep in the browser")
            return original(*args, **kwargs)
        return call

    monkeypatch.setattr(threading.Thread, "start", refusing(start))
    monkeypatch.setattr(time, "sleep", refusing(sleep))


def _config(server, browser) -> MarketConfig:
    return MarketConfig(urls={"binance": server.url_for("/").rstrip("/")}, in_browser=True, browser_request=browser)


def test_a_venue_read_through_the_browser_one_request_after_the_other(httpserver, no_threads_no_sleep):
    serve_venue(httpserver, "binance")
    browser = StandInBrowser()
    snapshot = fetch_market(["binance"], ["BTC"], config=_config(httpserver, browser))
    assert snapshot.errors == {}
    btc = snapshot.table.set_index("symbol").loc["BTCUSDT"]
    assert btc["mark_price"] == 60_000 and btc["funding_rate"] == pytest.approx(0.0001)
    assert all("User-Agent" not in headers for headers in browser.sent_headers)  # the browser sends its own
    assert all("hedgebook" not in request.headers.get("User-Agent", "") for request, _ in httpserver.log)


def test_a_server_error_is_not_retried_in_the_browser(httpserver, no_threads_no_sleep):
    httpserver.expect_request("/fapi/v1/exchangeInfo").respond_with_data("busy", status=503)
    snapshot = fetch_market(["binance"], ["BTC"], config=_config(httpserver, StandInBrowser()))
    assert snapshot.errors["binance"] == "server error (HTTP 503)"
    assert sum(request.path == "/fapi/v1/exchangeInfo" for request, _ in httpserver.log) == 1


def test_a_venue_the_browser_blocks_is_kept_stale_with_the_reason(httpserver, no_threads_no_sleep):
    snapshot = fetch_market(["binance"], ["BTC"], config=_config(httpserver, StandInBrowser(withhold=True)))
    assert snapshot.errors == {"binance": "blocked by the browser (CORS)"}
    previous = pd.DataFrame([{"venue": "binance", "symbol": "BTCUSDT", "status": "ok"}])
    kept = keep_previous_rows(snapshot, previous)
    assert list(kept["status"]) == ["stale: blocked by the browser (CORS)"]


def test_the_browser_session_adds_the_query_and_reports_a_withheld_answer():
    asked = []
    session = BrowserSession(lambda url, headers, timeout: asked.append(url) or (200, {"content-length": "2"}, b"{}"))
    answer = session.get("https://x.test/api", params={"symbol": "BTCUSDT", "limit": 5})
    assert asked == ["https://x.test/api?symbol=BTCUSDT&limit=5"]
    assert answer.status_code == 200 and answer.headers["Content-Length"] == "2" and answer.raw.read1(10) == b"{}"
    with pytest.raises(VenueBlocked, match=BLOCKED_BY_BROWSER.replace("(", r"\(").replace(")", r"\)")):
        BrowserSession(lambda url, headers, timeout: (0, {}, b"")).get("https://x.test/api")


def test_in_a_browser_the_configuration_keeps_no_spec_cache(monkeypatch):
    monkeypatch.setattr("sys.platform", "emscripten")
    config = MarketConfig.from_environment({})
    assert config.in_browser and config.cache_dir is None


def test_an_answer_read_ahead_is_kept_under_its_request_without_its_timestamp():
    """BingX's requests carry the time they are made: read again, the request is the same one."""
    from hedgebook.market.browser_fetch import Answers, same_request

    assert same_request("https://x/api?symbol=BTC&timestamp=1&limit=5") == "https://x/api?symbol=BTC&limit=5"
    assert same_request("https://x/api?timestamp=1") == "https://x/api" and same_request("https://x/a") == "https://x/a"
    answers = Answers({"https://x/api?symbol=BTC": (200, {}, b"[]")})
    assert answers("https://x/api?symbol=BTC&timestamp=2", {}, 1.0) == (200, {}, b"[]")
    assert answers("https://x/other", {}, 1.0) == (0, {}, b"")  # never read ahead: nothing is sent now
