"""Each venue in turn fails in each way a venue can; the workbook refresh must survive every case.

After each refresh: healthy venues' rows are fresh ("ok"), the failing venue's
previous rows are kept and marked stale with the reason, the file opens and
keeps its VBA project and Refresh button, and no exception escapes.
"""

import datetime as dt
import json
import math
import shutil
import time
import zipfile

import openpyxl
import pytest
from werkzeug import Response

from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import refresh_file
from hedgebook.market import DEFAULT_VENUES, VENUES

from .market.venues import serve_all, venue_module

ALL_VENUES = list(DEFAULT_VENUES)
TIMEOUT_S = 0.5
CLOUDFRONT_403 = "<!DOCTYPE HTML><HTML><HEAD><TITLE>ERROR</TITLE></HEAD><BODY>403 ERROR</BODY></HTML>"


def _slow(request):
    time.sleep(TIMEOUT_S * 2)
    return Response("[]", content_type="application/json")


def inject(server, venue, kind):
    fault = venue_module(venue).FAULT
    path, body, field = fault.path, fault.body, fault.field
    request = server.expect_request(path)
    if kind == "timeout":
        request.respond_with_handler(_slow)
    elif kind == "429":
        request.respond_with_data("", status=429, headers={"Retry-After": "0"})
    elif kind == "451":
        request.respond_with_json({"code": 0, "msg": "restricted location"}, status=451)
    elif kind == "403 html":
        request.respond_with_data(CLOUDFRONT_403, status=403, content_type="text/html")
    elif kind == "503":
        request.respond_with_data("unavailable", status=503)
    elif kind == "not json":
        request.respond_with_data("<html>maintenance</html>", status=200)
    elif kind == "error code":
        request.respond_with_json(venue_module(venue).ERROR_BODY)
    elif kind == "truncated":
        request.respond_with_data(json.dumps(body)[:40], status=200, content_type="application/json")
    elif kind == "renamed field":
        request.respond_with_data(json.dumps(body).replace(f'"{field}"', f'"{field}_v2"'), 200,
                                  content_type="application/json")


FAILURES = ("timeout", "429", "451", "403 html", "503", "not json", "error code", "truncated")


def _market(path):
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = {}
    for row in book[L.MARKET].iter_rows(min_row=L.MARKET_TABLE.first_row + 1, values_only=True):
        if not row[0]:
            break
        rows[(row[0], row[1])] = row
    book.close()
    return rows


@pytest.fixture(scope="module")
def good_state(make_httpserver, tmp_path_factory):
    """A workbook refreshed from every venue, and the spec cache that refresh filled: built once per module."""
    folder = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as patch:
        base = make_httpserver.url_for("/").rstrip("/")
        for key in [*VENUES, "cftc"]:
            patch.setenv(f"HEDGEBOOK_URL_{key.upper()}", base)
        patch.setenv("HEDGEBOOK_CACHE_DIR", str(folder / "cache"))
        patch.setenv("HEDGEBOOK_RETRY_BACKOFF_S", "0")
        serve_all(make_httpserver)
        path = write_project(folder, "faultplan").workbook
        outcome = refresh_file(path, ALL_VENUES, timeout=5)
        make_httpserver.clear()
    assert outcome.write and outcome.errors == {}
    return path, folder / "cache"


@pytest.fixture
def good_workbook(good_state, market_server, tmp_path):
    """A copy of the refreshed workbook, with a copy of its spec cache, for one test."""
    path, cache = good_state
    shutil.copytree(cache, tmp_path / "cache", dirs_exist_ok=True)
    copy = tmp_path / "faultplan.xlsm"
    shutil.copyfile(path, copy)
    return copy


@pytest.mark.parametrize("kind", FAILURES + ("renamed field",))
@pytest.mark.parametrize("venue", ALL_VENUES)
def test_one_venue_failing(good_workbook, market_server, venue, kind):
    before = _market(good_workbook)
    inject(market_server, venue, kind)
    serve_all(market_server)
    result = refresh_file(good_workbook, ALL_VENUES, timeout=TIMEOUT_S if kind == "timeout" else 5)
    assert result.write
    after = _market(good_workbook)
    status_column = len(after[next(iter(after))]) - 1
    if kind == "renamed field":
        assert venue not in result.snapshot.errors
        assert any(f"'{venue_module(venue).FAULT.field}' missing" in note for note in result.warnings)
    else:
        message = result.snapshot.errors[venue]
        assert "\n" not in message and message
        kept = {key: row for key, row in after.items() if key[0] == venue}
        previous = {key: row for key, row in before.items() if key[0] == venue}
        assert kept.keys() == previous.keys()
        for key, row in kept.items():
            assert row[status_column] == f"stale: {message}"
            assert row[:status_column] == previous[key][:status_column]  # the last good values
    healthy = [row for key, row in after.items() if key[0] != venue]
    assert healthy and all(row[status_column] == "ok" for row in healthy)
    assert set(result.snapshot.errors) <= {venue}
    with zipfile.ZipFile(good_workbook) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        vml = b"".join(archive.read(n) for n in names if n.startswith("xl/drawings/vmlDrawing"))
        assert b"SampleCall" in vml
    assert openpyxl.load_workbook(good_workbook, keep_vba=True).sheetnames[:len(L.SHEETS)] == list(L.SHEETS)


# Issue 9: hostile values, cached errors, trickling answers and old data, for every venue in turn.


def _mutate(body, field, change):
    """``body`` with every value of ``field`` (at any depth) changed by ``change``."""
    if isinstance(body, dict):
        return {k: change(v) if k == field else _mutate(v, field, change) for k, v in body.items()}
    if isinstance(body, list):
        return [_mutate(item, field, change) for item in body]
    return body


def _not_finite(value):
    return "Infinity" if isinstance(value, str) else float("inf")  # json writes Infinity, as a careless venue does


def _hundred_times_lower(value):
    return str(float(value) / 100) if isinstance(value, str) else value / 100


def _serve_mutated(server, venue, change):
    fault = venue_module(venue).FAULT
    server.expect_request(fault.path).respond_with_data(
        json.dumps(_mutate(fault.body, fault.field, change)), 200, content_type="application/json")


def _file_is_sound(path):
    with zipfile.ZipFile(path) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    assert openpyxl.load_workbook(path, keep_vba=True).sheetnames[:len(L.SHEETS)] == list(L.SHEETS)


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_value_that_is_not_finite_invalidates_its_row_not_the_refresh(good_workbook, market_server, venue):
    field = venue_module(venue).FAULT.field
    _serve_mutated(market_server, venue, _not_finite)
    serve_all(market_server)
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=5)
    assert outcome.write and outcome.errors == {}
    after = _market(good_workbook)
    rows = [row for key, row in after.items() if key[0] == venue]
    assert any(row[-1].startswith("suspect: ") and "not a finite number" in row[-1] for row in rows), (field, rows)
    numbers = [value for row in after.values() for value in row if isinstance(value, float)]
    assert all(math.isfinite(value) for value in numbers)
    assert all(row[-1] == "ok" for key, row in after.items() if key[0] != venue)
    _file_is_sound(good_workbook)


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_price_a_hundred_times_too_low_is_suspect(good_workbook, market_server, venue):
    _serve_mutated(market_server, venue, _hundred_times_lower)
    serve_all(market_server)
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=5)
    assert outcome.write
    statuses = [row[-1] for key, row in _market(good_workbook).items() if key[0] == venue]
    if venue_module(venue).FAULT.field == "fundingRate":  # OKX: a lower funding rate is a plausible one
        assert all(status == "ok" for status in statuses)
        return
    assert any(status.startswith("suspect: ") and "from the reference" in status for status in statuses), statuses
    if venue == "binance":  # the plan's hedge venue: no order from it
        assert outcome.book.order_status[0].startswith("withheld: suspect: ")


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_trickling_venue_is_stopped_at_its_deadline_and_kept_stale(good_workbook, market_server, venue):
    def trickle(request):
        def body():
            for _ in range(50):
                time.sleep(0.2)
                yield b" "
        return Response(body(), 200, content_type="application/json")

    market_server.expect_request(venue_module(venue).FAULT.path).respond_with_handler(trickle)
    serve_all(market_server)
    start = time.perf_counter()
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=0.5, deadline=1.0)
    assert time.perf_counter() - start < 3  # the CFTC (no route here) is asked after the venues
    assert outcome.write and outcome.errors[venue] == "no complete answer within 1 s (deadline)"
    assert all(row[-1] == f"stale: {outcome.errors[venue]}" for key, row in _market(good_workbook).items()
               if key[0] == venue)
    time.sleep(0.5)  # let the trickles end before the next test's server


@pytest.mark.parametrize("venue", [v for v in ALL_VENUES if venue_module(v).SPEC_PATH])
def test_an_error_on_a_cached_spec_is_not_kept_after_the_venue_recovers(good_workbook, market_server, venue,
                                                                        monkeypatch, tmp_path):
    monkeypatch.setenv("HEDGEBOOK_CACHE_DIR", str(tmp_path / "fresh-cache"))
    module = venue_module(venue)
    market_server.expect_request(module.SPEC_PATH).respond_with_json(module.ERROR_BODY)
    serve_all(market_server)
    assert venue in refresh_file(good_workbook, ALL_VENUES, timeout=5).errors
    market_server.clear()
    serve_all(market_server)  # the venue recovers
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=5)
    assert outcome.errors == {}
    assert all(row[-1] == "ok" for key, row in _market(good_workbook).items() if key[0] == venue)


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_failed_venues_rows_older_than_the_limit_are_dropped_and_said(good_workbook, market_server, venue):
    book = openpyxl.load_workbook(good_workbook, keep_vba=True)
    market = book[L.MARKET]
    updated = L.MARKET_TABLE.col("updated_at") + 1
    for row in range(L.MARKET_TABLE.first_row + 1, market.max_row + 1):
        if market.cell(row, 1).value == venue:
            market.cell(row, updated).value = dt.datetime.utcnow() - dt.timedelta(days=8)
    book.save(good_workbook)
    inject(market_server, venue, "503")
    serve_all(market_server)
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=5)
    assert outcome.write and venue in outcome.errors
    assert not any(key[0] == venue for key in _market(good_workbook))
    assert any(note.startswith(f"{venue}: ") and "dropped, older than 7 days" in note for note in outcome.warnings)


def _hostile_text(body):
    """Every text of ``body`` with terminal and XML control characters and rich markup appended."""
    if isinstance(body, dict):
        return {k: _hostile_text(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_hostile_text(item) for item in body]
    return body + "\x1b[31m[/][bold]\x00\x07" if isinstance(body, str) else body


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_control_characters_and_markup_in_venue_text_reach_neither_file_nor_terminal(good_workbook, market_server,
                                                                                      venue, capsys):
    fault = venue_module(venue).FAULT
    market_server.expect_request(fault.path).respond_with_data(json.dumps(_hostile_text(fault.body)), 200,
                                                               content_type="application/json")
    serve_all(market_server)
    assert main(["refresh", str(good_workbook), "--venues", *ALL_VENUES, "--timeout", "5"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\x00" not in captured.out + captured.err
    _file_is_sound(good_workbook)
    book = openpyxl.load_workbook(good_workbook, data_only=True)
    texts = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert not any(ch in text for text in texts for ch in "\x1b\x00\x07")
