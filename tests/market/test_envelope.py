"""One reader for every venue's "error inside a successful answer": table-driven, with the venues' own shapes."""

import pytest

from hedgebook.market import cot
from hedgebook.market.envelope import NONE, Envelope
from hedgebook.market.errors import VenueBadAnswer, VenueErrorCode
from hedgebook.market.venues import bingx, bybit, coingecko, deribit, mexc, okx

ERRORS = [
    (bybit.ENVELOPE, {"retCode": 10006, "retMsg": "Too many visits!", "result": {}}, "10006",
     "error 10006 from tickers: Too many visits!"),
    (okx.ENVELOPE, {"code": "50011", "msg": "Too Many Requests", "data": []}, "50011",
     "error 50011 from tickers: Too Many Requests"),
    (bingx.ENVELOPE, {"code": 100410, "msg": "rate limitation", "data": None}, "100410",
     "error 100410 from tickers: rate limitation"),
    (mexc.ENVELOPE, {"success": False, "code": 510, "message": "Requests are too frequent"}, "510",
     "error 510 from tickers: Requests are too frequent"),
    (mexc.ENVELOPE, {"success": True, "code": 1002, "message": "Contract not allow"}, "1002",
     "error 1002 from tickers: Contract not allow"),
    (deribit.ENVELOPE, {"jsonrpc": "2.0", "error": {"code": 10028, "message": "too_many_requests"}}, "10028",
     "error 10028 from tickers: too_many_requests"),
    (coingecko.ENVELOPE, {"status": {"error_code": 429, "error_message": "You've exceeded the Rate Limit"}}, "429",
     "error 429 from tickers: You've exceeded the Rate Limit"),
    (cot.ENVELOPE, {"error": True, "message": "No such column: foo"}, "", "error from tickers: No such column: foo"),
]


@pytest.mark.parametrize("envelope, body, code, message", ERRORS)
def test_an_error_code_is_raised_with_the_venues_words(envelope, body, code, message):
    with pytest.raises(VenueErrorCode) as raised:
        envelope.unwrap(body, "tickers")
    assert str(raised.value) == message and raised.value.code == code


PAYLOADS = [
    (bybit.ENVELOPE, {"retCode": 0, "retMsg": "OK", "result": {"list": []}}, {"retCode": 0, "retMsg": "OK",
                                                                            "result": {"list": []}}),
    (okx.ENVELOPE, {"code": "0", "msg": "", "data": [1]}, [1]),
    (bingx.ENVELOPE, {"code": 0, "msg": "", "data": [2]}, [2]),
    (mexc.ENVELOPE, {"success": True, "code": 0, "data": [3]}, [3]),
    (deribit.ENVELOPE, {"jsonrpc": "2.0", "result": [4]}, [4]),
    (coingecko.ENVELOPE, {"bitcoin": {"usd": 1}}, {"bitcoin": {"usd": 1}}),
    (cot.ENVELOPE, [{"a": 1}], [{"a": 1}]),
    (NONE, [5], [5]),
]


@pytest.mark.parametrize("envelope, body, payload", PAYLOADS)
def test_a_successful_answer_gives_its_payload(envelope, body, payload):
    assert envelope.unwrap(body, "tickers") == payload


def test_a_body_of_the_wrong_type_is_a_bad_answer():
    with pytest.raises(VenueBadAnswer, match="unexpected answer from tickers"):
        Envelope(code="code").unwrap([1, 2], "tickers")


def test_a_long_message_is_cut():
    with pytest.raises(VenueErrorCode) as raised:
        okx.ENVELOPE.unwrap({"code": "1", "msg": "x" * 1000}, "s")
    assert len(str(raised.value)) < 200
