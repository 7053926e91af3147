"""A local venue server for N assets, in every venue's documented shape (each venue's test module lists them).

A catch-all answers the per-symbol comparison client.
"""

from __future__ import annotations

import re
import time

from pytest_httpserver import HTTPServer

from hedgebook.market import VENUES
from tests.market.routes import serve as serve_routes
from tests.market.venues import venue_module


class SlowServer(HTTPServer):
    """A threaded local server that waits ``latency_s`` before every answer, like a distant venue."""

    def __init__(self, latency_s: float):
        super().__init__(host="127.0.0.1", port=0, threaded=True)
        self.latency_s = latency_s
        self.requests = 0

    def dispatch(self, request):
        self.requests += 1
        time.sleep(self.latency_s)
        return super().dispatch(request)


def asset_names(count: int) -> list[str]:
    """BTC, ETH, then A2, A3, ...: ``count`` assets."""
    return ["BTC", "ETH"][:count] + [f"A{i}" for i in range(2, count)]


def asset_prices(assets: list[str]) -> dict[str, float]:
    """BTC 60 000, ETH 3 000, the others 10 + their position."""
    return {a: 60_000.0 if a == "BTC" else 3_000.0 if a == "ETH" else 10.0 + i for i, a in enumerate(assets)}


def serve(server: HTTPServer, assets: list[str]) -> None:
    """Register every venue listing ``assets``, and a catch-all for the per-symbol comparison client."""
    prices = asset_prices(assets)
    for key in VENUES:
        serve_routes(server, venue_module(key).synthetic_routes(prices))
    server.expect_request(re.compile(".*")).respond_with_json({})
