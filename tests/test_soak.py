"""Soak: 200 refreshes in a row against the local venues with random faults; no leak of files, threads or memory."""

import gc
import json
import os
import random
import threading
import time
import warnings
from pathlib import Path

import pytest
from werkzeug import Response

from hedgebook.market import DEFAULT_VENUES, fetch_market

from .market.venues import serve_all, venue_module

REFRESHES = 200
WARM_UP = 20
FAULT_PROBABILITY = 0.25
MAX_EXTRA_OPEN_FILES = 5
MAX_EXTRA_THREADS = 3
MAX_EXTRA_RSS_MB = 40

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc to count resources")


def _open_files():
    return len(os.listdir("/proc/self/fd"))


def _rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _faulty(body, rng):
    text = json.dumps(body)

    def handler(request):
        roll = rng.random()
        if roll < FAULT_PROBABILITY / 4:
            return Response("down", 503)
        if roll < FAULT_PROBABILITY / 2:
            return Response("", 429, headers={"Retry-After": "0"})
        if roll < FAULT_PROBABILITY * 3 / 4:
            return Response("<html>maintenance</html>", 200)
        if roll < FAULT_PROBABILITY:
            return Response(text[: len(text) // 2], 200, content_type="application/json")
        return Response(text, 200, content_type="application/json")

    return handler


def _measure():
    gc.collect()
    time.sleep(0.3)  # let the local server's request threads end
    return _open_files(), threading.active_count(), _rss_mb()


def test_two_hundred_refreshes_with_random_faults(market_server):
    rng = random.Random(20261123)
    for venue in DEFAULT_VENUES:
        fault = venue_module(venue).FAULT
        market_server.expect_request(fault.path).respond_with_handler(_faulty(fault.body, rng))
    serve_all(market_server)
    failures = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(REFRESHES):
            if i == WARM_UP:
                files, threads, rss = _measure()
            snapshot = fetch_market(list(DEFAULT_VENUES), ["BTC", "ETH"], timeout=5)
            market_server.clear_log()  # the local server runs in this process and logs every request it answers
            failures += len(snapshot.errors)
            assert all("\n" not in message for message in snapshot.errors.values())
    files_after, threads_after, rss_after = _measure()
    print(f"\nsoak: {REFRESHES} refreshes, {failures} venue failures; open files {files}->{files_after}, "
          f"threads {threads}->{threads_after}, RSS {rss:.0f}->{rss_after:.0f} MB")
    assert failures > 0  # the faults did happen
    assert files_after <= files + MAX_EXTRA_OPEN_FILES, (files, files_after)
    assert threads_after <= threads + MAX_EXTRA_THREADS, (threads, threads_after)
    assert rss_after <= rss + MAX_EXTRA_RSS_MB, (rss, rss_after)
