"""OKX v5: its answers in the documented shapes, as plain data.

Tested by :mod:`tests.market.venues.test_okx`."""

from ...routes import route
from .. import Fault
from ..clock import NEXT, NEXT_4H, QUARTER, T0


def envelope(data):
    return {"code": "0", "msg": "", "data": data}


def instrument(inst_type, inst_id, family, ct_type, ct_val, ct_val_ccy, lot, exp=""):
    return {
        "instType": inst_type, "instId": inst_id, "uly": family, "instFamily": family, "baseCcy": "", "quoteCcy": "",
        "settleCcy": family.split("-")[1] if ct_type == "linear" else family.split("-")[0], "ctValCcy": ct_val_ccy,
        "ctVal": ct_val, "ctMult": "1", "ctType": ct_type, "lotSz": lot, "minSz": lot, "tickSz": "0.1",
        "listTime": "1611916800000", "expTime": exp, "lever": "100", "alias": "quarter" if exp else "",
        "state": "live", "optType": "", "stk": "", "category": "1", "maxLmtSz": "1000000",
    }


def ticker(inst_type, inst_id, last):
    return {"instType": inst_type, "instId": inst_id, "last": last, "lastSz": "1", "askPx": last, "askSz": "1",
            "bidPx": last, "bidSz": "1", "open24h": last, "high24h": last, "low24h": last, "volCcy24h": "1",
            "vol24h": "1", "ts": str(T0), "sodUtc0": last, "sodUtc8": last}


def funding(inst_id, rate, funding_time, next_time):
    return {"instType": "SWAP", "instId": inst_id, "method": "current_period", "fundingRate": rate,
            "nextFundingRate": "", "fundingTime": str(funding_time), "nextFundingTime": str(next_time),
            "minFundingRate": "-0.0075", "maxFundingRate": "0.0075", "settState": "settled",
            "settFundingRate": rate, "premium": "0.0001", "sign": "", "impactValue": "", "interestRate": "0.0001",
            "ts": str(T0)}


def index_ticker(inst_id, price):
    return {"instId": inst_id, "idxPx": price, "high24h": "1", "low24h": "1", "open24h": "1", "sodUtc0": "1",
            "sodUtc8": "1", "ts": str(T0)}


INSTRUMENTS = {
    "SWAP": [
        instrument("SWAP", "BTC-USDT-SWAP", "BTC-USDT", "linear", "0.01", "BTC", "0.01"),
        instrument("SWAP", "BTC-USD-SWAP", "BTC-USD", "inverse", "100", "USD", "1"),
        instrument("SWAP", "ETH-USDT-SWAP", "ETH-USDT", "linear", "0.1", "ETH", "0.01"),
    ],
    "FUTURES": [
        instrument("FUTURES", "BTC-USD-250328", "BTC-USD", "inverse", "100", "USD", "1", exp=str(QUARTER)),
    ],
}
TICKERS = {
    "SWAP": [ticker("SWAP", "BTC-USDT-SWAP", "60010.1"), ticker("SWAP", "BTC-USD-SWAP", "60005.0"),
             ticker("SWAP", "ETH-USDT-SWAP", "3001.1")],
    "FUTURES": [ticker("FUTURES", "BTC-USD-250328", "61210.0")],
}
MARK = {
    "SWAP": [{"instType": "SWAP", "instId": i, "markPx": p, "ts": str(T0)}
             for i, p in (("BTC-USDT-SWAP", "60000"), ("BTC-USD-SWAP", "60000"), ("ETH-USDT-SWAP", "3000"))],
    "FUTURES": [{"instType": "FUTURES", "instId": "BTC-USD-250328", "markPx": "61200", "ts": str(T0)}],
}
OPEN_INTEREST = {
    "SWAP": [
        {"instId": "BTC-USDT-SWAP", "instType": "SWAP", "oi": "2500000", "oiCcy": "25000", "oiUsd": "1500000000",
         "ts": str(T0)},
        {"instId": "BTC-USD-SWAP", "instType": "SWAP", "oi": "6000000", "oiCcy": "10000", "oiUsd": "600000000",
         "ts": str(T0)},
        {"instId": "ETH-USDT-SWAP", "instType": "SWAP", "oi": "9000000", "oiCcy": "900000", "oiUsd": "2700000000",
         "ts": str(T0)},
    ],
    "FUTURES": [
        {"instId": "BTC-USD-250328", "instType": "FUTURES", "oi": "61200", "oiCcy": "100", "oiUsd": "6120000",
         "ts": str(T0)},
    ],
}
FUNDING = [
    funding("BTC-USDT-SWAP", "0.0001", NEXT, NEXT + 8 * 3600000),
    funding("BTC-USD-SWAP", "0.00008", NEXT, NEXT + 8 * 3600000),
    funding("ETH-USDT-SWAP", "-0.00002", NEXT_4H, NEXT_4H + 4 * 3600000),
]
INDEX = {
    "USD": [index_ticker("BTC-USD", "59990")],
    "USDT": [index_ticker("BTC-USDT", "59995"), index_ticker("ETH-USDT", "2999.5")],
    "USDC": [],
}
def tier(family, number, min_size, max_size, mmr, imr, lever):
    return {"uly": family, "instFamily": family, "instId": "", "tier": str(number), "minSz": min_size,
            "maxSz": max_size, "mmr": mmr, "imr": imr, "maxLever": lever, "optMgnFactor": "0", "quoteMaxLoan": "",
            "baseMaxLoan": "", "ccy": ""}


POSITION_TIERS = {
    "BTC-USDT": [tier("BTC-USDT", 1, "0", "500", "0.004", "0.008", "125"),
                 tier("BTC-USDT", 2, "501", "1000", "0.005", "0.01", "100")],
    "BTC-USD": [tier("BTC-USD", 1, "0", "1000", "0.005", "0.01", "100")],
    "ETH-USDT": [tier("ETH-USDT", 1, "0", "5000", "0.005", "0.01", "100")],
}
"""``public/position-tiers`` (SWAP, isolated) per family, as documented: sizes in contracts."""
ROUTES = [
    *(route("/api/v5/public/position-tiers", envelope(tiers), instType="SWAP", tdMode="isolated", instFamily=family)
      for family, tiers in POSITION_TIERS.items()),
    *(r for inst_type in ("SWAP", "FUTURES") for r in (
        route("/api/v5/public/instruments", envelope(INSTRUMENTS[inst_type]), instType=inst_type),
        route("/api/v5/market/tickers", envelope(TICKERS[inst_type]), instType=inst_type),
        route("/api/v5/public/mark-price", envelope(MARK[inst_type]), instType=inst_type),
        route("/api/v5/public/open-interest", envelope(OPEN_INTEREST[inst_type]), instType=inst_type),
    )),
    route("/api/v5/public/funding-rate", envelope(FUNDING), instId="ANY"),
    *(route("/api/v5/market/index-tickers", envelope(data), quoteCcy=quote) for quote, data in INDEX.items()),
]
FAULT = Fault("/api/v5/public/funding-rate", envelope(FUNDING), "fundingRate")
ERROR_BODY = {"code": "50011", "msg": "Too Many Requests", "data": []}
SPEC_PATH = "/api/v5/public/instruments"


def synthetic_routes(prices):
    """Every asset of ``prices`` as a linear swap of 0.01 coin at its price (100 000 contracts open); no dated
    futures, no index."""
    swaps = [instrument("SWAP", f"{a}-USDT-SWAP", f"{a}-USDT", "linear", "0.01", a, "0.01") for a in prices]
    price_of = {f"{a}-USDT-SWAP": str(p) for a, p in prices.items()}
    listed = []
    for inst_type, listing in (("SWAP", swaps), ("FUTURES", [])):
        ids = [i["instId"] for i in listing]
        listed += [
            route("/api/v5/public/instruments", envelope(listing), instType=inst_type),
            route("/api/v5/market/tickers", envelope([ticker(inst_type, i, price_of[i]) for i in ids]),
                  instType=inst_type),
            route("/api/v5/public/mark-price", envelope([{"instType": inst_type, "instId": i, "markPx": price_of[i],
                                                          "ts": str(T0)} for i in ids]), instType=inst_type),
            route("/api/v5/public/open-interest", envelope([
                {"instId": i, "instType": inst_type, "oi": "100000", "oiCcy": "1000",
                 "oiUsd": str(1000 * float(price_of[i])), "ts": str(T0)} for i in ids]), instType=inst_type),
        ]
    funding_rates = [funding(i["instId"], "0.0001", NEXT, NEXT + 8 * 3600000) for i in swaps]
    tiers = [route("/api/v5/public/position-tiers",
                   envelope([tier(f"{a}-USDT", 1, "0", "500", "0.004", "0.008", "125")]), instFamily=f"{a}-USDT")
             for a in prices]
    return listed + tiers + [route("/api/v5/public/funding-rate", envelope(funding_rates)),
                     route("/api/v5/market/index-tickers", envelope([]))]
