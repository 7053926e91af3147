"""A local server playing the account endpoints of Binance (USDⓈ-M, COIN-M and its spot host), Bybit v5 and OKX v5.

Each request's signature is recomputed from the secret the server was given, as its venue documents it; a wrong one
gets the venue's own refusal (Binance -1022 with HTTP 400, Bybit retCode 10004 with HTTP 200, OKX 50113 with HTTP
401). Every signature the server saw is kept, for the leak tests. The bodies are in the venues' documented shapes
(written here, from their API docs): :data:`MIXED` is an account on all four venues, linear and inverse, isolated and
cross, long and short, Bybit in both categories, OKX in long/short mode.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

from werkzeug import Response

from .test_accounts import binance_position, bybit_answer, bybit_position, okx_balance, okx_position
from .test_key_checks import binance_restrictions, bybit_query_api, okx_config

KEY, SECRET, PHRASE = "the-key", "the-secret-NEVER-shown", "the-phrase-NEVER-shown"
VENUE_OF_PREFIX = (("/fapi/", "binance"), ("/dapi/", "binance_coinm"), ("/sapi/", "binance"), ("/v5/", "bybit"),
                   ("/api/v5/", "okx"))
REFUSALS = {"binance": ({"code": -1022, "msg": "Signature for this request is not valid."}, 400),
            "bybit": ({"retCode": 10004, "retMsg": "error sign! origin_string[{echo}]", "result": {}}, 200),
            "okx": ({"code": "50113", "msg": "Invalid Sign {echo}", "data": []}, 401)}


def binance_account(wallet: str) -> dict:
    """``GET /fapi/v2/account``, the fields hedgebook reads and some others."""
    return {"feeTier": 0, "canTrade": True, "totalWalletBalance": wallet, "totalUnrealizedProfit": "0",
            "totalMarginBalance": wallet, "totalCrossWalletBalance": "0", "assets": [], "positions": []}


def coinm_account(**wallets: str) -> dict:
    """``GET /dapi/v1/account``: one entry per coin."""
    return {"assets": [{"asset": coin, "walletBalance": amount, "unrealizedProfit": "0", "marginBalance": amount,
                        "crossWalletBalance": amount} for coin, amount in wallets.items()],
            "canDeposit": True, "canTrade": True, "canWithdraw": True, "feeTier": 2, "updateTime": 0}


def bybit_wallet(total: str) -> dict:
    """``GET /v5/account/wallet-balance?accountType=UNIFIED``."""
    return {"retCode": 0, "retMsg": "OK", "result": {"list": [{
        "totalEquity": total, "accountType": "UNIFIED", "totalWalletBalance": total, "totalPerpUPL": "0",
        "totalMarginBalance": total, "coin": []}]}, "retExtInfo": {}, "time": 1690872862481}


def okx_wallet(**cash_usd: str) -> dict:
    """``GET /api/v5/account/balance``: stablecoins' cash at 1 USD."""
    details = [okx_balance(ccy=ccy, cashBal=amount, eq=amount, eqUsd=amount) for ccy, amount in cash_usd.items()]
    return {"code": "0", "msg": "", "data": [{"totalEq": "0", "isoEq": "0", "details": details,
                                              "uTime": "1705474164160"}]}


HOUR_MS = 3_600_000


def funding_rows(now_ms: int) -> dict:
    """Each venue's funding settlements on the mixed account, in its documented shape, at hours before ``now_ms``:

    - Binance BTCUSDT (USDT): +3.0 a day ago, +4.5 ten days ago, -1.5 sixty days ago; and a commission row, not
      funding. COIN-M BTCUSD_PERP: +0.00005 BTC a day ago.
    - Bybit ETHUSDT: +2.5 USDT two days ago (a SETTLEMENT), beside a TRADE row.
    - OKX BTC-USDT-SWAP: +1.2 USDT three days ago (bill type 8), beside a trade bill (type 2).
    """
    def binance(symbol, hours, income, asset="USDT", kind="FUNDING_FEE"):
        return {"symbol": symbol, "incomeType": kind, "income": income, "asset": asset, "info": "",
                "time": now_ms - hours * HOUR_MS, "tranId": 9689322392 + hours, "tradeId": ""}

    def bybit(symbol, hours, funding, kind="SETTLEMENT"):
        return {"id": f"592324_{hours}", "symbol": symbol, "category": "linear", "side": "Sell",
                "transactionTime": str(now_ms - hours * HOUR_MS), "type": kind, "qty": "5", "size": "-5",
                "currency": "USDT", "tradePrice": "3000", "funding": funding, "fee": "0", "cashFlow": "0",
                "change": funding, "cashBalance": "10000", "feeRate": "", "bonusChange": "", "tradeId": "",
                "orderId": "", "orderLinkId": ""}

    def okx(inst, hours, change, kind="8"):
        return {"bal": "8000", "balChg": change, "billId": f"6232{hours}", "ccy": "USDT", "execType": "",
                "fee": "0", "from": "", "instId": inst, "instType": "SWAP", "mgnMode": "cross", "notes": "",
                "ordId": "", "pnl": "0", "posBal": "0", "posBalChg": "0", "subType": "173", "sz": "25",
                "to": "", "ts": str(now_ms - hours * HOUR_MS), "type": kind}

    return {
        "/fapi/v1/income": [binance("BTCUSDT", 24, "3.0"), binance("BTCUSDT", 240, "4.5"),
                            binance("BTCUSDT", 1440, "-1.5"), binance("BTCUSDT", 30, "-0.8", kind="COMMISSION")],
        "/dapi/v1/income": [binance("BTCUSD_PERP", 24, "0.00005", asset="BTC")],
        "/v5/account/transaction-log": [bybit("ETHUSDT", 48, "2.5"), bybit("ETHUSDT", 50, "", kind="TRADE")],
        "/api/v5/account/bills-archive": [okx("BTC-USDT-SWAP", 72, "1.2"), okx("BTC-USDT-SWAP", 80, "-3", "2")],
    }


def mixed_account(now_ms: int | None = None) -> dict:
    """Path → body (or, for Bybit's positions, category → body) of an account held on all four venues.

    - Binance USDⓈ-M: BTCUSDT short 0.25 coins, isolated (1 500 USD posted; the venue's liquidation 65 737.05);
      ETHUSDT long 2 coins, cross. Wallet 21 500 USD.
    - Binance COIN-M: BTCUSD_PERP short 150 contracts, isolated (0.025 BTC; liquidation 71 000.5). Wallet 0.5 BTC.
    - Bybit: ETHUSDT short 5 coins, isolated (1 500 USD; liquidation 3 290); the inverse BTCUSD short 15 000 USD
      contracts, cross. Wallet 10 000 USD.
    - OKX (long/short mode): BTC-USDT-SWAP short 25 contracts, cross (liquidation 82 000); ETH-USDT-SWAP long 10
      contracts, isolated (300 USD; the venue says 2 800, hedgebook about 2 712: a warning). Wallet 8 000 USDT.
    """
    return {
        "/sapi/v1/account/apiRestrictions": binance_restrictions(),
        "/fapi/v2/positionRisk": [
            binance_position(symbol="BTCUSDT", positionAmt="-0.250", entryPrice="60000", marginType="isolated",
                             isolatedWallet="1500", liquidationPrice="65737.05"),
            binance_position(symbol="ETHUSDT", positionAmt="2.000", entryPrice="3000", marginType="cross",
                             liquidationPrice="0"),
            binance_position(symbol="SOLUSDT", positionAmt="0")],
        "/fapi/v2/account": binance_account("21500"),
        "/dapi/v1/positionRisk": [
            binance_position(symbol="BTCUSD_PERP", positionAmt="-150", entryPrice="60000", marginType="isolated",
                             isolatedWallet="0.025", liquidationPrice="71000.5")],
        "/dapi/v1/account": coinm_account(BTC="0.5", ETH="0"),
        "/v5/user/query-api": bybit_query_api(1),
        "/v5/position/list": {
            "linear USDT": bybit_answer(bybit_position(symbol="ETHUSDT", side="Sell", size="5", avgPrice="3000",
                                                       tradeMode=1, positionBalance="1500", liqPrice="3290")),
            "linear USDC": bybit_answer(),
            "inverse": bybit_answer(bybit_position(symbol="BTCUSD", side="Sell", size="15000", avgPrice="60000",
                                                   tradeMode=0, positionBalance="0.03", liqPrice="90000"),
                                    category="inverse")},
        "/v5/account/wallet-balance": bybit_wallet("10000"),
        "/api/v5/account/config": okx_config("read_only"),
        "/api/v5/account/positions": {"code": "0", "msg": "", "data": [
            okx_position(instId="BTC-USDT-SWAP", instType="SWAP", pos="25", posSide="short", avgPx="60000",
                         mgnMode="cross", margin="", liqPx="82000"),
            okx_position(instId="ETH-USDT-SWAP", instType="SWAP", pos="10", posSide="long", avgPx="3000",
                         mgnMode="isolated", margin="300", liqPx="2800")]},
        "/api/v5/account/balance": okx_wallet(USDT="8000"),
        **funding_rows(int(time.time() * 1000) if now_ms is None else now_ms),
    }


FUNDING_PATHS = ("/fapi/v1/income", "/dapi/v1/income", "/v5/account/transaction-log", "/api/v5/account/bills-archive")


def _in_window(path: str, rows: list, query: dict):
    """The settlements a request's window asks for, wrapped as its venue answers."""
    if path.startswith(("/fapi", "/dapi")):
        start, end = int(query["startTime"]), int(query["endTime"])
        return sorted((row for row in rows if start <= row["time"] <= end), key=lambda row: row["time"])  # oldest first
    if path.startswith("/v5"):
        start, end = int(query["startTime"]), int(query["endTime"])
        found = [row for row in rows if start <= int(row["transactionTime"]) <= end]
        return {"retCode": 0, "retMsg": "OK", "result": {"list": found, "nextPageCursor": ""}, "retExtInfo": {},
                "time": 1690872862481}
    start, end = int(query["begin"]), int(query["end"])
    return {"code": "0", "msg": "", "data": [row for row in rows if start <= int(row["ts"]) <= end]}


def venue_of(path: str) -> str:
    return next(venue for prefix, venue in VENUE_OF_PREFIX if path.startswith(prefix))


class AccountServer:
    """The four venues' account endpoints on one ``pytest-httpserver``, answering ``bodies`` (path → body)."""

    def __init__(self, httpserver, bodies: dict | None = None, secret: str = SECRET, phrase: str = PHRASE):
        self.server, self.secret, self.phrase = httpserver, secret, phrase
        self.now_ms = int(time.time() * 1000)
        self.bodies = mixed_account(self.now_ms) if bodies is None else bodies
        self.signatures: list[str] = []
        self.paths: list[str] = []
        for path in self.bodies:
            httpserver.expect_request(path).respond_with_handler(self._handler(path))

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def environment(self, venues=("binance", "binance_coinm", "bybit", "okx"), secret: str | None = None) -> dict:
        """The ``HEDGEBOOK_*`` variables that point every venue here and give each its key."""
        env = {f"HEDGEBOOK_URL_{name}": self.url for name in ("BINANCE", "BINANCE_COINM", "BINANCE_SPOT", "BYBIT",
                                                                "OKX")}
        for venue in venues:
            env[f"HEDGEBOOK_API_KEY_{venue.upper()}"] = KEY
            env[f"HEDGEBOOK_API_SECRET_{venue.upper()}"] = secret or self.secret
        if "okx" in venues:
            env["HEDGEBOOK_API_PASSPHRASE_OKX"] = self.phrase
        return env

    def _handler(self, path: str):
        venue = venue_of(path)

        def handle(request):
            self.paths.append(path)
            signed, signature = self._check(venue, request)
            self.signatures.append(signature)
            if not signed:
                body, status = REFUSALS["binance" if venue.startswith("binance") else venue]
                echo = request.query_string.decode()  # a venue that echoes the request back, signature and all
                text = json.dumps(body).replace("{echo}", echo)
                return Response(text, status, content_type="application/json")
            body = self.bodies[path]
            if path in FUNDING_PATHS:
                body = _in_window(path, body, dict(parse_qsl(request.query_string.decode())))
            if path == "/v5/position/list":
                query = dict(parse_qsl(request.query_string.decode()))
                body = body[" ".join(filter(None, (query.get("category"), query.get("settleCoin"))))]
            return Response(json.dumps(body), 200, content_type="application/json")
        return handle

    def _hex(self, message: str) -> str:
        return hmac.new(self.secret.encode(), message.encode(), hashlib.sha256).hexdigest()

    def _check(self, venue: str, request) -> tuple[bool, str]:
        headers, query = request.headers, request.query_string.decode()
        if venue.startswith("binance"):
            unsigned, _, signature = query.rpartition("&signature=")
            return headers.get("X-MBX-APIKEY") == KEY and signature == self._hex(unsigned), signature
        if venue == "bybit":
            signature = headers.get("X-BAPI-SIGN", "")
            message = (headers.get("X-BAPI-TIMESTAMP", "") + headers.get("X-BAPI-API-KEY", "")
                       + headers.get("X-BAPI-RECV-WINDOW", "") + query)
            return headers.get("X-BAPI-API-KEY") == KEY and signature == self._hex(message), signature
        signature = headers.get("OK-ACCESS-SIGN", "")
        target = request.path + ("?" + query if query else "")
        mac = hmac.new(self.secret.encode(), (headers.get("OK-ACCESS-TIMESTAMP", "") + "GET" + target).encode(),
                       hashlib.sha256)
        good = signature == base64.b64encode(mac.digest()).decode()
        return good and headers.get("OK-ACCESS-PASSPHRASE") == self.phrase and headers.get("OK-ACCESS-KEY") == KEY, \
            signature
