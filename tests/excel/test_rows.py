"""The rows both workbook writers show: Orders, venue status, open interest, the CFTC report."""

import datetime as dt

import pandas as pd
import pytest

from hedgebook.app.inputs import HoldingInput, PlanInputs, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.excel.rows import ORDER_TITLES, cot_rows, open_interest_rows, order_rows, venue_status_rows
from hedgebook.market import MarketSnapshot, load_sample

from ..app.worked import SAMPLE_TIME, WORKED


def test_order_rows_of_the_worked_example():
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    rows = order_rows(book)
    assert [len(row) for row in rows] == [len(ORDER_TITLES)] * 2
    assert rows[0][:6] == ["BTC", "binance", "BTCUSDT", "sell", -0.25, -15_000]
    assert rows[1][:6] == ["ETH", "binance", "ETHUSDT", "buy", 5, 15_000]
    assert rows[0][6:9] == pytest.approx([-135, 5_000, 79_681.2749], abs=1e-3)
    assert rows[0][9:] == ["ok", SAMPLE_TIME]


def test_a_withheld_order_stays_with_its_reason_and_a_stale_one_says_so():
    from ..app.worked import suspect_market

    later = SAMPLE_TIME + dt.timedelta(hours=2)
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=later)), suspect_market(), later)
    withheld, stale = order_rows(book)
    assert withheld == ["BTC", "binance", "BTCUSDT", "withheld", None, None, None, None, None,
                        "withheld: suspect: mark 600 is 99% from the reference 60,000 (limit 5%)", SAMPLE_TIME]
    assert stale[:5] == ["ETH", "binance", "ETHUSDT", "buy", 5] and stale[9:] == ["stale: data is 2 h old", SAMPLE_TIME]


def test_no_order_for_an_asset_at_its_target():
    at_target = (HoldingInput("BTC", 50_000 / 60_000, venue="binance", target_weight=0.5),
                 HoldingInput("ETH", 50_000 / 3_000, venue="binance", target_weight=0.5))
    book = plan_from_market(PlanInputs(at_target, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)
    assert order_rows(book) == []


def test_venue_status_counts_rows_and_names_failures():
    snapshot = load_sample()
    failed = MarketSnapshot(snapshot.table, errors={"okx": "server error (HTTP 503)", "zz": "x"})
    rows = {venue: (count, status) for venue, count, status in venue_status_rows(failed)}
    assert rows["binance"] == (4, "ok") and rows["okx"] == (2, "server error (HTTP 503)") and rows["zz"] == (0, "x")


def test_open_interest_rows_only_for_the_holdings_futures():
    rows = open_interest_rows([HoldingInput("ETH", 1)], load_sample().table)
    assert {row[1] for row in rows} >= {"ETHUSDT", "ETH-PERPETUAL"}
    assert all(row[2] != "spot" for row in rows) and all("BTC" not in row[1] for row in rows)


def test_cot_rows():
    assert cot_rows(None) == [] and cot_rows(pd.DataFrame()) == []
    report = pd.DataFrame({"report_date": [dt.datetime(2025, 1, 14)], "market": ["CME Bitcoin"]})
    assert cot_rows(report) == [["report_date", "market"], [pd.Timestamp("2025-01-14"), "CME Bitcoin"]]
