"""BingX perpetual swaps: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_bingx`."""

from ...routes import route
from .. import Fault
from ..clock import NEXT, NEXT_4H, T0


def envelope(data):
    return {"code": 0, "msg": "", "data": data}


def contract(contract_id, symbol, asset, size, precision):
    return {"contractId": contract_id, "symbol": symbol, "size": size, "quantityPrecision": precision,
            "pricePrecision": 1, "feeRate": 0.0005, "makerFeeRate": 0.0002, "takerFeeRate": 0.0005,
            "tradeMinLimit": 0, "tradeMinQuantity": float(size), "tradeMinUSDT": 2, "maxLongLeverage": 125,
            "maxShortLeverage": 125, "currency": "USDT", "asset": asset, "status": 1, "apiStateOpen": "true",
            "apiStateClose": "true", "ensureTrigger": True, "triggerFeeRate": "0.00020000"}


def ticker(symbol, last):
    return {"symbol": symbol, "priceChange": "1", "priceChangePercent": "0.01", "lastPrice": last, "lastQty": "1",
            "highPrice": "1", "lowPrice": "1", "volume": "1", "quoteVolume": "1", "openPrice": "1", "openTime": T0,
            "closeTime": T0}


CONTRACTS = envelope([contract("100", "BTC-USDT", "BTC", "0.0001", 4), contract("101", "ETH-USDT", "ETH", "0.01", 2)])
PREMIUM = envelope([
    {"symbol": "BTC-USDT", "markPrice": "60000.0", "indexPrice": "59990.0", "lastFundingRate": "0.0001",
     "nextFundingTime": NEXT, "fundingIntervalHours": 8, "updateTime": T0},
    {"symbol": "ETH-USDT", "markPrice": "3000.00", "indexPrice": "2999.50", "lastFundingRate": "0.00005",
     "nextFundingTime": NEXT_4H, "fundingIntervalHours": 4, "updateTime": T0},
])
TICKER = envelope([ticker("BTC-USDT", "60010.0"), ticker("ETH-USDT", "3001.00")])
OPEN_INTEREST = {
    "BTC-USDT": envelope({"openInterest": "1200000000.00", "symbol": "BTC-USDT", "time": T0}),
    "ETH-USDT": envelope({"openInterest": "300000000.00", "symbol": "ETH-USDT", "time": T0}),
}
QUOTE = "/openApi/swap/v2/quote/"
ROUTES = [
    route(QUOTE + "contracts", CONTRACTS),
    route(QUOTE + "premiumIndex", PREMIUM),
    route(QUOTE + "ticker", TICKER),
    *(route(QUOTE + "openInterest", body, symbol=symbol) for symbol, body in OPEN_INTEREST.items()),
]
FAULT = Fault(QUOTE + "premiumIndex", PREMIUM, "markPrice")
ERROR_BODY = {"code": 100410, "msg": "rate limitation", "data": None}
SPEC_PATH = QUOTE + "contracts"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a USDT swap."""
    first_contract, first_premium, first_ticker = CONTRACTS["data"][0], PREMIUM["data"][0], TICKER["data"][0]
    return [
        route(QUOTE + "contracts", envelope([{**first_contract, "symbol": f"{a}-USDT", "asset": a} for a in prices])),
        route(QUOTE + "premiumIndex", envelope([{**first_premium, "symbol": f"{a}-USDT", "markPrice": str(p)}
                                                for a, p in prices.items()])),
        route(QUOTE + "ticker", envelope([{**first_ticker, "symbol": f"{a}-USDT", "lastPrice": str(p)}
                                          for a, p in prices.items()])),
        *(route(QUOTE + "openInterest", envelope({"openInterest": "1000", "symbol": f"{a}-USDT", "time": T0}),
                symbol=f"{a}-USDT") for a in prices),
    ]
