"""WEEX perpetual contracts (V3): its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_weex`."""

from ...routes import route
from .. import Fault
from ..clock import NEXT, NEXT_4H, T0

PREFIX = "/capi/v3/market/"


def symbol_info(symbol, base, contract_val, precision, min_size, forward=True):
    return {"symbol": symbol, "baseAsset": base, "quoteAsset": "USDT", "marginAsset": "USDT", "pricePrecision": 1,
            "quantityPrecision": precision, "baseAssetPrecision": 8, "quotePrecision": 8,
            "contractVal": contract_val, "delivery": ["00:00:00", "08:00:00", "16:00:00"],
            "forwardContractFlag": forward, "minLeverage": 1, "maxLeverage": 400, "buyLimitPriceRatio": "0.01",
            "sellLimitPriceRatio": "0.01", "makerFeeRate": "0.0002", "takerFeeRate": "0.0008",
            "minOrderSize": min_size, "maxOrderSize": "1200", "maxPositionSize": "1000000",
            "marketOpenLimitSize": "100"}


def premium(symbol, mark, index, rate, next_time, cycle):
    return {"symbol": symbol, "markPrice": mark, "indexPrice": index, "lastFundingRate": rate,
            "forecastFundingRate": rate, "interestRate": "0.0001", "nextFundingTime": next_time, "time": T0,
            "collectCycle": cycle}


def ticker(symbol, last):
    return {"symbol": symbol, "priceChange": "-350.50", "priceChangePercent": "-0.0051", "lastPrice": last,
            "openPrice": "1", "highPrice": "1", "lowPrice": "1", "volume": "1524.361", "quoteVolume": "1",
            "markPrice": last, "indexPrice": last, "openTime": T0, "closeTime": T0}


EXCHANGE_INFO = {
    "assets": [{"asset": "USDT", "marginAvailable": True}, {"asset": "BTC", "marginAvailable": False}],
    "symbols": [symbol_info("BTCUSDT", "BTC", "0.0001", 4, "0.0001"),
                symbol_info("ETHUSDT", "ETH", "0.001", 3, "0.001"),
                symbol_info("BTCUSD", "BTC", "1", 0, "1", forward=False)],
}
PREMIUM = [premium("BTCUSDT", "60000.0", "59990.0", "0.00025", NEXT, 480),
           premium("ETHUSDT", "3000.0", "2999.5", "-0.00005", NEXT_4H, 240)]
TICKER = [ticker("BTCUSDT", "60010.5"), ticker("ETHUSDT", "3001.25")]
OPEN_INTEREST = {"BTCUSDT": {"symbol": "BTCUSDT", "openInterest": "128345.67", "time": T0},
                 "ETHUSDT": {"symbol": "ETHUSDT", "openInterest": "2000000", "time": T0}}
ROUTES = [
    route(PREFIX + "exchangeInfo", EXCHANGE_INFO),
    route(PREFIX + "premiumIndex", PREMIUM),
    route(PREFIX + "ticker/24hr", TICKER),
    *(route(PREFIX + "openInterest", body, symbol=symbol) for symbol, body in OPEN_INTEREST.items()),
]
FAULT = Fault(PREFIX + "premiumIndex", PREMIUM, "markPrice")
ERROR_BODY = {"code": -1121, "msg": "Invalid symbol."}
SPEC_PATH = PREFIX + "exchangeInfo"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a USDT perpetual."""
    return [
        route(PREFIX + "exchangeInfo", {"assets": [], "symbols": [
            symbol_info(f"{a}USDT", a, "0.001", 3, "0.001") for a in prices]}),
        route(PREFIX + "premiumIndex", [premium(f"{a}USDT", str(p), str(p), "0.0001", NEXT, 480)
                                        for a, p in prices.items()]),
        route(PREFIX + "ticker/24hr", [ticker(f"{a}USDT", str(p)) for a, p in prices.items()]),
        *(route(PREFIX + "openInterest", {"symbol": f"{a}USDT", "openInterest": "1000", "time": T0},
                symbol=f"{a}USDT") for a in prices),
    ]
