"""One asset's move through the whole portfolio, hand-checked on the worked example."""

import dataclasses
import datetime as dt
import math

import pytest

from hedgebook.app.daily_history import DailyHistory
from hedgebook.app.scenarios import asset_scenarios, beta_to, exposures_by_asset
from hedgebook.excel.project import sample_plan


def _with_closes(plan, btc, eth):
    first = dt.date(2024, 12, 1)

    def block(asset, closes):
        n = len(closes)
        return DailyHistory(asset, "binance", f"{asset}USDT", "", first, tuple(closes), tuple(closes), (0.0,) * n,
                            (8.0,) * n, (math.nan,) * n)

    return dataclasses.replace(plan, histories=[block("BTC", btc), block("ETH", eth)])


def test_each_asset_alone_shows_what_the_spread_does():
    """BTC: 65 000 of coins, short 15 000 → 50 000 after (65 000 now); ETH: 35 000 + 15 000 long → 50 000 (35 000).
    Every coin −20 % nets the spread to nothing; one at a time it shows: BTC alone −10 000 after, −13 000 now;
    ETH alone −10 000 after, −7 000 now."""
    plan, _ = sample_plan()
    after, now = exposures_by_asset(plan)
    assert after == pytest.approx({"BTC": 50_000, "ETH": 50_000})
    assert now == pytest.approx({"BTC": 65_000, "ETH": 35_000})
    rows = {row.asset: row for row in asset_scenarios(plan)}
    assert (rows["BTC"].alone_after, rows["BTC"].alone_now) == pytest.approx((-10_000, -13_000))
    assert (rows["ETH"].alone_after, rows["ETH"].alone_now) == pytest.approx((-10_000, -7_000))


def test_a_move_led_by_one_asset_moves_the_others_by_their_beta():
    """ETH's daily moves are exactly twice BTC's (in log terms): β of ETH to BTC is 2, of BTC to ETH 0.5.
    BTC leads −20 %: after (50 000 + 2 × 50 000) × −0.2 = −30 000; now (65 000 + 2 × 35 000) × −0.2 = −27 000.
    ETH leads: after (0.5 × 50 000 + 50 000) × −0.2 = −15 000; now (0.5 × 65 000 + 35 000) × −0.2 = −13 500."""
    btc = [60_000.0, 61_000.0, 59_500.0, 60_500.0, 62_000.0]
    eth = [3_000.0 * (b / 60_000.0) ** 2 for b in btc]
    plan = _with_closes(sample_plan()[0], btc, eth)
    closes = {"BTC": dict(zip(range(5), btc)), "ETH": dict(zip(range(5), eth))}
    assert beta_to("ETH", "BTC", closes) == pytest.approx(2.0) and beta_to("BTC", "ETH", closes) == pytest.approx(0.5)
    rows = {row.asset: row for row in asset_scenarios(plan)}
    assert (rows["BTC"].led_after, rows["BTC"].led_now) == pytest.approx((-30_000, -27_000))
    assert (rows["ETH"].led_after, rows["ETH"].led_now) == pytest.approx((-15_000, -13_500))
    assert rows["BTC"].note == "" and rows["ETH"].note == ""


def test_without_common_history_the_led_move_is_blank_and_says_why():
    plan = dataclasses.replace(sample_plan()[0], histories=[None, None])
    rows = {row.asset: row for row in asset_scenarios(plan)}
    assert math.isnan(rows["BTC"].led_after) and rows["BTC"].note == "β to BTC unknown for ETH (no common history)"
    assert rows["BTC"].alone_after == pytest.approx(-10_000)  # alone needs no β
