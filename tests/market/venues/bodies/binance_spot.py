"""Binance spot: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_binance_spot`."""

from ...routes import route
from .. import Fault
from ..clock import T0
from .binance import lot

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
