"""VenueClient with an injected session: what each kind of answer becomes, without a server.

As httpx tests inject a transport, these tests mount a stub adapter on a
``requests.Session`` and hand it to the client; the retry behaviour (which
lives in the real adapter) is tested against a local server in test_failures.
"""

import io
import json

import pytest
import requests
import urllib3
from hypothesis import given
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from hedgebook.market.answer_json import _depth_exceeds, _skeleton_depth_exceeds
from hedgebook.market.errors import (
    VenueBadAnswer,
    VenueBlocked,
    VenueRateLimited,
    VenueServerError,
    VenueTimeout,
    VenueUnreachable,
)
from hedgebook.market.request import Request, at
from hedgebook.market.spec_cache import SpecCache
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
        body = self.body if isinstance(self.body, bytes) else self.body.encode()
        response.raw = urllib3.HTTPResponse(io.BytesIO(body), headers=self.headers, status=self.status,
                                            preload_content=False, enforce_content_length=False)
        response.headers = CaseInsensitiveDict(self.headers)
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


def client_with(adapter, spec_cache=None):
    session = requests.Session()
    session.mount("https://", adapter)
    return VenueClient("binance", "https://venue.test/", timeout=2, session=session, spec_cache=spec_cache)


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


def test_a_spec_is_served_from_the_cache_once_stored(tmp_path):
    live = Stub(body='{"symbols": [{"symbol": "BTCUSDT"}]}')
    cache = SpecCache(tmp_path / "specs", max_bytes=MAX_RESPONSE_BYTES)
    client = client_with(live, cache)
    spec = Request("/exchangeInfo", cached=True, listing=at("symbols"))
    assert client.get(spec) == {"symbols": [{"symbol": "BTCUSDT"}]}
    assert client.get(spec) == {"symbols": [{"symbol": "BTCUSDT"}]}
    assert len(live.sent) == 1 and client.request_count == 1
    client.get(Request("/ticker"))  # live data: never from the cache
    client.get(Request("/ticker"))
    assert len(live.sent) == 3


def test_without_a_cache_specs_are_always_asked_for():
    live = Stub(body='{"symbols": [1]}')
    client = client_with(live)
    spec = Request("/exchangeInfo", cached=True, listing=at("symbols"))
    client.get(spec), client.get(spec)
    assert len(live.sent) == 2


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab:,é'),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"ab'), children,
                                                                          max_size=3),
    max_leaves=40)


def test_a_pass_over_the_brackets_removes_one_level_only():
    """``{"": []}`` nests two deep: removing the inner ``[]`` uncovers ``{}``, which is the next level, not this one."""
    assert _skeleton_depth_exceeds(b'{"": []}', 1) is True
    assert _skeleton_depth_exceeds(b'{"": []}', 2) is False
    assert _skeleton_depth_exceeds(b'[{"a": [{}]}]', 3) is True


@given(JSON_VALUES, st.integers(min_value=1, max_value=8))
def test_the_depth_read_from_the_brackets_agrees_with_the_decoded_tree(value, limit):
    """Read from the brackets alone, the depth gives the tree's answer, or none when a string holds a bracket
    (then the tree is walked)."""
    body = json.dumps(value, ensure_ascii=False).encode()
    from_brackets = _skeleton_depth_exceeds(body, limit)
    assert from_brackets is None or from_brackets == _depth_exceeds(value, limit)


@pytest.mark.parametrize("body, expected", [
    (b'[[[["x"]]]]', False), (b'[[[[[{}]]]]]', True), (b'["]]]]", [[[[[1]]]]]]', None), (b'["\\"", 1]', None),
    (b'{"a": [{"b": []}], "c": ""}', False),
])
def test_the_depth_read_from_the_brackets(body, expected):
    assert _skeleton_depth_exceeds(body, 5) is expected


def test_a_deep_answer_hidden_behind_brackets_in_strings_is_still_refused():
    deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    body = "[" + ", ".join(['"]"'] * (MAX_JSON_DEPTH + 1)) + ", " + deep + "]"
    with pytest.raises(VenueBadAnswer, match="nested deeper"):
        client_with(Stub(200, body, {})).get(Request("/x"))
