"""Binance COIN-M futures: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_binance_coinm`."""

from .. import Fault
from ..clock import NEVER, NEXT, QUARTER, T0
from .binance import futures_routes, lot, premium


def coinm(symbol, base, contract_type, delivery, size):
    return {
        "symbol": symbol, "pair": base + "USD", "contractType": contract_type, "deliveryDate": delivery,
        "onboardDate": 1596006000000, "contractStatus": "TRADING", "contractSize": size, "marginAsset": base,
        "maintMarginPercent": "2.5000", "requiredMarginPercent": "5.0000", "baseAsset": base, "quoteAsset": "USD",
        "pricePrecision": 1, "quantityPrecision": 0, "baseAssetPrecision": 8, "quotePrecision": 8,
        "equalQtyPrecision": 4, "filters": lot("1")[:3], "orderTypes": ["LIMIT", "MARKET"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "rateLimits": [], "exchangeFilters": [],
    "symbols": [
        coinm("BTCUSD_PERP", "BTC", "PERPETUAL", NEVER, 100),
        coinm("BTCUSD_250328", "BTC", "CURRENT_QUARTER", QUARTER, 100),
        coinm("ETHUSD_PERP", "ETH", "PERPETUAL", NEVER, 10),
    ],
}
PREMIUM_INDEX = [
    dict(premium("BTCUSD_PERP", "60000.0", "59990.0", "0.00010000", NEXT), pair="BTCUSD"),
    dict(premium("BTCUSD_250328", "61200.0", "59990.0", "", 0), pair="BTCUSD"),
    dict(premium("ETHUSD_PERP", "3000.00", "2999.50", "0.00010000", NEXT), pair="ETHUSD"),
]
FUNDING_INFO = []
TICKER_PRICE = [
    {"symbol": "BTCUSD_PERP", "ps": "BTCUSD", "price": "60005.1", "time": T0},
    {"symbol": "BTCUSD_250328", "ps": "BTCUSD", "price": "61190.0", "time": T0},
    {"symbol": "ETHUSD_PERP", "ps": "ETHUSD", "price": "3000.10", "time": T0},
]
OPEN_INTEREST = {
    "BTCUSD_PERP": {"symbol": "BTCUSD_PERP", "pair": "BTCUSD", "openInterest": "6000000", "contractType": "PERPETUAL",
                    "time": T0},
    "BTCUSD_250328": {"symbol": "BTCUSD_250328", "pair": "BTCUSD", "openInterest": "612000",
                      "contractType": "CURRENT_QUARTER", "time": T0},
    "ETHUSD_PERP": {"symbol": "ETHUSD_PERP", "pair": "ETHUSD", "openInterest": "3000000", "contractType": "PERPETUAL",
                    "time": T0},
}
ROUTES = futures_routes("/dapi/v1", EXCHANGE_INFO, PREMIUM_INDEX, FUNDING_INFO, TICKER_PRICE, OPEN_INTEREST)
FAULT = Fault("/dapi/v1/premiumIndex", PREMIUM_INDEX, "markPrice")
ERROR_BODY = {"code": -1003, "msg": "Too many requests"}
SPEC_PATH = "/dapi/v1/exchangeInfo"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a COIN-M perpetual."""
    return futures_routes(
        "/dapi/v1",
        {**EXCHANGE_INFO, "symbols": [coinm(f"{a}USD_PERP", a, "PERPETUAL", NEVER, 100 if a == "BTC" else 10)
                                      for a in prices]},
        [premium(f"{a}USD_PERP", str(p), str(p), "0.0001", NEXT) for a, p in prices.items()],
        [],
        [{"symbol": f"{a}USD_PERP", "price": str(p)} for a, p in prices.items()],
        {f"{a}USD_PERP": {"openInterest": "1000", "symbol": f"{a}USD_PERP", "time": T0} for a in prices},
    )
