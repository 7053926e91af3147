"""Each hedge's daily history: funding summed by UTC day with its hours, closes by day, the previous history
kept where the store has none, and Carry's figures from it, checked by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from hedgebook.app.daily_history import (
    HISTORY_DAYS,
    SAMPLE_HISTORY_LABEL,
    DailyHistory,
    HistoryRefresh,
    carry_figures,
    daily_history,
    histories_for,
    refresh_history,
    sample_history,
    with_previous,
)
from hedgebook.app.hedges import Hedge
from hedgebook.app.inputs import HoldingInput
from hedgebook.market.history_fetch import HistoryUpdate, SeriesUpdate
from hedgebook.market.history_store import CLOSE, FUNDING, HistoryStore, Point

H = 3_600_000
D = 24 * H
END = dt.date(2025, 1, 13)
FIRST = dt.date(2025, 1, 11)  # three days
FIRST_MS = int(dt.datetime(2025, 1, 11, tzinfo=dt.timezone.utc).timestamp() * 1000)

BTC = HoldingInput("BTC", 1.0, venue="binance", target_weight=0.5)
HEDGE = Hedge(symbol="BTCUSDT", price=60_000.0, spot_price=60_000.0, funding_rate=0.0001, interval_h=8.0,
              dated_symbol="BTCUSDT_250328", dated_price=61_000.0)


def source(series):
    def points(venue, symbol, field, since_ms):
        return [p for p in series.get((venue, symbol, field), []) if p.time_ms >= since_ms]

    return points


def test_funding_is_summed_by_utc_day_with_the_hours_it_covers():
    funding = [Point(FIRST_MS + 0 * H, 0.0001, 8.0), Point(FIRST_MS + 8 * H, 0.0002, 8.0),
               Point(FIRST_MS + 16 * H, 0.0003, 8.0),  # day 1: 0.06 % over 24 h
               Point(FIRST_MS + D + 4 * H, -0.0001, 4.0)]  # day 2: one settlement of 4 h; day 3: none
    (item,) = daily_history(source({("binance", "BTCUSDT", FUNDING): funding}), [BTC], [HEDGE], END, days=3)
    assert item.first_day == FIRST and item.days == [FIRST, FIRST + dt.timedelta(1), END]
    assert item.funding[0] == pytest.approx(0.0006) and item.funding_hours[0] == 24.0
    assert (item.funding[1], item.funding_hours[1]) == (-0.0001, 4.0)
    assert math.isnan(item.funding[2]) and math.isnan(item.funding_hours[2])


def test_a_funding_record_without_its_interval_takes_the_quotes():
    funding = [Point(FIRST_MS + 8 * H, 0.0001)]
    (item,) = daily_history(source({("binance", "BTCUSDT", FUNDING): funding}), [BTC], [HEDGE], END, days=3)
    assert item.funding_hours[0] == 8.0


def test_closes_are_placed_on_their_day_and_missing_days_are_blank():
    series = {("binance_spot", "BTCUSDT", CLOSE): [Point(FIRST_MS, 100.0), Point(FIRST_MS + 2 * D, 102.0)],
              ("binance", "BTCUSDT", CLOSE): [Point(FIRST_MS + D, 101.5)],
              ("binance", "BTCUSDT_250328", CLOSE): [Point(FIRST_MS + 2 * D, 103.0)],
              ("binance", "BTCUSDT", CLOSE, "too old"): [Point(FIRST_MS - D, 1.0)]}
    (item,) = daily_history(source(series), [BTC], [HEDGE], END, days=3)
    assert item.spot_close[0] == 100.0 and math.isnan(item.spot_close[1]) and item.spot_close[2] == 102.0
    assert math.isnan(item.hedge_close[0]) and item.hedge_close[1] == 101.5
    assert item.dated_close[2] == 103.0


def test_an_unhedged_holding_has_no_history():
    cash = HoldingInput("USD", 1000.0)
    assert daily_history(source({}), [cash], [Hedge()], END) == [None]


def history(**columns) -> DailyHistory:
    days = len(next(iter(columns.values())))
    blank = tuple([math.nan] * days)
    values = {name: tuple(columns.get(name, blank)) for name in
              ("spot_close", "hedge_close", "funding", "funding_hours", "dated_close")}
    return DailyHistory("BTC", "binance", "BTCUSDT", "BTCUSDT_250328", FIRST, **values)


def test_carrys_figures_from_a_history_built_to_known_answers():
    hedge = [100.0, 101.0, 100.0, 102.0]
    item = history(spot_close=[100.0 * (h / 100.0) ** 2 for h in hedge], hedge_close=hedge,
                   funding=[0.0003, 0.0003, 0.0001, 0.0001], funding_hours=[24.0] * 4,
                   dated_close=[101.0, 102.0, 101.0, 102.0])
    figures = carry_figures(item, -10_000.0, 30.0)
    assert figures.hedge_ratio == pytest.approx(2.0) and figures.effectiveness == pytest.approx(1.0)
    # 0.08 % over 96 h → 0.0008 / 96 × 8760 = 7.3 % a year
    assert figures.apr_all == pytest.approx(0.0008 / 96 * 8760)
    # a 10 000 short over 30 days at 0.02 % a day receives 60, give or take 10 000 × s.d. × √30
    spread = 10_000 * 0.00011547005383792516 * math.sqrt(30)
    assert figures.funding_expected == pytest.approx(-60.0)
    assert (figures.funding_low, figures.funding_high) == (pytest.approx(-60.0 - spread), pytest.approx(-60.0 + spread))
    assert figures.apr_recent == figures.apr_all  # four days: all within the last 30


def test_no_history_no_figures():
    assert math.isnan(carry_figures(None, -10_000.0, 30.0).hedge_ratio)


def test_the_rows_of_a_block_give_each_days_funding_apr():
    item = history(spot_close=[100.0, 101.0], funding=[0.0003, math.nan], funding_hours=[24.0, math.nan])
    rows = history_rows_of(item)
    assert rows[0][7] == pytest.approx(0.0003 * 365) and math.isnan(rows[1][7])  # the last column


def history_rows_of(item):
    from hedgebook.excel.sheets.history import history_rows

    return history_rows(item)


def test_a_series_the_store_has_none_of_keeps_the_previous_days_aligned():
    previous = history(spot_close=[1.0, 2.0, 3.0], hedge_close=[10.0, 20.0, 30.0])
    later = DailyHistory("BTC", "binance", "BTCUSDT", "BTCUSDT_250328", FIRST + dt.timedelta(1),
                         spot_close=(2.5, 3.5, 4.5), hedge_close=(math.nan,) * 3, funding=(math.nan,) * 3,
                         funding_hours=(math.nan,) * 3, dated_close=(math.nan,) * 3)
    (kept,) = with_previous([later], [previous])
    assert kept.spot_close == (2.5, 3.5, 4.5)  # the store's own wins
    assert kept.hedge_close[:2] == (20.0, 30.0) and math.isnan(kept.hedge_close[2])  # shifted a day
    assert "kept from the previous refresh" in kept.note


def test_the_previous_history_of_each_hedge_is_found_by_asset_venue_and_contract():
    previous = history(spot_close=[1.0])
    eth = HoldingInput("ETH", 1.0, venue="binance")
    assert histories_for([BTC, eth], [HEDGE, Hedge(symbol="ETHUSDT")], [previous]) == [previous, None]


def test_the_sample_history_is_made_up_labelled_and_the_same_on_every_build():
    first = sample_history([BTC], [HEDGE], END)
    again = sample_history([BTC], [HEDGE], END)
    assert first == again and first[0].note == SAMPLE_HISTORY_LABEL
    (item,) = first
    assert len(item.days) == HISTORY_DAYS and item.days[-1] == END
    assert item.spot_close[-1] == 60_000.0  # it ends at the sample's price
    assert all(hours == 24.0 for hours in item.funding_hours)


def test_refresh_history_updates_the_store_then_reads_it_and_says_what_failed(tmp_path):
    import pandas as pd

    market = pd.DataFrame([
        {"venue": "binance", "symbol": "BTCUSDT", "base": "BTC", "kind": "perp", "settle": "linear"},
        {"venue": "binance", "symbol": "BTCUSDT_250328", "base": "BTC", "kind": "dated", "settle": "linear"},
        {"venue": "binance_spot", "symbol": "BTCUSDT", "base": "BTC", "kind": "spot", "settle": ""},
        {"venue": "bybit", "symbol": "BTCUSDT", "base": "BTC", "kind": "perp", "settle": "linear"},
    ])
    asked = []

    def update(rows, store, **kwargs):
        asked.extend((row["venue"], row["symbol"]) for row in rows)
        store.write("binance", "BTCUSDT", CLOSE, [Point(FIRST_MS + 2 * D, 60_100.0)])
        store.mark_failed("binance", "BTCUSDT", FUNDING, "timed out")
        return HistoryUpdate([SeriesUpdate("binance", "BTCUSDT", CLOSE, 1, 1),
                              SeriesUpdate("binance", "BTCUSDT", FUNDING, 1, error="timed out")])

    with HistoryStore(tmp_path / "h.sqlite") as store:
        result = refresh_history(store, [BTC], [HEDGE], market, dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc),
                                 update=update)
    assert isinstance(result, HistoryRefresh)
    assert sorted(asked) == [("binance", "BTCUSDT"), ("binance", "BTCUSDT_250328"), ("binance_spot", "BTCUSDT")]
    assert result.warnings == ["history: binance BTCUSDT funding_rate not updated (timed out)"]
    (item,) = result.histories
    assert item.days[-1] == END and item.hedge_close[-1] == 60_100.0
    assert item.note == "missing: BTCUSDT funding_rate could not be read"


def test_open_interest_against_price_reads_as_the_guide_says():
    from hedgebook.core.history import positioning_reading
    from hedgebook.excel.rows import positioning_rows

    days = 31
    spot = [100.0] * (days - 8) + [100.0] * 7 + [110.0]  # +10 % over 7 days, +10 % over 30
    interest = [1000.0] * (days - 8) + [1200.0] * 7 + [1100.0]  # −8.3 % over 7 days, +10 % over 30
    blank = (math.nan,) * days
    item = DailyHistory("BTC", "binance", "BTCUSDT", "", FIRST, tuple(spot), blank, blank, blank, blank,
                        open_interest=tuple(interest))

    class Book:
        histories = [item, None]
        hedges = [Hedge(symbol="BTCUSDT"), Hedge()]

    (row,) = positioning_rows(Book())
    assert row[:3] == ["BTC", "binance", "BTCUSDT"]
    assert row[3] == pytest.approx(1100 / 1200 - 1) and row[4] == pytest.approx(0.1)
    assert row[5] == "shorts covering (falling open interest, rising price)"
    assert row[6] == pytest.approx(0.1) and row[7] == pytest.approx(0.1)
    assert row[8] == "new longs (rising open interest and price)"
    assert positioning_reading(0.05, -0.03) == "new shorts (rising open interest, falling price)"
    assert positioning_reading(-0.05, -0.03) == "longs closing (falling open interest and price)"
    assert positioning_reading(0.005, -0.003) == "little change"
    assert positioning_reading(math.nan, 0.1) == ""


def test_the_cftc_change_over_the_weeks_loaded():
    import pandas as pd

    from hedgebook.excel.rows import cot_change_rows

    cot = pd.DataFrame({
        "report_date": pd.to_datetime(["2025-01-14", "2025-01-07", "2024-12-31"]), "market": ["CME Bitcoin"] * 3,
        "open_interest": [30_000, 29_000, 28_500], "leveraged_funds_net": [-10_000, -9_000, -8_000],
        "asset_manager_net": [7_000, 6_500, 6_000], "dealer_net": [100, 0, -100]})
    assert cot_change_rows(cot) == [["CME Bitcoin", 3, pd.Timestamp("2024-12-31"), pd.Timestamp("2025-01-14"),
                                     1_500, -2_000, 1_000, 200]]
    assert cot_change_rows(None) == []


def test_a_cross_hedges_open_interest_is_read_against_its_contracts_price():
    """Issue 21 D1: SOL cross-hedged with ETHUSDT; ETHUSDT's open interest rose 10 % while ETH fell 10 % and SOL rose
    10 %: new shorts in ETHUSDT, not new longs."""
    from hedgebook.excel.rows import positioning_rows

    days = 31
    sol = [100.0] * (days - 1) + [110.0]
    eth = [3_000.0] * (days - 1) + [2_700.0]
    interest = [1000.0] * (days - 1) + [1100.0]
    blank = (math.nan,) * days
    item = DailyHistory("SOL", "binance", "ETHUSDT", "", FIRST, tuple(sol), tuple(eth), blank, blank, blank,
                        open_interest=tuple(interest))

    class Book:
        histories = [item]
        hedges = [Hedge(symbol="ETHUSDT", cross_asset="ETH")]

    (row,) = positioning_rows(Book())
    assert row[4] == pytest.approx(-0.1)
    assert row[5] == "new shorts (rising open interest, falling price)"
