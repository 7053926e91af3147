"""Bybit v5: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_bybit`."""

from ...routes import route
from .. import Fault
from ..clock import NEXT, NEXT_4H, QUARTER, T0


def envelope(category, listing, cursor=None):
    result = {"category": category, "list": listing}
    if cursor is not None:
        result["nextPageCursor"] = cursor
    return {"retCode": 0, "retMsg": "OK", "retExtInfo": {}, "time": T0, "result": result}


def ticker(symbol, last, index, mark, oi, oi_value, rate, next_time, delivery="0"):
    return {
        "symbol": symbol, "lastPrice": last, "indexPrice": index, "markPrice": mark, "prevPrice24h": last,
        "price24hPcnt": "0.01", "highPrice24h": last, "lowPrice24h": last, "prevPrice1h": last,
        "openInterest": oi, "openInterestValue": oi_value, "turnover24h": "1", "volume24h": "1",
        "fundingRate": rate, "nextFundingTime": next_time, "predictedDeliveryPrice": "", "basisRate": "",
        "deliveryFeeRate": "", "deliveryTime": delivery, "ask1Size": "1", "bid1Price": last, "ask1Price": last,
        "bid1Size": "1", "basis": "",
    }


def instrument(symbol, contract_type, base, quote, interval, step, delivery="0", status="Trading"):
    return {
        "symbol": symbol, "contractType": contract_type, "status": status, "baseCoin": base, "quoteCoin": quote,
        "launchTime": "1585526400000", "deliveryTime": delivery, "deliveryFeeRate": "", "priceScale": "2",
        "leverageFilter": {"minLeverage": "1", "maxLeverage": "100.00", "leverageStep": "0.01"},
        "priceFilter": {"minPrice": "0.10", "maxPrice": "199999.80", "tickSize": "0.10"},
        "lotSizeFilter": {"maxOrderQty": "100.000", "minOrderQty": step, "qtyStep": step,
                          "postOnlyMaxOrderQty": "1000.000", "maxMktOrderQty": "100.000",
                          **({"minNotionalValue": "5"} if quote != "USD" else {})},
        "unifiedMarginTrade": True, "fundingInterval": interval, "settleCoin": quote if quote != "USD" else base,
        "copyTrading": "both", "upperFundingRate": "0.00375", "lowerFundingRate": "-0.00375",
    }


TICKERS = {
    "linear": envelope("linear", [
        ticker("BTCUSDT", "60010.00", "59990.00", "60000.00", "60000.000", "3600000000.00", "0.0001", str(NEXT)),
        ticker("ETHUSDT", "3001.00", "2999.50", "3000.00", "1500000.00", "4500000000.00", "0.00005", str(NEXT_4H)),
        ticker("BTC-28MAR25", "61210.00", "59990.00", "61200.00", "100.000", "6120000.00", "", "0", str(QUARTER)),
    ]),
    "inverse": envelope("inverse", [
        ticker("BTCUSD", "60005.00", "59990.00", "60000.00", "600000000", "10000.00", "0.0001", str(NEXT)),
    ]),
}
INSTRUMENTS = {
    "linear": [
        instrument("BTCUSDT", "LinearPerpetual", "BTC", "USDT", 480, "0.001"),
        instrument("ETHUSDT", "LinearPerpetual", "ETH", "USDT", 240, "0.01"),
        instrument("BTC-28MAR25", "LinearFutures", "BTC", "USDC", 0, "0.001", delivery=str(QUARTER)),
        instrument("OLDUSDT", "LinearPerpetual", "OLD", "USDT", 480, "1", status="Closed"),
    ],
    "inverse": [instrument("BTCUSD", "InversePerpetual", "BTC", "USD", 480, "1")],
}


def risk_limit(symbol, value, maintenance, initial, leverage, deduction="", tier=1):
    return {"id": tier, "symbol": symbol, "riskLimitValue": value, "maintenanceMargin": maintenance,
            "initialMargin": initial, "isLowestRisk": 1 if tier == 1 else 0, "maxLeverage": leverage,
            "mmDeduction": deduction}


RISK_LIMITS = {
    ("linear", "BTCUSDT"): envelope("linear", [
        risk_limit("BTCUSDT", "2000000", "0.005", "0.01", "100.00"),
        risk_limit("BTCUSDT", "2600000", "0.0056", "0.0112", "89.28", "1200", 2),
        risk_limit("BTCUSDT", "3200000", "0.0062", "0.0124", "80.64", "2760", 3),
    ], ""),
    ("linear", "ETHUSDT"): envelope("linear", [risk_limit("ETHUSDT", "1000000", "0.005", "0.01", "100.00")], ""),
    ("inverse", "BTCUSD"): envelope("inverse", [  # an inverse limit is in coins: 150 BTC
        risk_limit("BTCUSD", "150", "0.005", "0.01", "100.00"),
        risk_limit("BTCUSD", "300", "0.01", "0.015", "66.67", "0.75", 2),
    ], ""),
}
"""``/v5/market/risk-limit`` per symbol, as documented: limits in USD (linear) or coins (inverse), rates as
fractions."""


def routes(tickers=TICKERS, instruments=INSTRUMENTS, risk_limits=RISK_LIMITS):
    return [
        *(route("/v5/market/tickers", tickers[c], category=c) for c in ("linear", "inverse")),
        *(route("/v5/market/instruments-info", envelope(c, instruments[c], ""), category=c, limit=1000)
          for c in ("linear", "inverse")),
        *(route("/v5/market/risk-limit", body, category=c, symbol=symbol) for (c, symbol), body in risk_limits.items()),
    ]


ROUTES = routes()
FAULT = Fault("/v5/market/tickers", TICKERS["linear"], "markPrice")
ERROR_BODY = {"retCode": 10006, "retMsg": "Too many visits!", "result": {}}
SPEC_PATH = "/v5/market/instruments-info"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a linear perpetual (lots of 0.001 coin) and an inverse one (lots of one 1-USD
    contract, as Bybit lists them)."""
    tickers, instruments = {}, {}
    for category, suffix, kind, step in (("linear", "USDT", "LinearPerpetual", "0.001"),
                                         ("inverse", "USD", "InversePerpetual", "1")):
        tickers[category] = envelope(category, [ticker(f"{a}{suffix}", str(p), str(p), str(p), "100", "1000", "0.0001",
                                                       str(NEXT)) for a, p in prices.items()])
        instruments[category] = [instrument(f"{a}{suffix}", kind, a, suffix, 480, step) for a in prices]
    limits = {(c, f"{a}{suffix}"): envelope(c, [risk_limit(f"{a}{suffix}", "2000000" if c == "linear" else "150",
                                                           "0.005", "0.01", "100.00")], "")
              for c, suffix in (("linear", "USDT"), ("inverse", "USD")) for a in prices}
    return routes(tickers, instruments, limits)
