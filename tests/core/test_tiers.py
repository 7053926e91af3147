"""Tiered maintenance margin, checked by hand on Binance's BTCUSDT tiers of 2021-03-18."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import liquidation_price, maintenance_amounts, maintenance_tier, margin, tier_max_leverage
from hedgebook.core.margin import liquidation_tier

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


def test_the_tier_is_the_one_of_the_notional_at_the_liquidation_price():
    """Issue 21 A5: an 8 M USD short at 60 000 with 8 M / 3 of margin.  At entry it is in tier 4 (2.5 %, 16 300):
    (2 666 666.67 + 16 300 + 8 000 000) / (133.33 × 1.025) = 78 168.  But at 78 168 it is 10.42 M, in tier 5
    (5 %, 266 300): (2 666 666.67 + 266 300 + 8 000 000) / (133.33 × 1.05) = 78 092.62, 10.41 M, in tier 5."""
    quantity, collateral = -8_000_000 / 60_000, 8_000_000 / 3
    at_entry = liquidation_price(60_000, quantity, collateral, 0.025, 16_300)
    assert at_entry == pytest.approx(10_682_966.67 / (133.3333 * 1.025), rel=1e-6)
    assert round(at_entry) == 78_168
    tiered = liquidation_price(60_000, quantity, collateral, tier_caps=CAPS, tier_rates=RATES)
    assert tiered == pytest.approx((collateral + 266_300 + 8_000_000) / (-quantity * 1.05), abs=0.01)
    assert round(tiered) == 78_093 and tiered < at_entry  # the rule is never on the unsafe side for a short
    assert liquidation_tier(60_000, quantity, collateral, CAPS, RATES) == pytest.approx((0.05, 266_300))


def test_a_long_falls_into_a_lower_tier_at_its_liquidation_price():
    # 12 M long at 60 000 with 4 M (3×): tier 5 at entry; tier 4 (2.5 %, 16 300) gives
    # (4 000 000 + 16 300 − 12 000 000) / (200 × 0.025 − 200) = 40 955.38, 8.19 M: inside tier 4
    price = liquidation_price(60_000, 200, 4_000_000, tier_caps=CAPS, tier_rates=RATES)
    assert price == pytest.approx((4_000_000 + 16_300 - 12_000_000) / (200 * 0.025 - 200), abs=0.01)
    assert 1_000_000 < 200 * price <= 10_000_000


def test_no_tier_above_the_last_cap_at_the_liquidation_price():
    # a 45 M short at 60 000 with 4.5 M is liquidated at (4 500 000 + 1 266 300 + 45 000 000) / (750 × 1.1)
    # = 61 535.52, 46.2 M: tier 6; with 27 M it would pass the last cap (50 M) first: no tier, no price
    assert liquidation_price(60_000, -750, 4_500_000, tier_caps=CAPS, tier_rates=RATES) == \
        pytest.approx(50_766_300 / 825, abs=0.01)
    assert math.isnan(liquidation_price(60_000, -750, 27_000_000, tier_caps=CAPS, tier_rates=RATES))


def test_a_long_covered_in_full_cannot_be_liquidated_with_tiers():
    assert liquidation_price(60_000, 1, 60_000, tier_caps=CAPS, tier_rates=RATES) == 0


@given(st.floats(1_000, 200_000), st.floats(-2_000, 2_000).filter(lambda q: abs(q) > 1e-3), st.floats(1.2, 100))
def test_the_chosen_tier_holds_the_notional_at_the_price_it_gives(entry, quantity, leverage):
    collateral = abs(quantity) * entry / leverage
    price = liquidation_price(entry, quantity, collateral, tier_caps=CAPS, tier_rates=RATES)
    if math.isnan(price):  # beyond the last cap before liquidation
        assert abs(quantity) * entry * (1 + 1 / leverage) > CAPS[-1] * 0.9
        return
    assert price > 0
    rate, amount = maintenance_tier(abs(quantity) * price, CAPS, RATES)
    # at that price the position's equity equals its maintenance margin in the tier of its notional there
    equity = collateral + quantity * (price - entry)
    assert equity == pytest.approx(abs(quantity) * price * rate - amount, rel=1e-6, abs=1e-6 * collateral)
    if quantity < 0:  # any tier's margin is at least the lowest rate's: a short is liquidated no higher than by it
        assert price <= liquidation_price(entry, quantity, collateral, RATES[0]) * (1 + 1e-9)


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
