"""OKX v5: swaps and dated futures, linear and inverse; contract values; intervals from funding times."""

import math

import pytest

from hedgebook.market.errors import VenueErrorCode

from . import read_recorded
from .bodies.okx import ROUTES
from .clock import NEXT_TS, QUARTER_TS


def test_swaps_and_futures():
    t, _, asked = read_recorded("okx")
    linear = t.loc["BTC-USDT-SWAP"]
    assert (linear.base, linear.quote, linear.settle) == ("BTC", "USDT", "linear")
    assert (linear.contract_size, linear.lot_size, linear.min_qty) == (0.01, 0.01, 0.01)  # 0.01 BTC per contract
    assert (linear.last_price, linear.mark_price, linear.index_price) == (60010.1, 60000.0, 59995.0)
    assert linear.funding_rate == 0.0001 and linear.funding_interval_h == 8
    assert linear.next_funding_time == NEXT_TS
    assert (linear.open_interest, linear.open_interest_usd) == (25_000, 1_500_000_000)
    inverse = t.loc["BTC-USD-SWAP"]
    assert (inverse.settle, inverse.contract_size, inverse.index_price) == ("inverse", 100, 59990.0)
    eth = t.loc["ETH-USDT-SWAP"]
    assert eth.funding_interval_h == 4 and eth.funding_rate == -0.00002  # interval from the two funding times
    dated = t.loc["BTC-USD-250328"]
    assert (dated.kind, dated.expiry, dated.mark_price) == ("dated", QUARTER_TS, 61200.0)
    assert math.isnan(dated.funding_rate)
    assert len(asked.asked) == 4 * 2 + 1 + 3
    assert sum(r.cached for r in asked.asked) == 2  # the instrument lists


def test_code_error_in_a_200_answer():
    error = {"code": "51001", "msg": "Instrument ID does not exist", "data": []}
    with pytest.raises(VenueErrorCode, match="error 51001 from funding-rate: Instrument ID does not exist"):
        read_recorded("okx", overrides={"/api/v5/public/funding-rate": error})


def test_isolated_margin_tiers_of_the_named_assets_swaps_one_request_per_family():
    """BTC-USDT-SWAP: 500 contracts of 0.01 BTC at a mark of 60 000 = 300 000 USD; BTC-USD-SWAP: 1 000 × 100 USD."""
    without_eth = [r for r in ROUTES if r.query.get("instFamily") != "ETH-USDT"]
    _, result, asked = read_recorded("okx", ["BTC", "ETH"], routes=without_eth)
    rows = {row["symbol"]: row for row in result.rows}
    linear = rows["BTC-USDT-SWAP"]["tiers"]
    assert linear.caps == pytest.approx((300_000, 600_000)) and linear.rates == (0.004, 0.005)
    assert linear.leverages == (125, 100) and linear.source.startswith("okx position-tiers")
    assert rows["BTC-USD-SWAP"]["tiers"].caps == (100_000,)
    assert rows["ETH-USDT-SWAP"].get("tiers") is None  # its request failed: the Settings rate, and a warning
    assert any("okx: margin tiers of ETH-USDT missing" in w for w in result.warnings)
    families = sorted(r.params["instFamily"] for r in asked.asked if r.path == "/api/v5/public/position-tiers")
    assert families == ["BTC-USD", "BTC-USDT", "ETH-USDT"]
