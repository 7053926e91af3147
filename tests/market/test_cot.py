"""CFTC Commitments of Traders (Traders in Financial Futures) against a local Socrata-shaped server."""

import math

import pandas as pd
import pytest

from hedgebook.market import VenueBadAnswer, VenueErrorCode
from hedgebook.market.cot import COT_COLUMNS, fetch_cot

from .cftc_reports import REPORTS


@pytest.fixture
def cftc(httpserver, monkeypatch):
    monkeypatch.setenv("HEDGEBOOK_URL_CFTC", httpserver.url_for("/").rstrip("/"))
    monkeypatch.setenv("HEDGEBOOK_RETRY_BACKOFF_S", "0")
    return httpserver


def test_weekly_reports_with_net_positions(cftc):
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json(REPORTS)
    frame = fetch_cot(weeks=2)
    assert list(frame.columns) == list(COT_COLUMNS)
    assert len(frame) == 3
    newest = frame.iloc[0]
    assert (newest.report_date, newest.market, newest.open_interest) == (pd.Timestamp("2025-01-14"), "CME Bitcoin", 30_000)
    assert newest.leveraged_funds_net == -10_000  # 5 000 long − 15 000 short
    assert newest.asset_manager_net == 7_000
    assert newest.dealer_net == 300 and newest.non_reportables_net == -800
    request, _ = cftc.log[0]
    assert request.args["$where"] == "cftc_contract_market_code in('133741','133742','146021','146022')"
    assert request.args["$order"] == "report_date_as_yyyy_mm_dd DESC" and request.args["$limit"] == "8"


def test_only_the_last_n_weeks(cftc):
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json(REPORTS)
    frame = fetch_cot(weeks=1)
    assert set(frame["report_date"]) == {pd.Timestamp("2025-01-14")}


def test_socrata_error_is_a_venue_error(cftc):
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json(
        {"code": "query.soql.no-such-column", "error": True, "message": "No such column: foo"}, status=400
    )
    with pytest.raises(VenueBadAnswer, match="HTTP 400: No such column: foo"):
        fetch_cot()


def test_an_error_object_where_the_list_should_be(cftc):
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json({"error": True, "message": "query timed out"})
    with pytest.raises(VenueErrorCode, match="error from the CFTC: query timed out"):
        fetch_cot()


def test_bad_parameters():
    with pytest.raises(ValueError, match="weeks must be >= 1, got 0"):
        fetch_cot(weeks=0)
    with pytest.raises(ValueError, match="unknown CFTC market code '999'"):
        fetch_cot(markets=["999"])


@pytest.mark.parametrize("change", [
    {"report_date_as_yyyy_mm_dd": {"$date": "2025-01-14"}},
    {"report_date_as_yyyy_mm_dd": ["2025-01-14"]},
    {"cftc_contract_market_code": ["133741"]},
])
def test_a_malformed_report_is_an_error_not_a_crash(cftc, change):
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json([dict(record, **change) for record in REPORTS])
    with pytest.raises(VenueBadAnswer, match="the CFTC's answer holds no report that can be read"):
        fetch_cot()


def test_numbers_that_are_not_finite_are_left_out(cftc):
    records = [dict(REPORTS[0], open_interest_all="Infinity", lev_money_positions_long="1e400"), REPORTS[1]]
    cftc.expect_request("/resource/gpe5-46if.json").respond_with_json(records)
    frame = fetch_cot()
    newest = frame.iloc[0]
    assert math.isnan(newest.open_interest) and math.isnan(newest.leveraged_funds_long)
    assert math.isnan(newest.leveraged_funds_net) and newest.asset_manager_net == 7_000
