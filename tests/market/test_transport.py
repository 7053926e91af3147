"""VenueClient with an injected session: what each kind of answer becomes, without a server.

As httpx tests inject a transport, these tests mount a stub adapter on a
``requests.Session`` and hand it to the client; the retry behaviour (which
lives in the real adapter) is tested against a local server in test_failures.
"""

import io
import json

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from hedgebook.market.errors import (
    VenueBadAnswer,
    VenueBlocked,
    VenueRateLimited,
    VenueServerError,
    VenueTimeout,
    VenueUnreachable,
)
from hedgebook.market.request import Request
from hedgebook.market.transport import MAX_JSON_DEPTH, MAX_RESPONSE_BYTES, VenueClient


class Stub(requests.adapters.BaseAdapter):
    """Answers every request with one canned response (or raises), and remembers the requests."""

    def __init__(self, status=200, body=b"[]", headers=None, raises=None):
        super().__init__()
        self.status, self.body, self.headers, self.raises = status, body, headers or {}, raises
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        if self.raises is not None:
            raise self.raises
        response = requests.Response()
        response.status_code = self.status
        response.raw = io.BytesIO(self.body if isinstance(self.body, bytes) else self.body.encode())
        response.headers = CaseInsensitiveDict(self.headers)
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


def client_with(adapter, spec_session=None):
    session = requests.Session()
    session.mount("https://", adapter)
    return VenueClient("binance", "https://venue.test/", timeout=2, session=session, spec_session=spec_session)


def test_a_json_answer_is_decoded_and_counted():
    adapter = Stub(body=json.dumps([{"symbol": "BTCUSDT"}]))
    client = client_with(adapter)
    assert client.get(Request("/fapi/v1/premiumIndex", {"symbol": "BTCUSDT"})) == [{"symbol": "BTCUSDT"}]
    assert adapter.sent[0].url == "https://venue.test/fapi/v1/premiumIndex?symbol=BTCUSDT"
    assert client.request_count == 1


@pytest.mark.parametrize("status, body, headers, kind, message", [
    (451, '{"code":0,"msg":"restricted"}', {}, VenueBlocked, "not available from your location (HTTP 451)"),
    (403, "<!DOCTYPE html><html>403</html>", {}, VenueBlocked, "not available from your location (HTTP 403)"),
    (403, '{"msg":"forbidden"}', {}, VenueBadAnswer, "HTTP 403: forbidden"),
    (429, "", {}, VenueRateLimited, "rate limited (HTTP 429) after 3 retries"),
    (418, "", {}, VenueRateLimited, "rate limited (HTTP 418) after 3 retries"),
    (503, "down", {}, VenueServerError, "server error (HTTP 503)"),
    (200, "<html>maintenance</html>", {}, VenueBadAnswer, "answer is not JSON: '<html>maintenance</html>'"),
    (200, '[{"a": 1', {"Content-Length": "100"}, VenueBadAnswer, "answer cut off before its end"),
    (200, "[]", {"Content-Length": str(MAX_RESPONSE_BYTES + 1)}, VenueBadAnswer,
     f"answer of {MAX_RESPONSE_BYTES + 1:,} bytes refused (limit {MAX_RESPONSE_BYTES:,})"),
    (200, "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), {}, VenueBadAnswer,
     f"answer nested deeper than {MAX_JSON_DEPTH} levels, refused"),
    (400, '{"code":-1121,"msg":"Invalid symbol."}', {}, VenueBadAnswer, "HTTP 400: Invalid symbol."),
])
def test_each_kind_of_answer_becomes_its_error(status, body, headers, kind, message):
    with pytest.raises(kind) as raised:
        client_with(Stub(status, body, headers)).get(Request("/x"))
    assert str(raised.value) == message


@pytest.mark.parametrize("raised, kind, message", [
    (requests.exceptions.ConnectTimeout(), VenueTimeout, "no answer within 2 s (timeout)"),
    (requests.exceptions.ReadTimeout(), VenueTimeout, "no answer within 2 s (timeout)"),
    (requests.exceptions.ConnectionError("Connection refused"), VenueUnreachable, "cannot connect (Connection refused)"),
    (requests.exceptions.SSLError(), VenueUnreachable, "TLS certificate check failed: SSLError"),
])
def test_transport_failures_become_their_errors(raised, kind, message):
    with pytest.raises(kind) as caught:
        client_with(Stub(raises=raised)).get(Request("/x"))
    assert str(caught.value) == message


def test_specs_go_through_the_spec_session_made_on_first_use():
    live, specs = Stub(body='["live"]'), Stub(body='["spec"]')
    made = []

    def spec_session():
        session = requests.Session()
        session.mount("https://", specs)
        made.append(session)
        return session

    client = client_with(live, spec_session)
    assert client.get(Request("/ticker")) == ["live"] and made == []
    assert client.get(Request("/exchangeInfo", cached=True)) == ["spec"]
    assert client.get(Request("/exchangeInfo", cached=True)) == ["spec"]
    assert len(made) == 1 and len(specs.sent) == 2 and len(live.sent) == 1
    client.close()


def test_without_a_spec_session_specs_use_the_live_one():
    live = Stub(body='["live"]')
    assert client_with(live).get(Request("/exchangeInfo", cached=True)) == ["live"]
