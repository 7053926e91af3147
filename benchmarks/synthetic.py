"""A local venue server for N assets, in every venue's documented shape (built from tests/market/venues/).

Per-symbol endpoints (open interest, MEXC funding) answer for any symbol;
a catch-all answers the per-symbol comparison client.
"""

from __future__ import annotations

import json
import re
import time

from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.market.venues import test_binance as binance
from tests.market.venues import test_binance_coinm as coinm_shapes
from tests.market.venues import test_bingx as bingx
from tests.market.venues import test_bybit as bybit
from tests.market.venues import test_coingecko as coingecko
from tests.market.venues import test_deribit as deribit
from tests.market.venues import test_mexc as mexc
from tests.market.venues import test_okx as okx


class SlowServer(HTTPServer):
    """A threaded local server that waits ``latency_s`` before every answer, like a distant venue."""

    def __init__(self, latency_s: float):
        super().__init__(host="127.0.0.1", port=0, threaded=True)
        self.latency_s = latency_s
        self.requests = 0

    def dispatch(self, request):
        self.requests += 1
        time.sleep(self.latency_s)
        return super().dispatch(request)


def asset_names(count: int) -> list[str]:
    """BTC, ETH, then A2, A3, ...: ``count`` assets."""
    return ["BTC", "ETH"][:count] + [f"A{i}" for i in range(2, count)]


def _json(body):
    return Response(json.dumps(body), 200, content_type="application/json")


def serve(server: HTTPServer, assets: list[str]) -> None:
    """Register bulk bodies listing every asset, per-symbol handlers, and a catch-all."""
    prices = {a: 60_000.0 if a == "BTC" else 3_000.0 if a == "ETH" else 10.0 + i for i, a in enumerate(assets)}
    e = server.expect_request

    usdm = [binance.usdm(f"{a}USDT", a, "PERPETUAL", binance.NEVER, "0.001") for a in assets]
    e("/fapi/v1/exchangeInfo").respond_with_json({**binance.EXCHANGE_INFO, "symbols": usdm})
    e("/fapi/v1/premiumIndex").respond_with_json(
        [binance.premium(f"{a}USDT", str(p), str(p), "0.0001", binance.NEXT) for a, p in prices.items()])
    e("/fapi/v1/fundingInfo").respond_with_json([])
    e("/fapi/v1/ticker/price").respond_with_json([{"symbol": f"{a}USDT", "price": str(p), "time": binance.T0}
                                                  for a, p in prices.items()])
    e("/fapi/v1/openInterest").respond_with_handler(
        lambda r: _json({"openInterest": "1000", "symbol": r.args.get("symbol"), "time": binance.T0}))
    coinm = [coinm_shapes.coinm(f"{a}USD_PERP", a, "PERPETUAL", binance.NEVER, 100 if a == "BTC" else 10) for a in assets]
    e("/dapi/v1/exchangeInfo").respond_with_json({**coinm_shapes.EXCHANGE_INFO, "symbols": coinm})
    e("/dapi/v1/premiumIndex").respond_with_json(
        [binance.premium(f"{a}USD_PERP", str(p), str(p), "0.0001", binance.NEXT) for a, p in prices.items()])
    e("/dapi/v1/fundingInfo").respond_with_json([])
    e("/dapi/v1/ticker/price").respond_with_json([{"symbol": f"{a}USD_PERP", "price": str(p)} for a, p in prices.items()])
    e("/dapi/v1/openInterest").respond_with_handler(
        lambda r: _json({"openInterest": "1000", "symbol": r.args.get("symbol"), "time": binance.T0}))
    e("/api/v3/ticker/price").respond_with_json([{"symbol": f"{a}USDT", "price": str(p)} for a, p in prices.items()])
    e("/api/v3/exchangeInfo").respond_with_json({"symbols": []})

    for category, suffix, kind in (("linear", "USDT", "LinearPerpetual"), ("inverse", "USD", "InversePerpetual")):
        tickers = [bybit.ticker(f"{a}{suffix}", str(p), str(p), str(p), "100", "1000", "0.0001", str(binance.NEXT))
                   for a, p in prices.items()]
        e("/v5/market/tickers", query_string={"category": category}).respond_with_json(
            bybit.envelope(category, tickers))
        instruments = [bybit.instrument(f"{a}{suffix}", kind, a, suffix, 480, "0.001") for a in assets]
        e("/v5/market/instruments-info", query_string={"category": category, "limit": "1000"}).respond_with_json(
            bybit.envelope(category, instruments, ""))

    swaps = [okx.instrument("SWAP", f"{a}-USDT-SWAP", f"{a}-USDT", "linear", "0.01", a, "0.01") for a in assets]
    for inst_type, listing in (("SWAP", swaps), ("FUTURES", [])):
        q = {"instType": inst_type}
        e("/api/v5/public/instruments", query_string=q).respond_with_json(okx.envelope(listing))
        e("/api/v5/market/tickers", query_string=q).respond_with_json(
            okx.envelope([okx.ticker(inst_type, i["instId"], "1") for i in listing]))
        e("/api/v5/public/mark-price", query_string=q).respond_with_json(
            okx.envelope([{"instType": inst_type, "instId": i["instId"], "markPx": "1", "ts": str(binance.T0)}
                          for i in listing]))
        e("/api/v5/public/open-interest", query_string=q).respond_with_json(
            okx.envelope([{"instId": i["instId"], "instType": inst_type, "oi": "1", "oiCcy": "1", "oiUsd": "1",
                           "ts": str(binance.T0)} for i in listing]))
    e("/api/v5/public/funding-rate").respond_with_json(
        okx.envelope([okx.funding(i["instId"], "0.0001", binance.NEXT, binance.NEXT + 8 * 3600000) for i in swaps]))
    e("/api/v5/market/index-tickers").respond_with_json(okx.envelope([]))

    for currency in ("BTC", "ETH"):
        q = {"currency": currency, "kind": "future"}
        e("/api/v2/public/get_book_summary_by_currency", query_string=q).respond_with_json(deribit.SUMMARY[currency])
        e("/api/v2/public/get_instruments", query_string=q).respond_with_json(deribit.INSTRUMENTS[currency])

    contract = bingx.CONTRACTS["data"][0]
    e("/openApi/swap/v2/quote/contracts").respond_with_json(
        {"code": 0, "data": [{**contract, "symbol": f"{a}-USDT", "asset": a} for a in assets]})
    premium = bingx.PREMIUM["data"][0]
    e("/openApi/swap/v2/quote/premiumIndex").respond_with_json(
        {"code": 0, "data": [{**premium, "symbol": f"{a}-USDT", "markPrice": str(p)} for a, p in prices.items()]})
    ticker = bingx.TICKER["data"][0]
    e("/openApi/swap/v2/quote/ticker").respond_with_json(
        {"code": 0, "data": [{**ticker, "symbol": f"{a}-USDT", "lastPrice": str(p)} for a, p in prices.items()]})
    e("/openApi/swap/v2/quote/openInterest").respond_with_handler(
        lambda r: _json({"code": 0, "data": {"openInterest": "1000", "symbol": r.args.get("symbol"), "time": binance.T0}}))

    detail, mexc_ticker = mexc.DETAIL["data"][0], mexc.TICKER["data"][0]
    e("/api/v1/contract/detail").respond_with_json(
        {"success": True, "code": 0, "data": [{**detail, "symbol": f"{a}_USDT", "baseCoin": a} for a in assets]})
    e("/api/v1/contract/ticker").respond_with_json(
        {"success": True, "code": 0, "data": [{**mexc_ticker, "symbol": f"{a}_USDT", "fairPrice": p}
                                               for a, p in prices.items()]})
    e(re.compile(r"/api/v1/contract/funding_rate/.+")).respond_with_handler(
        lambda r: _json({"success": True, "code": 0, "data": {**mexc.FUNDING["BTC_USDT"]["data"],
                                                               "symbol": r.path.rsplit("/", 1)[-1]}}))
    e("/api/v3/simple/price").respond_with_json(coingecko.PRICE)
    e(re.compile(".*")).respond_with_json({})  # the per-symbol comparison client's requests
