"""Each venue in turn fails in each way a venue can; the workbook refresh must survive every case.

After each refresh: healthy venues' rows are fresh ("ok"), the failing venue's
previous rows are kept and marked stale with the reason, the file opens and
keeps its VBA project and Refresh button, and no exception escapes.
"""

import json
import time
import zipfile

import openpyxl
import pytest
from werkzeug import Response

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import refresh_file
from hedgebook.market import DEFAULT_VENUES

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
    sheet = openpyxl.load_workbook(path, data_only=True)[L.MARKET]
    rows = {}
    for row in sheet.iter_rows(min_row=L.MARKET_TABLE.first_row + 1, values_only=True):
        if not row[0]:
            break
        rows[(row[0], row[1])] = row
    return rows


@pytest.fixture
def good_workbook(market_server, tmp_path):
    serve_all(market_server)
    path = write_project(tmp_path, "faultplan").workbook
    outcome = refresh_file(path, ALL_VENUES, timeout=5)
    assert outcome.write and outcome.errors == {}
    market_server.clear()
    return path


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
