"""The market checks, table-driven: each absurd value a venue could send, and the status it gives its row."""

import datetime as dt

import pandas as pd
import pytest

from hedgebook.market import load_sample
from hedgebook.market.checks import Limits, check_rows, describe_age

SAMPLE = load_sample()
NOW = SAMPLE.fetched_at


def changed(venue, symbol, **values):
    table = SAMPLE.table.copy()
    row = (table["venue"] == venue) & (table["symbol"] == symbol)
    for column, value in values.items():
        table.loc[row, column] = value
    return table


def status(table, venue, symbol, limits=Limits(), now=NOW):
    checked = check_rows(table, limits, now)
    return checked.set_index(["venue", "symbol"]).loc[(venue, symbol), "status"]


def test_the_sample_is_all_ok():
    assert (check_rows(SAMPLE.table, Limits(), NOW)["status"] == "ok").all()


@pytest.mark.parametrize("venue, symbol, values, expected", [
    ("binance", "BTCUSDT", {"mark_price": 600.0}, "suspect: mark 600 is 99% from the reference 60,000 (limit 5%)"),
    ("binance", "BTCUSDT", {"mark_price": 1e-9}, "suspect: mark 1e-09 is 100% from the reference 60,000 (limit 5%)"),
    ("binance", "BTCUSDT", {"index_price": 6e6},
     "suspect: index 6,000,000 is 9900% from the reference 60,000 (limit 5%)"),
    ("binance", "BTCUSDT", {"mark_price": 63_100.0},
     "suspect: mark 63,100 is 5% from the reference 60,000 (limit 5%)"),
    ("binance", "ETHUSDT", {"mark_price": 60_000.0, "index_price": 60_000.0},  # the BTC row filed as ETH
     "suspect: mark 60,000 is 1900% from the reference 3,000 (limit 5%)"),
    ("okx", "BTC-USDT-SWAP", {"funding_rate": 5.0}, "suspect: funding rate +500% per interval, beyond ±3.00%"),
    ("okx", "BTC-USDT-SWAP", {"funding_rate": -0.031}, "suspect: funding rate -3.1% per interval, beyond ±3.00%"),
    ("bybit", "BTCUSDT", {"funding_interval_h": 0.0}, "suspect: funding interval 0 h outside 1–24 h"),
    ("bybit", "BTCUSDT", {"funding_interval_h": -8.0}, "suspect: funding interval -8 h outside 1–24 h"),
    ("coingecko", "bitcoin", {"last_price": 6_000.0}, "suspect: price 6,000 is 90% from the reference 60,000 (limit 5%)"),
])
def test_an_absurd_value_makes_its_row_suspect(venue, symbol, values, expected):
    assert status(changed(venue, symbol, **values), venue, symbol) == expected


def test_within_the_limits_nothing_is_said():
    assert status(changed("binance", "BTCUSDT", mark_price=62_900.0), "binance", "BTCUSDT") == "ok"
    assert status(changed("okx", "BTC-USDT-SWAP", funding_rate=0.0299), "okx", "BTC-USDT-SWAP") == "ok"


def test_a_dated_future_may_sit_its_basis_away():
    """73 days to expiry: 5 % + 50 %/year × 0.2 year = 15 % allowed; the sample's 2 % basis passes, 20 % does not."""
    assert status(SAMPLE.table, "binance", "BTCUSDT_250328") == "ok"
    table = changed("binance", "BTCUSDT_250328", mark_price=72_000.0)
    assert status(table, "binance", "BTCUSDT_250328").startswith("suspect: mark 72,000 is 20% from the reference")


@pytest.mark.parametrize("hours, expected", [(0.5, "ok"), (3, "stale: data is 3 h old"),
                                             (24 * 9, "error: data is 9 days old (limit 7 days)")])
def test_age(hours, expected):
    assert status(SAMPLE.table, "bybit", "BTCUSDT", now=NOW + dt.timedelta(hours=hours)) == expected


def test_a_row_of_unknown_age_is_stale_and_a_kept_row_keeps_its_reason():
    table = changed("bybit", "BTCUSDT", updated_at=pd.NaT)
    table.loc[table["venue"] == "okx", "status"] = "stale: server error (HTTP 503)"
    checked = check_rows(table, Limits(), NOW).set_index(["venue", "symbol"])["status"]
    assert checked[("bybit", "BTCUSDT")] == "stale: data is of unknown age"
    assert checked[("okx", "BTC-USDT-SWAP")] == "stale: server error (HTTP 503)"


def test_a_suspect_reference_source_does_not_vouch_for_itself():
    """Two of three independent prices say 60 000: the third, 6 million, is the one flagged."""
    table = changed("coingecko", "bitcoin", last_price=6e6)
    checked = check_rows(table, Limits(), NOW).set_index(["venue", "symbol"])["status"]
    assert checked[("coingecko", "bitcoin")].startswith("suspect: price 6,000,000")
    assert checked[("binance", "BTCUSDT")] == "ok"


def test_limits_come_from_the_caller_and_bad_ones_are_refused():
    table = changed("binance", "BTCUSDT", mark_price=61_800.0)  # 3 % off
    assert status(table, "binance", "BTCUSDT", Limits(price_deviation=0.02)).startswith("suspect: mark 61,800 is 3%")
    with pytest.raises(ValueError, match="price_deviation must be > 0, got 0"):
        Limits(price_deviation=0)
    with pytest.raises(ValueError, match="max_age_s"):
        Limits(stale_after_s=10, max_age_s=5)


@pytest.mark.parametrize("seconds, text", [(60, "1 min"), (3 * 3600, "3 h"), (9 * 86_400, "9 days")])
def test_describe_age(seconds, text):
    assert describe_age(seconds) == text
