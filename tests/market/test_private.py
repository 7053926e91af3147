"""Reading an account against a real local HTTP server that checks each signature as its venue does (issue 24).

The server recomputes the HMAC from the secret it was given and answers as the venue documents: the data, or its
refusal. No test touches the internet; the bodies are in the venues' documented shapes (tests/market)."""

import pytest

from hedgebook.market.errors import VenueClockSkew, VenueError, VenueKeyRejected, VenueKeyTooPowerful
from hedgebook.market.keys import Credentials
from hedgebook.market.private import read_account, signed_get
from hedgebook.market.transport import VenueClient, new_session

from .account_server import PHRASE, SECRET, AccountServer, mixed_account
from .test_key_checks import bybit_query_api

NOW = 1_700_000_000.0


def _client(server, venue):
    return VenueClient(venue, server.url_for("").rstrip("/"), timeout=10, session=new_session(backoff_s=0))


def _clients(server, venue):
    client = _client(server.server, venue)
    return {"": client, "spot": client}


def test_a_mixed_account_on_all_four_venues_is_read_in_each_venues_own_units(httpserver):
    """Binance in coins, COIN-M in contracts, Bybit in coins and in USD contracts (both categories), OKX in contracts
    in long/short mode; each venue's wallet beside."""
    server = AccountServer(httpserver, mixed_account(int(NOW * 1000)))
    read = {venue: read_account(Credentials(venue, "the-key", SECRET, PHRASE if venue == "okx" else ""),
                                _clients(server, venue), now=lambda: NOW)
            for venue in ("binance", "binance_coinm", "bybit", "okx")}
    positions = {venue: [(p.symbol, p.contracts, p.margin_mode, p.margin, p.liquidation_price, p.margin_coin)
                         for p in reading.positions] for venue, reading in read.items()}
    assert positions == {
        "binance": [("BTCUSDT", -0.25, "isolated", 1500.0, 65737.05, None), ("ETHUSDT", 2.0, "cross", None, None,
                                                                             None)],
        "binance_coinm": [("BTCUSD_PERP", -150.0, "isolated", 0.025, 71000.5, "BTC")],
        "bybit": [("ETHUSDT", -5.0, "isolated", 1500.0, 3290.0, None), ("BTCUSD", -15000.0, "cross", None, 90000.0,
                                                                         "BTC")],
        "okx": [("BTC-USDT-SWAP", -25.0, "cross", None, 82000.0, None), ("ETH-USDT-SWAP", 10.0, "isolated", 300.0,
                                                                          2800.0, None)]}
    wallets = {venue: [(w.asset, w.amount) for w in reading.wallets] for venue, reading in read.items()}
    assert wallets == {"binance": [("USD", 21500.0)], "binance_coinm": [("BTC", 0.5)], "bybit": [("USD", 10000.0)],
                       "okx": [("USD", 8000.0)]}
    assert all(reading.warning is None and not reading.funding_error for reading in read.values())
    funding = {venue: [(p.symbol, p.amount, p.coin, round((NOW * 1000 - p.time_ms) / 3_600_000))
                       for p in reading.funding] for venue, reading in read.items()}
    assert funding == {  # each venue's own sign (> 0 received), oldest window first; other records left out
        "binance": [("BTCUSDT", -1.5, "USD", 1440), ("BTCUSDT", 4.5, "USD", 240), ("BTCUSDT", 3.0, "USD", 24)],
        "binance_coinm": [("BTCUSD_PERP", 0.00005, "BTC", 24)], "bybit": [("ETHUSDT", 2.5, "USD", 48)],
        "okx": [("BTC-USDT-SWAP", 1.2, "USD", 72)]}
    windows = [request.args["startTime"] for request, _ in httpserver.log
               if request.path == "/v5/account/transaction-log"]
    assert len(windows) == 13  # 90 days in Bybit's 7-day windows
    categories = [request.args.get("category") for request, _ in httpserver.log if request.path == "/v5/position/list"]
    assert sorted(categories) == ["inverse", "linear", "linear"]


def test_bybit_signs_its_headers_and_a_trading_key_allowed_is_said(httpserver):
    bodies = mixed_account()
    bodies["/v5/user/query-api"] = bybit_query_api(0)
    server = AccountServer(httpserver, bodies)
    reading = read_account(Credentials("bybit", "the-key", SECRET), _clients(server, "bybit"), allow_trading=True,
                           now=lambda: NOW)
    assert [(p.symbol, p.contracts) for p in reading.positions] == [("ETHUSDT", -5.0), ("BTCUSD", -15_000.0)]
    assert reading.warning.startswith("bybit: this key can trade")
    request = next(request for request, _ in httpserver.log if request.path == "/v5/position/list")
    assert request.headers["X-BAPI-TIMESTAMP"] == "1700000000000" and request.headers["X-BAPI-RECV-WINDOW"] == "5000"


def test_okx_signs_path_and_query_with_its_passphrase(httpserver):
    server = AccountServer(httpserver)
    reading = read_account(Credentials("okx", "the-key", SECRET, PHRASE), _clients(server, "okx"), now=lambda: NOW)
    assert [(p.symbol, p.contracts, p.margin_mode) for p in reading.positions] == [
        ("BTC-USDT-SWAP", -25.0, "cross"), ("ETH-USDT-SWAP", 10.0, "isolated")]
    with pytest.raises(VenueKeyRejected, match="okx: key rejected .*passphrase"):
        read_account(Credentials("okx", "the-key", SECRET, "not-the-phrase"), _clients(server, "okx"),
                     now=lambda: NOW)


def test_a_wrong_secret_is_a_rejected_key_in_one_line_without_the_signature(httpserver):
    AccountServer(httpserver)  # refuses a wrong signature as Binance does: -1022, HTTP 400
    client = _client(httpserver, "binance")
    with pytest.raises(VenueKeyRejected) as rejected:
        signed_get(client, Credentials("binance", "the-key", "a-wrong-secret"), "/fapi/v2/positionRisk",
                   now=lambda: NOW)
    message = str(rejected.value)
    assert message.startswith("binance: key rejected") and "\n" not in message
    assert "a-wrong-secret" not in message and "signature" not in message.lower()


def test_a_key_that_can_withdraw_is_refused_before_the_account_is_read(httpserver):
    bodies = mixed_account()
    bodies["/v5/user/query-api"] = bybit_query_api(1, ["Withdraw"])
    AccountServer(httpserver, bodies)
    client = _client(httpserver, "bybit")
    with pytest.raises(VenueKeyTooPowerful, match="bybit: this key can move funds out"):
        read_account(Credentials("bybit", "the-key", SECRET), {"": client}, now=lambda: NOW)
    assert all(request.path != "/v5/position/list" for request, _ in httpserver.log)


def test_a_clock_refusal_reads_the_venues_time_and_says_by_how_much(httpserver):
    httpserver.expect_request("/fapi/v2/positionRisk").respond_with_json(
        {"code": -1021, "msg": "Timestamp for this request is outside of the recvWindow."}, status=400)
    httpserver.expect_request("/fapi/v1/time").respond_with_json({"serverTime": 1_699_999_990_000})
    with pytest.raises(VenueClockSkew, match="binance: this computer's clock is 10.0 s ahead of the venue's"):
        signed_get(_client(httpserver, "binance"), Credentials("binance", "the-key", SECRET), "/fapi/v2/positionRisk",
                   now=lambda: NOW)


def test_an_error_code_at_http_200_is_an_error_naming_only_its_code(httpserver):
    httpserver.expect_request("/v5/position/list").respond_with_json(
        {"retCode": 10016, "retMsg": f"server error, echo {SECRET}", "result": {}})
    with pytest.raises(VenueError) as error:
        signed_get(_client(httpserver, "bybit"), Credentials("bybit", "the-key", SECRET), "/v5/position/list",
                   now=lambda: NOW)
    assert str(error.value) == "bybit: error code 10016 on /v5/position/list"


def test_no_connection_says_so_without_the_signed_query():
    client = VenueClient("binance", "http://127.0.0.1:9", timeout=2, session=new_session(backoff_s=0))
    with pytest.raises(VenueError) as error:
        signed_get(client, Credentials("binance", "the-key", SECRET), "/fapi/v2/positionRisk", now=lambda: NOW)
    assert "signature" not in str(error.value) and "timestamp=" not in str(error.value)
