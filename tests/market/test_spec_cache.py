"""The instrument-spec cache keeps only good answers, under the size cap, as JSON, in a private folder."""

import gzip
import json
import os
import pickle
import resource
import sqlite3
import stat
import warnings
from unittest.mock import patch

import pandas as pd
import pytest
from werkzeug import Response

from hedgebook.market import MarketDataWarning, fetch_market
from hedgebook.market.spec_cache import CACHE_FILE, TABLE, SpecCache, forget_decoded
from hedgebook.market.transport import MAX_RESPONSE_BYTES
from hedgebook.market.transport import _parse_json as original_parse_json

from .routes import requests_to
from .venues import serve_venue
from .venues.bodies.binance import EXCHANGE_INFO

MAINTENANCE_PAGE = "<html><body>System maintenance</body></html>"
BAD_SPEC_ANSWERS = [  # venue, spec path, an answer that must not be kept
    ("bybit", "/v5/market/instruments-info", {"retCode": 10006, "retMsg": "Too many visits!", "result": {}}),
    ("okx", "/api/v5/public/instruments", {"code": "50011", "msg": "Too Many Requests", "data": []}),
    ("deribit", "/api/v2/public/get_instruments", {"jsonrpc": "2.0", "error": {"code": 10028,
                                                                              "message": "too_many_requests"}}),
    ("mexc", "/api/v1/contract/detail", {"success": False, "code": 510, "message": "Requests are too frequent"}),
    ("binance", "/fapi/v1/exchangeInfo", MAINTENANCE_PAGE),
    ("binance", "/fapi/v1/exchangeInfo", {**EXCHANGE_INFO, "symbols": []}),
]


def fetch(venue):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarketDataWarning)
        return fetch_market([venue], ["BTC"], timeout=5)


@pytest.mark.parametrize("venue, path, answer", BAD_SPEC_ANSWERS,
                         ids=["bybit retCode", "okx code", "deribit rpc error", "mexc success false",
                              "binance maintenance page", "binance empty symbols"])
def test_an_error_answer_on_a_spec_endpoint_is_not_kept(market_server, venue, path, answer):
    if isinstance(answer, str):
        market_server.expect_request(path).respond_with_data(answer, content_type="text/html")
    else:
        market_server.expect_request(path).respond_with_json(answer)
    serve_venue(market_server, venue)
    assert venue in fetch(venue).errors
    market_server.clear()  # the venue recovers
    serve_venue(market_server, venue)
    recovered = fetch(venue)
    assert recovered.errors == {} and len(recovered.table) > 0
    assert requests_to(market_server, path) >= 1  # asked again, not served the error from the cache
    market_server.clear()
    serve_venue(market_server, venue)
    assert fetch(venue).errors == {} and requests_to(market_server, path) == 0  # the good answer is kept


def test_an_oversized_spec_is_refused_every_time_and_never_stored(market_server, tmp_path):
    market_server.expect_request("/fapi/v1/exchangeInfo").respond_with_data(b" " * (MAX_RESPONSE_BYTES + 10))
    serve_venue(market_server, "binance")
    for _ in range(2):
        assert "refused" in fetch("binance").errors["binance"]
    assert requests_to(market_server, "/fapi/v1/exchangeInfo") == 2
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        assert db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone() == (0,)


def test_a_gzip_bomb_on_a_spec_endpoint_is_cut_at_the_cap_without_filling_memory(market_server):
    bomb = gzip.compress(b" " * (2 * MAX_RESPONSE_BYTES))  # 64 MB of spaces in about 64 KB
    market_server.expect_request("/fapi/v1/exchangeInfo").respond_with_handler(
        lambda request: Response(bomb, 200, headers={"Content-Encoding": "gzip"}, content_type="application/json"))
    serve_venue(market_server, "binance")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = fetch("binance").errors["binance"]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert message == f"answer larger than {MAX_RESPONSE_BYTES:,} bytes refused"
    assert grown_mb < 100, grown_mb


def test_entries_are_json_and_a_planted_one_is_dropped(tmp_path):
    cache = SpecCache(tmp_path / "specs", max_bytes=1000)
    cache.put("k", b'{"symbols": [1]}')
    with sqlite3.connect(tmp_path / "specs" / CACHE_FILE) as db:
        (text,) = db.execute(f"SELECT value FROM {TABLE}").fetchone()
        assert text.startswith('{"stored_at": ') and '"body": "{\\"symbols\\": [1]}"' in text
        db.execute(f"UPDATE {TABLE} SET value = ?", (pickle.dumps(os.system),))  # what a pickle cache would load
    assert cache.get("k") is None and cache.get("k") is None
    cache.put("big", b"x" * 1001)
    assert cache.get("big") is None


def test_entries_expire_after_a_day(tmp_path):
    now = [1_000_000.0]
    cache = SpecCache(tmp_path / "specs", max_bytes=1000, clock=lambda: now[0])
    cache.put("k", b"[1]")
    now[0] += 24 * 3600 - 1
    assert cache.get("k") == b"[1]"
    now[0] += 2
    assert cache.get("k") is None


def test_the_cache_is_held_to_its_total_size_and_gives_the_space_back(tmp_path):
    """Issue 21 B5: six hostile answers each just under the per-answer cap left 177 MB on disk.  Here scaled down:
    a total cap of 1 MB, six answers of 0.45 MB: at most two are kept (the newest), the file stays near the cap."""
    now = [1_000_000.0]
    cache = SpecCache(tmp_path / "specs", max_bytes=500_000, max_total_bytes=1_000_000, clock=lambda: now[0])
    for k in range(6):
        now[0] += 1
        cache.put(f"k{k}", b'"' + b"x" * 450_000 + b'"')
    assert [key for key, _, _ in cache.entries()] == ["k4", "k5"]
    assert sum(size for _, _, size in cache.entries()) <= 1_000_000
    assert (tmp_path / "specs" / CACHE_FILE).stat().st_size < 1_300_000
    assert cache.get("k0") is None and cache.get("k5") is not None


def test_expired_entries_are_evicted_when_another_is_stored(tmp_path):
    now = [1_000_000.0]
    cache = SpecCache(tmp_path / "specs", max_bytes=1000, clock=lambda: now[0])
    cache.put("old", b"[1]")
    now[0] += 24 * 3600 + 1
    cache.put("new", b"[2]")
    assert [key for key, _, _ in cache.entries()] == ["new"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_folder_is_private_and_one_others_can_write_is_refused(market_server, tmp_path, monkeypatch):
    SpecCache(tmp_path / "private", max_bytes=10)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "private" / CACHE_FILE).stat().st_mode) == 0o600
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("HEDGEBOOK_CACHE_DIR", str(shared))
    serve_venue(market_server, "binance")
    with pytest.warns(MarketDataWarning, match=f"spec cache not used: {shared} can be written by other users"):
        snapshot = fetch_market(["binance"], timeout=5)
    assert snapshot.errors == {} and not (shared / CACHE_FILE).exists()


def test_an_entry_is_decoded_once_per_process_and_served_from_memory_for_a_day(tmp_path):
    now = [1_000_000.0]
    cache = SpecCache(tmp_path / "specs", max_bytes=1000, clock=lambda: now[0])
    decoded = []

    def decode(body):
        decoded.append(body)
        return json.loads(body)

    cache.put("k", b'{"symbols": [1]}')
    first = cache.get_decoded("k", decode)
    assert first == {"symbols": [1]} and cache.get_decoded("k", decode) is first and len(decoded) == 1
    reopened = SpecCache(tmp_path / "specs", max_bytes=1000, clock=lambda: now[0])  # the next refresh
    assert reopened.get_decoded("k", decode) is first and len(decoded) == 1
    now[0] += 24 * 3600  # a day old: neither the file's entry nor the decoded one is served
    assert cache.get_decoded("k", decode) is None and cache.get("k") is None


def test_an_answer_stored_is_served_from_memory_without_decoding_it_again(tmp_path):
    cache = SpecCache(tmp_path / "specs", max_bytes=1000)
    cache.put("k", b"[1]", decoded=[1])
    assert cache.get_decoded("k", lambda body: pytest.fail("decoded again")) == [1]


def test_a_dropped_or_forgotten_entry_is_read_from_the_file_again(tmp_path):
    cache = SpecCache(tmp_path / "specs", max_bytes=1000)
    calls = []
    cache.put("k", b"[1]")
    cache.get_decoded("k", lambda body: calls.append(body) or json.loads(body))
    forget_decoded()
    cache.get_decoded("k", lambda body: calls.append(body) or json.loads(body))
    cache.drop("k")
    assert cache.get_decoded("k", json.loads) is None and len(calls) == 2


def test_a_planted_entry_read_from_the_file_is_dropped(tmp_path):
    cache = SpecCache(tmp_path / "specs", max_bytes=1000)
    cache.put("k", b"[1]")
    with sqlite3.connect(tmp_path / "specs" / CACHE_FILE) as db:
        db.execute(f"UPDATE {TABLE} SET value = ?", (pickle.dumps(os.system),))
    assert cache.get_decoded("k", json.loads) is None and cache.get("k") is None


def test_a_repeat_refresh_decodes_no_spec_and_reads_the_same_table(market_server):
    serve_venue(market_server, "binance")
    first = fetch("binance")
    def parse_json(body, status, declared_length=None):
        assert b'"symbols"' not in body, "the spec was decoded again"
        return original_parse_json(body, status, declared_length)

    with patch("hedgebook.market.transport._parse_json", parse_json):
        second = fetch("binance")
    assert second.errors == {}
    pd.testing.assert_frame_equal(first.table.drop(columns="updated_at"), second.table.drop(columns="updated_at"))
    assert requests_to(market_server, "/fapi/v1/exchangeInfo") == 1


def test_an_empty_listing_that_may_be_empty_is_kept(market_server):
    """OKX may list no dated futures: that answer is kept like any listing, not asked again every refresh."""
    from .routes import serve
    from .venues.bodies.okx import synthetic_routes

    serve(market_server, synthetic_routes({"BTC": 60_000.0}))
    for _ in range(2):
        assert fetch("okx").errors == {}
    futures = [request for request, _ in market_server.log
               if request.path == "/api/v5/public/instruments" and request.args.get("instType") == "FUTURES"]
    assert len(futures) == 1


def test_an_eviction_whose_space_cannot_be_given_back_now_still_stores(tmp_path, monkeypatch):
    """VACUUM fails while another thread reads the cache ("SQL statements in progress"): the entry is stored all the
    same, and a refresh never fails over it (seen once in the fault-injection matrix)."""
    from requests_cache.backends.sqlite import SQLiteDict

    def busy(self):
        raise sqlite3.OperationalError("cannot VACUUM - SQL statements in progress")

    monkeypatch.setattr(SQLiteDict, "vacuum", busy)
    now = [1_000_000.0]
    cache = SpecCache(tmp_path / "specs", max_bytes=1000, clock=lambda: now[0])
    cache.put("old", b"[1]")
    now[0] += 24 * 3600 + 1
    cache.put("new", b"[2]")
    assert [key for key, _, _ in cache.entries()] == ["new"] and cache.get("new") == b"[2]"
