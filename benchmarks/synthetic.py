"""A local venue server for N assets, in every venue's documented shape (each venue's test module lists them).

A catch-all answers the per-symbol comparison client.  The few requests ccxt makes that hedgebook does not
(the same last prices at Binance's ``/fapi/v2``, Bybit's listing of instruments not yet trading) are answered
too, so that both clients of the side-by-side (:mod:`benchmarks.peer`) read the same replay.
"""

from __future__ import annotations

import re
import time

from pytest_httpserver import HTTPServer

from hedgebook.market import VENUES
from tests.market.routes import Route, route
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


def peer_routes(key: str, routes: list[Route]) -> list[Route]:
    """The answers ccxt asks for at other addresses than hedgebook: the same bodies, or an empty listing."""
    if key == "binance":
        return [Route("/fapi/v2/ticker/price", r.body, r.query) for r in routes if r.path == "/fapi/v1/ticker/price"]
    if key == "bybit":
        from tests.market.venues.test_bybit import envelope

        return [route("/v5/market/instruments-info", envelope(category, [], ""), category=category, limit=1000,
                      status="PreLaunch") for category in ("linear", "inverse")]
    return []


def serve(server: HTTPServer, assets: list[str]) -> None:
    """Register every venue listing ``assets``, and a catch-all for the per-symbol comparison client."""
    prices = asset_prices(assets)
    for key in VENUES:
        routes = venue_module(key).synthetic_routes(prices)
        serve_routes(server, routes + peer_routes(key, routes))
    server.expect_request(re.compile(".*")).respond_with_json({})
