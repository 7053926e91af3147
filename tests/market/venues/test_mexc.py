"""MEXC perpetual contracts: sizes in contracts, the funding schedule per symbol, success/code errors."""

import math

import pytest

from hedgebook.market.errors import VenueErrorCode

from . import read_recorded
from .bodies.mexc import ERROR_BODY
from .clock import NEXT_TS


def test_contracts_with_the_funding_schedule_per_symbol():
    t, _, asked = read_recorded("mexc", ["BTC", "ETH"])
    btc = t.loc["BTC_USDT"]
    assert (btc.mark_price, btc.index_price, btc.funding_rate) == (60000.0, 59990.0, 0.0001)
    assert (btc.funding_interval_h, btc.next_funding_time) == (8, NEXT_TS)
    assert (btc.contract_size, btc.lot_size, btc.min_qty) == (0.0001, 1, 1)  # minVol: one contract
    assert btc.open_interest == pytest.approx(10_000)  # 100 000 000 contracts × 0.0001 BTC
    assert t.loc["ETH_USDT"].funding_interval_h == 4
    assert len(asked.asked) == 2 + 2


def test_without_assets_it_warns_that_intervals_are_per_symbol():
    t, result, asked = read_recorded("mexc")
    assert any("served per symbol" in note for note in result.warnings)
    assert math.isnan(t.loc["BTC_USDT"].funding_interval_h) and math.isnan(t.loc["BTC_USDT"].funding_apr)
    assert len(asked.asked) == 2


def test_success_false_is_an_error_code():
    with pytest.raises(VenueErrorCode, match="error 510 from contract/ticker: Requests are too frequent"):
        read_recorded("mexc", overrides={"/api/v1/contract/ticker": ERROR_BODY})


def test_margin_tiers_from_the_contract_details_steps():
    """150 000 contracts of 0.0001 BTC at a fair price of 60 000 = 900 000 USD a tier; 0.4 % more maintenance and
    0.4 % more initial margin each (0.8 % → 125×, 1.2 % → 83.3×, ...)."""
    _, result, _ = read_recorded("mexc", ["BTC", "ETH"])
    rows = {row["symbol"]: row for row in result.rows}
    tiers = rows["BTC_USDT"]["tiers"]
    assert tiers.caps == pytest.approx((900_000, 1_800_000, 2_700_000, 3_600_000, 4_500_000))
    assert tiers.rates == pytest.approx((0.004, 0.008, 0.012, 0.016, 0.020))
    assert tiers.leverages == pytest.approx((125, 1 / 0.012, 62.5, 50, 1 / 0.024))
    assert tiers.source.startswith("mexc contract detail, ")
    assert rows["ETH_USDT"]["tiers"] is None  # no steps given: the Settings rate is used
