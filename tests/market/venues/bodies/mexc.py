"""MEXC perpetual contracts: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_mexc`."""

from ...routes import route
from .. import Fault
from ..clock import NEXT, NEXT_4H, T0


def envelope(data):
    return {"success": True, "code": 0, "data": data}


def detail(symbol, base, size, max_leverage, max_vol):
    return {"symbol": symbol, "displayName": f"{symbol} PERPETUAL", "displayNameEn": f"{symbol} PERPETUAL",
            "positionOpenType": 3, "baseCoin": base, "quoteCoin": "USDT", "settleCoin": "USDT", "contractSize": size,
            "minLeverage": 1, "maxLeverage": max_leverage, "priceScale": 1, "volScale": 0, "amountScale": 4,
            "priceUnit": 0.1, "volUnit": 1, "minVol": 1, "maxVol": max_vol, "takerFeeRate": 0.0002,
            "makerFeeRate": 0.0, "maintenanceMarginRate": 0.004, "initialMarginRate": 0.008, "state": 0,
            "isNew": False, "isHot": True, "isHidden": False}


def ticker(contract_id, symbol, last, hold, index, fair, rate):
    return {"contractId": contract_id, "symbol": symbol, "lastPrice": last, "bid1": last - 0.1, "ask1": last,
            "volume24": 1, "amount24": 1, "holdVol": hold, "lower24Price": 1, "high24Price": 1, "riseFallRate": 0.01,
            "riseFallValue": 1, "indexPrice": index, "fairPrice": fair, "fundingRate": rate,
            "maxBidPrice": fair * 1.1, "minAskPrice": fair * 0.9, "timestamp": T0}


def schedule(symbol, rate, cycle, next_time):
    return envelope({"symbol": symbol, "fundingRate": rate, "maxFundingRate": 0.003, "minFundingRate": -0.003,
                     "collectCycle": cycle, "nextSettleTime": next_time, "timestamp": T0})


RISK_STEPS = {"riskBaseVol": 150000, "riskIncrVol": 150000, "riskIncrMmr": 0.004, "riskIncrImr": 0.004,
              "riskLevelLimit": 5}
"""MEXC's documented tier steps (BTC_USDT): each tier 150 000 contracts more, maintenance +0.4 %, initial +0.4 %."""
DETAIL = envelope([{**detail("BTC_USDT", "BTC", 0.0001, 125, 1250000), **RISK_STEPS},
                   detail("ETH_USDT", "ETH", 0.01, 200, 450000)])
TICKER = envelope([ticker(10, "BTC_USDT", 60010.0, 100000000, 59990.0, 60000.0, 0.0001),
                   ticker(11, "ETH_USDT", 3001.0, 50000000, 2999.5, 3000.0, -0.00005)])
FUNDING = {"BTC_USDT": schedule("BTC_USDT", 0.0001, 8, NEXT), "ETH_USDT": schedule("ETH_USDT", -0.00005, 4, NEXT_4H)}
ROUTES = [
    route("/api/v1/contract/detail", DETAIL),
    route("/api/v1/contract/ticker", TICKER),
    *(route(f"/api/v1/contract/funding_rate/{symbol}", body) for symbol, body in FUNDING.items()),
]
FAULT = Fault("/api/v1/contract/ticker", TICKER, "fairPrice")
ERROR_BODY = {"success": False, "code": 510, "message": "Requests are too frequent"}
SPEC_PATH = "/api/v1/contract/detail"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a USDT perpetual."""
    first_detail, first_ticker = DETAIL["data"][0], TICKER["data"][0]
    return [
        route("/api/v1/contract/detail", envelope([{**first_detail, "symbol": f"{a}_USDT", "baseCoin": a}
                                                   for a in prices])),
        route("/api/v1/contract/ticker", envelope([{**first_ticker, "symbol": f"{a}_USDT", "fairPrice": p}
                                                   for a, p in prices.items()])),
        *(route(f"/api/v1/contract/funding_rate/{a}_USDT", schedule(f"{a}_USDT", 0.0001, 8, NEXT)) for a in prices),
    ]
