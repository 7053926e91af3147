"""The age of the data, and what a status says of it: Market's age column, the sample never "ok" alone, units."""

import datetime as dt

import pandas as pd
import pytest

from hedgebook.excel import layout as L
from hedgebook.excel.project import sample_plan
from hedgebook.excel.reading import market_from_rows
from hedgebook.excel.rows import venue_status_rows
from hedgebook.excel.sheets.market import market_rows
from hedgebook.market import load_sample
from hedgebook.market.table import make_row, to_table

T0 = dt.datetime(2026, 12, 7, 12, tzinfo=dt.timezone.utc)


def test_market_rows_end_with_each_rows_age_in_hours_when_written():
    table = to_table([make_row("okx", "BTC-USDT-SWAP", "BTC", "USDT", "perp", "linear", mark_price=60_000.0,
                               updated_at=T0 - dt.timedelta(minutes=90)),
                      make_row("bybit", "BTCUSDT", "BTC", "USDT", "perp", "linear", mark_price=60_000.0,
                               updated_at=T0 - dt.timedelta(days=2))])
    rows = list(market_rows(table, T0))
    assert L.MARKET_TABLE.titles[-1] == L.MARKET_AGE and L.MARKET_TITLES[L.MARKET_AGE] == "Age at refresh (h)"
    assert [row[-1] for row in rows] == pytest.approx([1.5, 48.0])
    assert all(len(row) == len(L.MARKET_TABLE.titles) for row in rows)


def test_the_market_sheet_read_back_ignores_the_age_and_reads_open_interest_under_either_title():
    table = to_table([make_row("okx", "BTC-USDT-SWAP", "BTC", "USDT", "perp", "linear", mark_price=60_000.0,
                               open_interest=25_000.0, updated_at=T0)])
    header = [L.MARKET_TITLES[name] for name in L.MARKET_TABLE.titles]
    assert "Open interest (coins)" in header  # base coins, as every venue's reader gives it
    rows = [[v.replace(tzinfo=None) if isinstance(v, (dt.datetime, pd.Timestamp)) else v for v in row]
            for row in market_rows(table, T0)]
    read = market_from_rows(rows, header)
    assert read.loc[0, "open_interest"] == 25_000.0 and L.MARKET_AGE not in read.columns
    former = [("Open interest (contracts)" if title == "Open interest (coins)" else title) for title in header]
    assert market_from_rows(rows, former).loc[0, "open_interest"] == 25_000.0  # a workbook built before


def test_the_sample_is_trusted_but_never_just_ok():
    plan, snapshot = sample_plan()
    assert {status for _, _, status in venue_status_rows(snapshot)} == {"ok: sample data"}
    assert set(plan.market["status"]) == {"ok: sample data"}
    assert [str(status) for status in plan.order_status] == ["ok: sample data", "ok: sample data"]
    assert all(status.ok for status in plan.order_status)  # the orders are still computed


def test_live_data_says_ok_where_it_is_fresh():
    snapshot = load_sample()
    live = type(snapshot)(table=snapshot.table, fetched_at=snapshot.fetched_at, label="live")
    assert {status for _, _, status in venue_status_rows(live)} == {"ok"}


def test_carrys_funding_band_is_named_by_what_it_means_for_you():
    """The band is on the cost (> 0 = you pay): −1 s.d. costs less, better for you. A long 10 000 over 30 days at a
    mean 0.02 % per 8 h expects 10 000 × 0.0002 × 3 × 30 = 180 (the block's first three rows are its days)."""
    from hedgebook.excel.udfs import HISTORYFUNDING

    titles = L.CARRY_HISTORY_TABLE.titles[4:7]  # the columns HISTORYFUNDING fills
    better, expected, worse = (titles.index(t) for t in ("Better for you (-1 s.d.)",
                                                         "Funding over horizon, from history",
                                                         "Worse for you (+1 s.d.)"))
    block = [[100.0, 100.0, rate, 8.0, 101.0] for rate in (0.0001, 0.0002, 0.0003)] + [[None] * 5]
    figures = HISTORYFUNDING(block, 10_000.0, 30.0, 3)[0]
    assert figures[expected] == pytest.approx(180)
    assert figures[better] < figures[expected] < figures[worse]