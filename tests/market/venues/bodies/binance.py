"""Binance USDⓈ-M futures: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_binance`.

Numbers are strings where Binance sends strings, and round, so that every parsed figure can be checked by
hand.  Times are those of a venue answering now (:mod:`tests.market.venues.clock`).
"""

from ...routes import route
from .. import Fault
from ..clock import NEVER, NEXT, NEXT_4H, QUARTER, T0


def lot(step, notional="100"):
    return [
        {"filterType": "PRICE_FILTER", "minPrice": "0.10", "maxPrice": "4529764", "tickSize": "0.10"},
        {"filterType": "LOT_SIZE", "stepSize": step, "maxQty": "1000", "minQty": step},
        {"filterType": "MARKET_LOT_SIZE", "stepSize": step, "maxQty": "120", "minQty": step},
        {"filterType": "MAX_NUM_ORDERS", "limit": 200},
        {"filterType": "MIN_NOTIONAL", "notional": notional},
        {"filterType": "PERCENT_PRICE", "multiplierUp": "1.0500", "multiplierDown": "0.9500",
         "multiplierDecimal": "4"},
    ]


def usdm(symbol, base, contract_type, delivery, step, status="TRADING"):
    return {
        "symbol": symbol, "pair": base + "USDT", "contractType": contract_type, "deliveryDate": delivery,
        "onboardDate": 1569398400000, "status": status, "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000", "baseAsset": base, "quoteAsset": "USDT", "marginAsset": "USDT",
        "pricePrecision": 2, "quantityPrecision": 3, "baseAssetPrecision": 8, "quotePrecision": 8,
        "underlyingType": "COIN", "settlePlan": 0, "triggerProtect": "0.0500", "filters": lot(step),
        "orderTypes": ["LIMIT", "MARKET"], "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


def premium(symbol, mark, index, rate, next_time):
    return {
        "symbol": symbol, "markPrice": mark, "indexPrice": index, "estimatedSettlePrice": index,
        "lastFundingRate": rate, "interestRate": "0.00010000" if rate else "", "nextFundingTime": next_time,
        "time": T0,
    }


EXCHANGE_INFO = {
    "timezone": "UTC", "serverTime": T0, "futuresType": "U_MARGINED", "rateLimits": [], "exchangeFilters": [],
    "assets": [],
    "symbols": [
        usdm("BTCUSDT", "BTC", "PERPETUAL", NEVER, "0.001"),
        usdm("ETHUSDT", "ETH", "PERPETUAL", NEVER, "0.001"),
        usdm("DOGEUSDT", "DOGE", "PERPETUAL", NEVER, "1"),
        usdm("BTCUSDT_250328", "BTC", "CURRENT_QUARTER", QUARTER, "0.001"),
        usdm("LUNAUSDT", "LUNA", "PERPETUAL", NEVER, "1", status="SETTLING"),
    ],
}
PREMIUM_INDEX = [
    premium("BTCUSDT", "60000.00000000", "59990.00000000", "0.00010000", NEXT),
    premium("ETHUSDT", "3000.00000000", "2999.50000000", "-0.00005000", NEXT),
    premium("DOGEUSDT", "0.40000000", "0.40010000", "0.00020000", NEXT_4H),
    premium("BTCUSDT_250328", "61200.00000000", "59990.00000000", "", 0),
]
FUNDING_INFO = [
    {"symbol": "DOGEUSDT", "adjustedFundingRateCap": "0.02000000", "adjustedFundingRateFloor": "-0.02000000",
     "fundingIntervalHours": 4, "disclaimer": False},
]
TICKER_PRICE = [
    {"symbol": "BTCUSDT", "price": "60010.50", "time": T0},
    {"symbol": "ETHUSDT", "price": "3001.25", "time": T0},
    {"symbol": "DOGEUSDT", "price": "0.40005", "time": T0},
    {"symbol": "BTCUSDT_250328", "price": "61210.0", "time": T0},
]
OPEN_INTEREST = {
    "BTCUSDT": {"openInterest": "80000.000", "symbol": "BTCUSDT", "time": T0},
    "BTCUSDT_250328": {"openInterest": "4000.000", "symbol": "BTCUSDT_250328", "time": T0},
    "ETHUSDT": {"openInterest": "2000000.000", "symbol": "ETHUSDT", "time": T0},
}


def futures_routes(prefix, exchange_info, premium_index, funding_info, ticker_price, open_interest):
    """The routes of a Binance futures API (USDⓈ-M at /fapi/v1, COIN-M at /dapi/v1)."""
    return [
        route(f"{prefix}/exchangeInfo", exchange_info),
        route(f"{prefix}/premiumIndex", premium_index),
        route(f"{prefix}/fundingInfo", funding_info),
        route(f"{prefix}/ticker/price", ticker_price),
        *(route(f"{prefix}/openInterest", body, symbol=symbol) for symbol, body in open_interest.items()),
    ]


ROUTES = futures_routes("/fapi/v1", EXCHANGE_INFO, PREMIUM_INDEX, FUNDING_INFO, TICKER_PRICE, OPEN_INTEREST)
FAULT = Fault("/fapi/v1/premiumIndex", PREMIUM_INDEX, "markPrice")
ERROR_BODY = {"code": -1003, "msg": "Too many requests"}
SPEC_PATH = "/fapi/v1/exchangeInfo"


def synthetic_routes(prices):
    """Every asset of ``prices`` (asset → USD) as a USDⓈ-M perpetual: the benchmark's venue at scale.  Every
    third asset from the third on funds every 4 h."""
    return futures_routes(
        "/fapi/v1",
        {**EXCHANGE_INFO, "symbols": [usdm(f"{a}USDT", a, "PERPETUAL", NEVER, "0.001") for a in prices]},
        [premium(f"{a}USDT", str(p), str(p), "0.0001", NEXT) for a, p in prices.items()],
        [{"symbol": f"{a}USDT", "adjustedFundingRateCap": "0.02000000", "adjustedFundingRateFloor": "-0.02000000",
          "fundingIntervalHours": 4, "disclaimer": False} for a in list(prices)[2::3]],
        [{"symbol": f"{a}USDT", "price": str(p), "time": T0} for a, p in prices.items()],
        {f"{a}USDT": {"openInterest": "1000", "symbol": f"{a}USDT", "time": T0} for a in prices},
    )
