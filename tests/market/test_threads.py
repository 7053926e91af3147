"""The worker threads are kept for the process: a repeat refresh starts none."""

import threading
import warnings

from hedgebook.market import MarketDataWarning, fetch_market
from hedgebook.market.threads import request_threads, venue_threads

from .venues import serve_venue


def hedgebook_threads() -> int:
    return sum(thread.name.startswith("hedgebook-") for thread in threading.enumerate())


def test_repeat_refreshes_reuse_the_threads_they_started(market_server):
    """Threads grow to what a refresh runs at once (two venues: under 40), then every refresh reuses them;
    before, each refresh started about 30 and let them end."""
    serve_venue(market_server, "binance")
    serve_venue(market_server, "okx")
    counts = []
    before = hedgebook_threads()  # earlier tests in this process may have grown the pools already
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarketDataWarning)
        for _ in range(8):
            assert fetch_market(["binance", "okx"], ["BTC", "ETH"], timeout=5).errors == {}
            counts.append(hedgebook_threads())
    assert 0 < counts[-1] <= max(before, 40) and counts[-1] == counts[-2] == counts[-3], (before, counts)
    assert venue_threads() is venue_threads() and request_threads() is request_threads()
