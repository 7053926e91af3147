"""BingX perpetual swaps: a timestamp on every request, open interest per symbol, code errors."""

import pytest

from hedgebook.market import fetch_market
from hedgebook.market.errors import VenueErrorCode

from ..routes import route
from . import Fault, read_recorded, serve_venue
from .clock import NEXT, NEXT_4H, NEXT_TS, T0


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


def test_swaps_with_open_interest_per_symbol():
    t, _, asked = read_recorded("bingx", ["BTC", "ETH"])
    btc = t.loc["BTC-USDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.funding_rate, btc.funding_interval_h) == (60010.0, 60000.0, 0.0001, 8)
    assert btc.lot_size == 0.0001 and btc.next_funding_time == NEXT_TS
    assert (btc.min_qty, btc.min_notional) == (0.0001, 2)  # tradeMinQuantity coins, tradeMinUSDT
    assert btc.open_interest_usd == 1_200_000_000 and btc.open_interest == pytest.approx(20_000)
    assert t.loc["ETH-USDT"].funding_interval_h == 4
    assert len(asked.asked) == 3 + 2
    assert all("timestamp" in r.params for r in asked.asked)
    assert [r.cached for r in asked.asked[:3]] == [True, False, False]


def test_code_error_in_a_200_answer():
    with pytest.raises(VenueErrorCode, match="error 100410 from premiumIndex: rate limitation"):
        read_recorded("bingx", overrides={QUOTE + "premiumIndex": ERROR_BODY})


def test_every_request_carries_a_timestamp_on_the_wire(market_server):
    serve_venue(market_server, "bingx")
    snapshot = fetch_market(["bingx"], ["BTC", "ETH"], timeout=5)
    assert snapshot.errors == {} and snapshot.requests["bingx"] == 5
    assert all("timestamp=" in request.query_string.decode() for request, _ in market_server.log)
