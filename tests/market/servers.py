"""Register the documented-shape bodies on a pytest-httpserver, one function per venue."""

import json

from werkzeug import Response

from . import bodies as B


def _serve_binance_futures(server, prefix, exchange_info, premium_index, funding_info, ticker_price, open_interest):
    server.expect_request(f"{prefix}/exchangeInfo").respond_with_json(exchange_info)
    server.expect_request(f"{prefix}/premiumIndex").respond_with_json(premium_index)
    server.expect_request(f"{prefix}/fundingInfo").respond_with_json(funding_info)
    server.expect_request(f"{prefix}/ticker/price").respond_with_json(ticker_price)
    for symbol, body in open_interest.items():
        server.expect_request(f"{prefix}/openInterest", query_string={"symbol": symbol}).respond_with_json(body)


def serve_binance(server):
    _serve_binance_futures(server, "/fapi/v1", B.BINANCE_EXCHANGE_INFO, B.BINANCE_PREMIUM_INDEX,
                           B.BINANCE_FUNDING_INFO, B.BINANCE_TICKER_PRICE, B.BINANCE_OPEN_INTEREST)


def serve_binance_coinm(server):
    _serve_binance_futures(server, "/dapi/v1", B.COINM_EXCHANGE_INFO, B.COINM_PREMIUM_INDEX,
                           B.COINM_FUNDING_INFO, B.COINM_TICKER_PRICE, B.COINM_OPEN_INTEREST)


def serve_binance_spot(server):
    server.expect_request("/api/v3/ticker/price").respond_with_json(B.SPOT_TICKER_PRICE)
    server.expect_request("/api/v3/exchangeInfo").respond_with_json(B.SPOT_EXCHANGE_INFO)


def serve_bybit(server):
    for category in ("linear", "inverse"):
        server.expect_request("/v5/market/tickers", query_string={"category": category}).respond_with_json(
            B.BYBIT_TICKERS[category]
        )
        server.expect_request(
            "/v5/market/instruments-info", query_string={"category": category, "limit": "1000"}
        ).respond_with_json(
            {"retCode": 0, "retMsg": "OK", "retExtInfo": {}, "time": B.T0,
             "result": {"category": category, "list": B.BYBIT_INSTRUMENTS[category], "nextPageCursor": ""}}
        )


def serve_okx(server):
    for inst_type in ("SWAP", "FUTURES"):
        q = {"instType": inst_type}
        server.expect_request("/api/v5/public/instruments", query_string=q).respond_with_json(B._okx(B.OKX_INSTRUMENTS[inst_type]))
        server.expect_request("/api/v5/market/tickers", query_string=q).respond_with_json(B._okx(B.OKX_TICKERS[inst_type]))
        server.expect_request("/api/v5/public/mark-price", query_string=q).respond_with_json(B._okx(B.OKX_MARK[inst_type]))
        server.expect_request("/api/v5/public/open-interest", query_string=q).respond_with_json(
            B._okx(B.OKX_OPEN_INTEREST[inst_type])
        )
    server.expect_request("/api/v5/public/funding-rate", query_string={"instId": "ANY"}).respond_with_json(B._okx(B.OKX_FUNDING))
    for quote, data in B.OKX_INDEX.items():
        server.expect_request("/api/v5/market/index-tickers", query_string={"quoteCcy": quote}).respond_with_json(B._okx(data))


def serve_deribit(server):
    for currency in ("BTC", "ETH"):
        q = {"currency": currency, "kind": "future"}
        server.expect_request("/api/v2/public/get_book_summary_by_currency", query_string=q).respond_with_json(
            B.DERIBIT_SUMMARY[currency]
        )
        server.expect_request("/api/v2/public/get_instruments", query_string=q).respond_with_json(
            B.DERIBIT_INSTRUMENTS[currency]
        )


def _by_symbol(bodies):
    """A handler answering with the body of the request's ``symbol`` parameter (other parameters vary)."""

    def handler(request):
        body = bodies.get(request.args.get("symbol"))
        if body is None:
            return Response(json.dumps({"code": 109400, "msg": "symbol not found"}), 200, content_type="application/json")
        return Response(json.dumps(body), 200, content_type="application/json")

    return handler


def serve_bingx(server):
    server.expect_request("/openApi/swap/v2/quote/contracts").respond_with_json(B.BINGX_CONTRACTS)
    server.expect_request("/openApi/swap/v2/quote/premiumIndex").respond_with_json(B.BINGX_PREMIUM)
    server.expect_request("/openApi/swap/v2/quote/ticker").respond_with_json(B.BINGX_TICKER)
    server.expect_request("/openApi/swap/v2/quote/openInterest").respond_with_handler(_by_symbol(B.BINGX_OPEN_INTEREST))


def serve_mexc(server):
    server.expect_request("/api/v1/contract/detail").respond_with_json(B.MEXC_DETAIL)
    server.expect_request("/api/v1/contract/ticker").respond_with_json(B.MEXC_TICKER)
    for symbol, body in B.MEXC_FUNDING.items():
        server.expect_request(f"/api/v1/contract/funding_rate/{symbol}").respond_with_json(body)


def serve_coingecko(server):
    server.expect_request("/api/v3/simple/price").respond_with_json(B.COINGECKO_PRICE)


SERVERS = {
    "binance": serve_binance,
    "binance_coinm": serve_binance_coinm,
    "binance_spot": serve_binance_spot,
    "bybit": serve_bybit,
    "okx": serve_okx,
    "deribit": serve_deribit,
    "bingx": serve_bingx,
    "mexc": serve_mexc,
    "coingecko": serve_coingecko,
}


def serve_all(server):
    for serve in SERVERS.values():
        serve(server)


def requests_to(server, prefix):
    """How many requests the server received whose path starts with ``prefix``."""
    return sum(1 for request, _ in server.log if request.path.startswith(prefix))
