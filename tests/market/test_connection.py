"""PoolSession: the venue's connections kept open between requests, failures raised as requests raises them,
and the environment's proxy honoured (through a requests session)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from hedgebook.market.config import MarketConfig
from hedgebook.market.connection import PoolSession
from hedgebook.market.request import Request
from hedgebook.market.transport import make_retry, open_client, venue_session


class KeepAlive(BaseHTTPRequestHandler):
    """Answers every GET with a small JSON body over HTTP/1.1, counting the connections it was asked on."""

    protocol_version = "HTTP/1.1"
    connections = 0

    def setup(self):
        super().setup()
        type(self).connections += 1

    def do_GET(self):
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def keep_alive_server():
    KeepAlive.connections = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_requests_one_after_the_other_share_one_connection(keep_alive_server):
    with open_client("binance", keep_alive_server, MarketConfig(urls={"binance": keep_alive_server})) as client:
        assert isinstance(client._session, PoolSession)
        answers = [client.get(Request("/fapi/v1/openInterest", {"symbol": symbol})) for symbol in ("A", "B", "C")]
    assert [a["path"] for a in answers] == [f"/fapi/v1/openInterest?symbol={s}" for s in "ABC"]
    assert KeepAlive.connections == 1


def test_query_parameters_are_encoded_as_requests_encodes_them(keep_alive_server):
    session = PoolSession(make_retry(), {}, pool_size=2)
    response = session.get(keep_alive_server + "/x?a=1", params={"symbols": '["BTC USDT"]', "n": [1, 2]}, timeout=2)
    expected = requests.Request("GET", keep_alive_server + "/x?a=1",
                                params={"symbols": '["BTC USDT"]', "n": [1, 2]}).prepare().path_url
    assert json.loads(response.raw.read())["path"] == expected
    response.close()


def test_a_refused_connection_is_raised_as_requests_raises_it():
    session = PoolSession(make_retry(backoff_s=0), {}, pool_size=2)
    with pytest.raises(requests.exceptions.ConnectionError) as raised:
        session.get("http://127.0.0.1:9/", timeout=2)
    assert not isinstance(raised.value, requests.exceptions.Timeout)


def test_a_proxy_in_the_environment_is_honoured(keep_alive_server, monkeypatch):
    """HTTP_PROXY names the keep-alive server; the venue's address does not exist: the answer comes from the
    proxy, so the request went through it."""
    monkeypatch.setenv("HTTP_PROXY", keep_alive_server)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    session = venue_session("http://venue.invalid")
    assert isinstance(session, requests.Session)
    response = session.get("http://venue.invalid/fapi/v1/ping", timeout=2)
    assert response.json() == {"path": "http://venue.invalid/fapi/v1/ping"}  # a proxy gets the whole address


def test_an_address_excluded_from_the_proxy_goes_direct(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "venue.test")
    assert isinstance(venue_session("http://venue.test"), PoolSession)


def test_a_refresh_soon_after_another_finds_the_venue_connection_open(keep_alive_server):
    config = MarketConfig(urls={"binance": keep_alive_server})
    for symbol in ("A", "B"):
        with open_client("binance", keep_alive_server, config) as client:
            client.get(Request("/fapi/v1/openInterest", {"symbol": symbol}))
    assert KeepAlive.connections == 1
