"""Binance spot: last prices of the USDT pairs, lot sizes for the assets asked."""

import math

from hedgebook.market.errors import VenueServerError

from ..routes import route
from . import Fault, read_recorded
from .clock import T0
from .test_binance import lot

TICKER_PRICE = [
    {"symbol": "BTCUSDT", "price": "60001.00000000"},
    {"symbol": "ETHUSDT", "price": "3000.50000000"},
    {"symbol": "ETHBTC", "price": "0.05000000"},
    {"symbol": "BTCFDUSD", "price": "60002.00000000"},
]
SPOT_FILTERS = [
    *lot("0.00001000")[:3],
    {"filterType": "NOTIONAL", "minNotional": "5.00000000", "applyMinToMarket": True,
     "maxNotional": "9000000.00000000", "applyMaxToMarket": False, "avgPriceMins": 5},
]
"""Spot's filters: its minimum order value is NOTIONAL's ``minNotional`` (futures: MIN_NOTIONAL's ``notional``)."""
EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "rateLimits": [], "exchangeFilters": [],
    "symbols": [
        {"symbol": "BTCUSDT", "status": "TRADING", "baseAsset": "BTC", "quoteAsset": "USDT", "filters": SPOT_FILTERS},
    ],
}
ROUTES = [route("/api/v3/ticker/price", TICKER_PRICE), route("/api/v3/exchangeInfo", EXCHANGE_INFO)]
FAULT = Fault("/api/v3/ticker/price", TICKER_PRICE, "price")
ERROR_BODY = {"code": -1003, "msg": "Too many requests"}
SPEC_PATH = None  # its one spec (lot sizes) is a soft extra: a failure costs only the lot sizes


def synthetic_routes(prices):
    """Every asset of ``prices`` as a USDT pair."""
    return [route("/api/v3/ticker/price", [{"symbol": f"{a}USDT", "price": str(p)} for a, p in prices.items()]),
            route("/api/v3/exchangeInfo", {"symbols": [
                {"symbol": f"{a}USDT", "status": "TRADING", "baseAsset": a, "quoteAsset": "USDT",
                 "filters": lot("0.00001000")} for a in prices]})]


def test_usdt_pairs_only_and_lot_sizes_for_the_assets_asked():
    t, _, asked = read_recorded("binance_spot")
    assert sorted(t.index) == ["BTCUSDT", "ETHUSDT"]  # USDT pairs only
    assert t.loc["BTCUSDT"].last_price == 60001.0 and t.loc["BTCUSDT"].kind == "spot"
    assert math.isnan(t.loc["BTCUSDT"].lot_size) and len(asked.asked) == 1
    t, _, asked = read_recorded("binance_spot", ["BTC"])
    assert list(t.index) == ["BTCUSDT"] and t.loc["BTCUSDT"].lot_size == 0.00001
    assert (t.loc["BTCUSDT"].min_qty, t.loc["BTCUSDT"].min_notional) == (0.00001, 5)  # spot's NOTIONAL filter
    assert asked.asked[1].params == {"symbols": '["BTCUSDT"]'} and asked.asked[1].cached


def test_lot_sizes_failing_keeps_the_prices():
    t, result, _ = read_recorded("binance_spot", ["BTC"],
                                 overrides={"/api/v3/exchangeInfo": VenueServerError("server error (HTTP 503)")})
    assert t.loc["BTCUSDT"].last_price == 60001.0 and math.isnan(t.loc["BTCUSDT"].lot_size)
    assert result.warnings == ["binance_spot: lot sizes missing (server error (HTTP 503))"]
