"""Each venue in turn fails in each way a venue can; the refresh must survive every case.

The matrix runs against the refresh pipeline (:func:`hedgebook.app.refresh.refresh`), through the real client and a
local server: healthy venues' rows are fresh ("ok"), the failing venue's previous rows are kept and marked stale with
the reason, and no exception escapes.  A dozen cases run end to end on the workbook file (``hedgebook refresh``): the
file opens and keeps its VBA project and Refresh button, and the Market sheet shows what the pipeline said.
"""

import datetime as dt
import math
import shutil
import time
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from hedgebook.app.refresh import refresh
from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import read_file, refresh_file
from hedgebook.market import DEFAULT_VENUES, VENUES, fetch_market
from hedgebook.market.table import normalize_types

from .faults import (
    FAILURES,
    TIMEOUT_S,
    hostile_text,
    hundred_times_lower,
    inject,
    not_finite,
    serve_mutated,
    trickle,
)
from .market.venues import serve_all, venue_module

ALL_VENUES = list(DEFAULT_VENUES)
FILE_CASES = ("binance", "okx")
"""The venues whose failures are also tried end to end, on the workbook file."""

HEALTHY_TIMEOUT_S = 30
"""The timeout where no venue is meant to time out: a local server answers at once, but a loaded machine (another
process keeping a core busy) may stall a request for seconds; only the venues made to time out may."""


@pytest.fixture(scope="module")
def good_state(make_httpserver, tmp_path_factory):
    """A workbook refreshed from every venue, what it holds, and the spec cache that refresh filled: built once
    per module."""
    folder = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as patch:
        base = make_httpserver.url_for("/").rstrip("/")
        for key in [*VENUES, "cftc"]:
            patch.setenv(f"HEDGEBOOK_URL_{key.upper()}", base)
        patch.setenv("HEDGEBOOK_CACHE_DIR", str(folder / "cache"))
        patch.setenv("HEDGEBOOK_RETRY_BACKOFF_S", "0")
        serve_all(make_httpserver)
        path = write_project(folder, "faultplan").workbook
        outcome = refresh_file(path, ALL_VENUES, timeout=HEALTHY_TIMEOUT_S)
        make_httpserver.clear()
    assert outcome.write and outcome.errors == {}
    return path, folder / "cache", read_file(path)


@pytest.fixture
def contents(good_state, market_server, tmp_path):
    """What the refreshed workbook holds, with a copy of its spec cache for one test."""
    _, cache, held = good_state
    shutil.copytree(cache, tmp_path / "cache", dirs_exist_ok=True)
    return held


@pytest.fixture
def good_workbook(good_state, market_server, tmp_path):
    """A copy of the refreshed workbook, with a copy of its spec cache, for one test."""
    path, cache, _ = good_state
    shutil.copytree(cache, tmp_path / "cache", dirs_exist_ok=True)
    copy = tmp_path / "faultplan.xlsm"
    shutil.copyfile(path, copy)
    return copy


def _refresh(contents, market=None, fetch=fetch_market, **options):
    """The refresh of the workbook's inputs on its market (or ``market``), every venue asked."""
    options = {"timeout": 5, **options}
    return refresh(contents.inputs, contents.market if market is None else market, fetch=fetch, venues=ALL_VENUES,
                   previous_cot=contents.cot, previous_tiers=contents.tiers, **options)


def _of(table: pd.DataFrame, venue: str) -> pd.DataFrame:
    rows = table[table["venue"] == venue]
    return rows.sort_values(["symbol", "kind"]).reset_index(drop=True)


def _assert_kept_stale(outcome, contents, venue):
    """The failing venue's rows are its previous rows, marked ``stale: <why>``; every other row is fresh."""
    message = outcome.errors[venue]
    assert "\n" not in message and message
    table = outcome.snapshot.table
    kept, previous = _of(table, venue), _of(normalize_types(contents.market), venue)
    assert len(kept) and (kept["status"] == f"stale: {message}").all()
    pd.testing.assert_frame_equal(kept.drop(columns="status"), previous.drop(columns="status"), check_dtype=False)
    healthy = table[table["venue"] != venue]
    assert len(healthy) and (healthy["status"] == "ok").all()


@pytest.mark.parametrize("kind", FAILURES + ("renamed field",))
@pytest.mark.parametrize("venue", ALL_VENUES)
def test_one_venue_failing(contents, market_server, venue, kind):
    inject(market_server, venue, kind)
    serve_all(market_server)
    outcome = _refresh(contents, timeout=TIMEOUT_S if kind == "timeout" else HEALTHY_TIMEOUT_S)
    assert outcome.write and outcome.plan is not None
    assert set(outcome.errors) <= {venue}
    if kind == "renamed field":
        assert venue not in outcome.errors
        assert any(f"'{venue_module(venue).FAULT.field}' missing" in note for note in outcome.warnings)
        assert not outcome.snapshot.table["status"].str.startswith("stale").any()
    else:
        _assert_kept_stale(outcome, contents, venue)


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_value_that_is_not_finite_invalidates_its_row_not_the_refresh(contents, market_server, venue):
    field = venue_module(venue).FAULT.field
    serve_mutated(market_server, venue, not_finite)
    serve_all(market_server)
    outcome = _refresh(contents)
    assert outcome.write and outcome.errors == {}
    table = outcome.snapshot.table
    statuses = _of(table, venue)["status"].tolist()
    assert any(s.startswith("suspect: ") and "not a finite number" in s for s in statuses), (field, statuses)
    assert not np.isinf(table.select_dtypes("number").to_numpy(dtype=float)).any()
    assert (table[table["venue"] != venue]["status"] == "ok").all()


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_price_a_hundred_times_too_low_is_suspect(contents, market_server, venue):
    serve_mutated(market_server, venue, hundred_times_lower)
    serve_all(market_server)
    outcome = _refresh(contents)
    assert outcome.write
    statuses = _of(outcome.snapshot.table, venue)["status"].tolist()
    if venue_module(venue).FAULT.field == "fundingRate":  # OKX: a lower funding rate is a plausible one
        assert all(status == "ok" for status in statuses)
        return
    assert any(status.startswith("suspect: ") and "from the reference" in status for status in statuses), statuses
    if venue == "binance":  # the plan's hedge venue: no order from it
        assert outcome.plan.order_status[0].startswith("withheld: suspect: ")


class TimedFetch:
    """The market fetch, timed: ``seconds`` is how long the last call took."""

    def __init__(self):
        self.seconds = math.nan

    def __call__(self, *arguments, **options):
        start = time.perf_counter()
        try:
            return fetch_market(*arguments, **options)
        finally:
            self.seconds = time.perf_counter() - start


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_trickling_venue_is_stopped_at_its_deadline_and_kept_stale(contents, market_server, venue):
    market_server.expect_request(venue_module(venue).FAULT.path).respond_with_handler(trickle)
    serve_all(market_server)
    fetch = TimedFetch()
    outcome = _refresh(contents, fetch=fetch, timeout=0.5, deadline=1.0)
    assert fetch.seconds < 2.5  # the deadline, 1 s, and margin for a busy machine; the trickle would take 10 s
    assert outcome.write and outcome.errors[venue] == "no complete answer within 1 s (deadline)"
    _assert_kept_stale(outcome, contents, venue)
    time.sleep(0.5)  # let the trickles end before the next test's server


@pytest.mark.parametrize("venue", [v for v in ALL_VENUES if venue_module(v).SPEC_PATH])
def test_an_error_on_a_cached_spec_is_not_kept_after_the_venue_recovers(contents, market_server, venue,
                                                                        monkeypatch, tmp_path):
    monkeypatch.setenv("HEDGEBOOK_CACHE_DIR", str(tmp_path / "fresh-cache"))
    module = venue_module(venue)
    market_server.expect_request(module.SPEC_PATH).respond_with_json(module.ERROR_BODY)
    serve_all(market_server)
    assert venue in _refresh(contents).errors
    market_server.clear()
    serve_all(market_server)  # the venue recovers
    outcome = _refresh(contents)
    assert outcome.errors == {}
    assert (_of(outcome.snapshot.table, venue)["status"] == "ok").all()


def _aged(market: pd.DataFrame, venue: str, days: float) -> pd.DataFrame:
    market = normalize_types(market).copy()
    market.loc[market["venue"] == venue, "updated_at"] = pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=days)
    return market


@pytest.mark.parametrize("venue", ALL_VENUES)
def test_a_failed_venues_rows_older_than_the_limit_are_dropped_and_said(contents, market_server, venue):
    inject(market_server, venue, "503")
    serve_all(market_server)
    outcome = _refresh(contents, market=_aged(contents.market, venue, 8))
    assert outcome.write and venue in outcome.errors
    assert not len(_of(outcome.snapshot.table, venue))
    assert any(note.startswith(f"{venue}: ") and "dropped, older than 7 days" in note for note in outcome.warnings)


# End to end, on the workbook file: what the sheet shows, and a file that stays sound.


def _market(path):
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = {}
    for row in book[L.MARKET].iter_rows(min_row=L.MARKET_TABLE.first_row + 1, values_only=True):
        if not row[0]:
            break
        rows[(row[0], row[1])] = row
    book.close()
    return rows


def _file_is_sound(path):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        vml = b"".join(archive.read(n) for n in names if n.startswith("xl/drawings/vmlDrawing"))
        assert b"SampleCall" in vml
    assert openpyxl.load_workbook(path, keep_vba=True).sheetnames[:len(L.SHEETS)] == list(L.SHEETS)


@pytest.mark.parametrize("kind", ("timeout", "503", "truncated"))
@pytest.mark.parametrize("venue", FILE_CASES)
def test_one_venue_failing_on_the_file(good_workbook, market_server, venue, kind):
    before = _market(good_workbook)
    inject(market_server, venue, kind)
    serve_all(market_server)
    result = refresh_file(good_workbook, ALL_VENUES, timeout=TIMEOUT_S if kind == "timeout" else HEALTHY_TIMEOUT_S)
    assert result.write
    after = _market(good_workbook)
    status_column = L.MARKET_TABLE.titles.index("status")  # the age, after it, grows
    message = result.snapshot.errors[venue]
    kept = {key: row for key, row in after.items() if key[0] == venue}
    previous = {key: row for key, row in before.items() if key[0] == venue}
    assert kept.keys() == previous.keys()
    for key, row in kept.items():
        assert row[status_column] == f"stale: {message}"
        assert row[:status_column] == previous[key][:status_column]  # the last good values
    healthy = [row for key, row in after.items() if key[0] != venue]
    assert healthy and all(row[status_column] == "ok" for row in healthy)
    _file_is_sound(good_workbook)


def test_a_value_that_is_not_finite_reaches_no_cell(good_workbook, market_server):
    serve_mutated(market_server, "binance", not_finite)
    serve_all(market_server)
    assert refresh_file(good_workbook, ALL_VENUES, timeout=HEALTHY_TIMEOUT_S).write
    numbers = [value for row in _market(good_workbook).values() for value in row if isinstance(value, float)]
    assert numbers and all(math.isfinite(value) for value in numbers)
    _file_is_sound(good_workbook)


def test_a_failed_venues_old_rows_leave_the_file(good_workbook, market_server):
    book = openpyxl.load_workbook(good_workbook, keep_vba=True)
    market = book[L.MARKET]
    updated = L.MARKET_TABLE.col("updated_at") + 1
    eight_days_ago = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=8)  # naive UTC
    for row in range(L.MARKET_TABLE.first_row + 1, market.max_row + 1):
        if market.cell(row, 1).value == "okx":
            market.cell(row, updated).value = eight_days_ago
    book.save(good_workbook)
    inject(market_server, "okx", "503")
    serve_all(market_server)
    outcome = refresh_file(good_workbook, ALL_VENUES, timeout=HEALTHY_TIMEOUT_S)
    assert outcome.write and "okx" in outcome.errors
    assert not any(key[0] == "okx" for key in _market(good_workbook))


@pytest.mark.parametrize("venue", ["binance", "bybit", "okx", "deribit"])
def test_control_characters_and_markup_in_venue_text_reach_neither_file_nor_terminal(good_workbook, market_server,
                                                                                      venue, capsys):
    fault = venue_module(venue).FAULT
    market_server.expect_request(fault.path).respond_with_json(hostile_text(fault.body))
    serve_all(market_server)
    assert main(["refresh", str(good_workbook), "--venues", *ALL_VENUES, "--timeout", "5"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\x00" not in captured.out + captured.err
    _file_is_sound(good_workbook)
    book = openpyxl.load_workbook(good_workbook, data_only=True)
    texts = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert not any(ch in text for text in texts for ch in "\x1b\x00\x07")
