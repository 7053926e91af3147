"""A key's permissions and a venue's refusals, on bodies in the venues' documented shapes (issue 24 §2-§3)."""

import pytest

from hedgebook.market.errors import VenueBadAnswer, VenueClockSkew, VenueError, VenueKeyRejected, VenueKeyTooPowerful
from hedgebook.market.permissions import check_permissions, permissions_of
from hedgebook.market.rejections import raise_if_refused, refusal, server_time_ms

SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"


def binance_restrictions(**granted):
    """``GET /sapi/v1/account/apiRestrictions`` as Binance documents it, every grant off but ``granted``."""
    body = {"ipRestrict": False, "createTime": 1623840271000, "enableReading": True, "enableWithdrawals": False,
            "enableInternalTransfer": False, "permitsUniversalTransfer": False, "enableSpotAndMarginTrading": False,
            "enableFutures": False, "enableMargin": False, "enableVanillaOptions": False,
            "enablePortfolioMarginTrading": False, "tradingAuthorityExpirationTime": 1628985600000}
    return {**body, **granted}


def bybit_query_api(read_only, wallet=()):
    """``GET /v5/user/query-api`` as Bybit documents it."""
    return {"retCode": 0, "retMsg": "", "result": {
        "id": "13770661", "note": "readonly", "apiKey": "XXXXXX", "readOnly": read_only, "secret": "",
        "permissions": {"ContractTrade": [] if read_only else ["Order", "Position"], "Spot": [],
                        "Wallet": list(wallet), "Options": [], "Derivatives": [], "CopyTrading": [],
                        "BlockTrade": [], "Exchange": [], "NFT": [], "Affiliate": []},
        "ips": ["*"], "type": 1, "deadlineDay": 66, "expiredAt": "2023-12-22T07:20:25Z", "uta": 0},
        "retExtInfo": {}, "time": 1697525990798}


def okx_config(perm):
    """``GET /api/v5/account/config`` as OKX documents it (the fields hedgebook reads, and some others)."""
    return {"code": "0", "msg": "", "data": [{"uid": "44705892343619584", "acctLv": "2", "posMode": "long_short_mode",
                                              "perm": perm, "label": "hedgebook", "ip": ""}]}


@pytest.mark.parametrize("venue, body", [
    ("binance", binance_restrictions()), ("bybit", bybit_query_api(1)), ("okx", okx_config("read_only"))])
def test_a_read_only_key_is_used_without_a_word(venue, body):
    assert check_permissions(permissions_of(venue, body), allow_trading=False) is None


@pytest.mark.parametrize("venue, body, granted", [
    ("binance", binance_restrictions(enableWithdrawals=True), "enableWithdrawals"),
    ("binance_coinm", binance_restrictions(permitsUniversalTransfer=True), "permitsUniversalTransfer"),
    ("bybit", bybit_query_api(1, ["AccountTransfer"]), "AccountTransfer"),
    ("okx", okx_config("read_only,withdraw"), "withdraw")])
def test_a_key_that_can_move_funds_is_refused_even_when_trading_is_allowed(venue, body, granted):
    with pytest.raises(VenueKeyTooPowerful, match=f"{venue}: this key can move funds out .*{granted}"):
        check_permissions(permissions_of(venue, body), allow_trading=True)


@pytest.mark.parametrize("venue, body", [
    ("binance", binance_restrictions(enableFutures=True)), ("bybit", bybit_query_api(0)),
    ("okx", okx_config("read_only,trade"))])
def test_a_trading_key_is_refused_unless_allowed_and_then_said(venue, body):
    permissions = permissions_of(venue, body)
    with pytest.raises(VenueKeyTooPowerful, match="can trade .*--allow-trading-key"):
        check_permissions(permissions, allow_trading=False)
    assert check_permissions(permissions, allow_trading=True).startswith(f"{venue}: this key can trade")


def test_an_answer_not_in_the_documented_shape_assumes_nothing():
    for venue, body in (("binance", {"msg": "?"}), ("bybit", {"retCode": 0, "result": {}}), ("okx", {"data": []})):
        with pytest.raises(VenueBadAnswer, match=f"{venue}: the key's permissions are not in the documented shape"):
            permissions_of(venue, body)


@pytest.mark.parametrize("venue, status, body, kind", [
    ("binance", 401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}, "rejected"),
    ("binance", 400, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}, "rejected"),
    ("binance_coinm", 400, {"code": -1022, "msg": f"Signature for this request is not valid. {SIGNATURE}"},
     "rejected"),
    ("binance", 400, {"code": -1021, "msg": "Timestamp for this request is outside of the recvWindow."}, "clock"),
    ("binance", 400, {"code": -1121, "msg": "Invalid symbol."}, None),
    ("bybit", 200, {"retCode": 10003, "retMsg": "API key is invalid.", "result": {}}, "rejected"),
    ("bybit", 200, {"retCode": 10004, "retMsg": "error sign! origin_string[...]", "result": {}}, "rejected"),
    ("bybit", 200, {"retCode": 10002, "retMsg": "invalid request, please check your server timestamp or "
                                                "recv_window param", "result": {}}, "clock"),
    ("bybit", 200, {"retCode": 0, "retMsg": "OK", "result": {}}, None),
    ("okx", 401, {"code": "50111", "msg": "Invalid OK-ACCESS-KEY", "data": []}, "rejected"),
    ("okx", 400, {"code": "50113", "msg": "Invalid Sign", "data": []}, "rejected"),
    ("okx", 400, {"code": "50105", "msg": "Invalid OK-ACCESS-PASSPHRASE", "data": []}, "rejected"),
    ("okx", 400, {"code": "50102", "msg": "Timestamp request expired", "data": []}, "clock"),
    ("okx", 200, {"code": "0", "msg": "", "data": []}, None),
    ("okx", 401, "<html>Unauthorized</html>", "rejected"),
])
def test_every_form_of_refusal_is_recognised(venue, status, body, kind):
    assert refusal(venue, status, body) == kind


def test_a_rejected_key_is_one_line_naming_the_venue_and_never_echoes_the_request():
    body = {"code": -1022, "msg": f"Signature for this request is not valid. signature={SIGNATURE}"}
    with pytest.raises(VenueKeyRejected) as rejected:
        raise_if_refused("binance", 400, body)
    assert str(rejected.value).startswith("binance: key rejected") and SIGNATURE not in str(rejected.value)
    with pytest.raises(VenueKeyRejected, match="okx: key rejected .*its passphrase"):
        raise_if_refused("okx", 401, {"code": "50105", "msg": "Invalid OK-ACCESS-PASSPHRASE"})
    raise_if_refused("bybit", 200, {"retCode": 0, "result": {}})  # accepted: nothing raised


def test_a_clock_refusal_says_by_how_much_from_the_venues_time():
    """This computer at 1 700 000 012 500 ms, the venue's time answer 1 700 000 000 000: 12.5 s ahead."""
    for venue, time_answer, refused in (
            ("binance", {"serverTime": 1_700_000_000_000}, {"code": -1021}),
            ("bybit", {"retCode": 0, "result": {"timeSecond": "1700000000", "timeNano": "0"},
                       "time": 1_700_000_000_000}, {"retCode": 10002}),
            ("okx", {"code": "0", "data": [{"ts": "1700000000000"}]}, {"code": "50102"})):
        offset = 1_700_000_012_500 - server_time_ms(venue, time_answer)
        with pytest.raises(VenueClockSkew, match=f"{venue}: this computer's clock is 12.5 s ahead of the venue's"):
            raise_if_refused(venue, 400, refused, offset)
    with pytest.raises(VenueClockSkew, match="this computer's clock is 3.0 s behind"):
        raise_if_refused("bybit", 200, {"retCode": 10002}, -3_000)
    assert server_time_ms("okx", {"data": []}) is None
    assert issubclass(VenueKeyRejected, VenueError) and issubclass(VenueClockSkew, VenueError)
