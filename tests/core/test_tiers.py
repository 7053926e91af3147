"""Tiered maintenance margin, checked by hand on Binance's BTCUSDT tiers of 2021-03-18."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import liquidation_price, maintenance_amounts, maintenance_tier, margin, tier_max_leverage

CAPS = [50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000]
RATES = [0.004, 0.005, 0.01, 0.025, 0.05, 0.10]
LEVERAGES = [125, 100, 50, 20, 10, 5]


def test_amounts_make_the_margin_continuous_by_hand():
    # 0; 50 000 × 0.001 = 50; 50 + 250 000 × 0.005 = 1 300; 1 300 + 1 000 000 × 0.015 = 16 300;
    # 16 300 + 10 000 000 × 0.025 = 266 300; 266 300 + 20 000 000 × 0.05 = 1 266 300
    assert maintenance_amounts(CAPS, RATES).tolist() == pytest.approx([0, 50, 1_300, 16_300, 266_300, 1_266_300])


@pytest.mark.parametrize("notional, rate, amount", [
    (0, 0.004, 0), (20_000, 0.004, 0), (50_000, 0.004, 0), (50_001, 0.005, 50), (-15_000_000, 0.05, 266_300),
    (50_000_000, 0.10, 1_266_300),
])
def test_the_tier_of_a_position(notional, rate, amount):
    assert maintenance_tier(notional, CAPS, RATES) == pytest.approx((rate, amount))


def test_a_position_above_the_last_tier_has_no_tier():
    rate, amount = maintenance_tier(60_000_000, CAPS, RATES)
    assert math.isnan(rate) and math.isnan(amount)
    assert math.isnan(margin(60_000_000, 3, CAPS, LEVERAGES))


def test_the_15_million_short_liquidates_lower_than_with_one_flat_rate():
    """Issue 10: 250 BTC short at 60 000, 5 M USD of collateral (3×).  Flat 0.4 %: 20 000 000 / (250 × 1.004)."""
    flat = liquidation_price(60_000, -250, 5_000_000, 0.004)
    tiered = liquidation_price(60_000, -250, 5_000_000, tier_caps=CAPS, tier_rates=RATES)
    assert flat == pytest.approx(20_000_000 / (250 * 1.004), abs=0.01) == pytest.approx(79_681.27, abs=0.01)
    assert tiered == pytest.approx(20_266_300 / 262.5, abs=0.01) == pytest.approx(77_204.95, abs=0.01)


def test_a_small_position_is_unchanged_by_the_tiers():
    assert liquidation_price(60_000, -0.25, 5_000, tier_caps=CAPS, tier_rates=RATES) == \
        pytest.approx(liquidation_price(60_000, -0.25, 5_000, 0.004))


def test_inverse_tiers_size_the_position_in_usd_and_the_amount_in_coin():
    # 2 000 contracts × 100 USD = 200 000 USD: tier 2 (0.5 %, 50 USD = 50 / 60 000 BTC at entry)
    tiered = liquidation_price(60_000, -2_000, 1.0, contract_size=100, tier_caps=CAPS, tier_rates=RATES)
    by_hand = liquidation_price(60_000, -2_000, 1.0, 0.005, 50 / 60_000, 100)
    assert tiered == pytest.approx(by_hand)


def test_margin_at_most_the_tiers_leverage():
    assert margin(-15_000_000, 20, CAPS, LEVERAGES) == pytest.approx(1_500_000)  # tier 5 allows 10×
    assert margin(-15_000, 3, CAPS, LEVERAGES) == 5_000  # 3× is allowed
    assert tier_max_leverage([10_000, 10_000_001], CAPS, LEVERAGES).tolist() == [125, 10]


@pytest.mark.parametrize("caps, rates, message", [
    ([], [], "tier_caps is empty"),
    ([100, 50], [0.01, 0.02], "must increase"),
    ([100, 200], [0.02, 0.01], "tier_rates must be >= 0 and < 1 and never fall"),
    ([100, 200], [0.01], "has 2 tiers and tier_rates 1"),
    ([0, 200], [0.01, 0.02], "tier_caps must be > 0"),
])
def test_bad_tiers_name_the_bad_value(caps, rates, message):
    with pytest.raises(ValueError, match=message):
        maintenance_tier(1_000, caps, rates)


def test_tiers_go_together():
    with pytest.raises(ValueError, match="go together"):
        liquidation_price(60_000, 1, 1_000, tier_caps=CAPS)


@given(st.floats(0, 50_000_000), st.floats(0, 50_000_000))
def test_maintenance_margin_is_continuous_and_never_falls_with_size(a, b):
    """Across every cap, |N| × rate − amount grows with the position and has no jump."""
    small, large = sorted((a, b))
    rate_s, amount_s = maintenance_tier(small, CAPS, RATES)
    rate_l, amount_l = maintenance_tier(large, CAPS, RATES)
    assert large * rate_l - amount_l >= small * rate_s - amount_s - 1e-6
    for cap in CAPS[:-1]:
        sizes = np.array([cap, np.nextafter(cap, np.inf)])
        rates, amounts = maintenance_tier(sizes, CAPS, RATES)
        margins = sizes * rates - amounts
        assert rates[1] > rates[0] and abs(margins[1] - margins[0]) < 1e-6
