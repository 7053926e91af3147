"""No absurd order from any input (issue 21 B1–B3): a β out of range or a weak fit, a position typed in the wrong
unit, an order many times the portfolio: each is withheld with its reason, and the rest of the plan goes on.

The market, by hand: the worked example (BTC 65 000 at 60 000, ETH 35 000 at 3 000, 50/50 on Binance), a portfolio
of 100 000.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from hedgebook.app.daily_history import DailyHistory
from hedgebook.app.inputs import InputError, PlanInputs, PositionInput, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.app.typed_rows import settings_from_values
from hedgebook.market import load_sample
from tests.app.worked import SAMPLE_TIME, WORKED

FIRST = dt.date(2025, 1, 9)
BTC_SPOT = (60_000.0, 60_600.0, 59_400.0, 61_200.0, 60_000.0)


def btc_history(hedge_closes, spot_closes=BTC_SPOT, asset="BTC", symbol="BTCUSDT") -> DailyHistory:
    blank = tuple([math.nan] * len(spot_closes))
    return DailyHistory(asset, "binance", symbol, "", FIRST, tuple(spot_closes), tuple(hedge_closes), blank, blank,
                        blank)


ETH_BETA_1 = btc_history(BTC_SPOT, BTC_SPOT, "ETH", "ETHUSDT")
"""ETH's hedge moving as its coins: β = 1, R² = 1."""


def near_constant(power: float):
    """Hedge closes whose daily log returns are exactly 1/``power`` of spot's: β = ``power``, R² = 1."""
    return tuple(60_000.0 * (close / 60_000.0) ** (1.0 / power) for close in BTC_SPOT)


def plan(*, histories=(), positions=(), holdings=WORKED, **settings):
    inputs = PlanInputs(tuple(holdings), Settings(as_of=SAMPLE_TIME, **settings), tuple(positions))
    return plan_from_market(inputs, load_sample().table, SAMPLE_TIME, histories=histories)


def test_a_beta_of_100_from_a_near_constant_futures_history_is_withheld():
    """Before: β 100, "sell 24.998 BTC" on a 100 000 portfolio, status ok."""
    book = plan(histories=[btc_history(near_constant(100.0)), ETH_BETA_1], hedge_sizing="beta")
    assert book.sizings[0].measured == pytest.approx(100.0)
    assert book.order_status[0] == (
        "withheld: Hedge sizing is beta, and BTCUSDT's β against BTC is 100.000, outside Settings' 0.25 to 4: an order "
        "sized by it would be 100 × the gap; check the History sheet, or change β lowest / β highest")
    assert book.rebalance.contracts[0] == 0 and book.sides[0] == "withheld"
    assert book.rebalance.contracts[1] == 5.0  # ETH's order is the worked example's


def test_a_beta_inside_the_range_still_sizes_the_order():
    book = plan(histories=[btc_history(near_constant(2.0))], hedge_sizing="beta")
    # BTC's gap of −15 000 of exposure takes 2 × 15 000 = 30 000 of futures: 0.5 BTC
    assert book.order_status[0] == "ok" and book.rebalance.contracts[0] == pytest.approx(-0.5)


@pytest.mark.parametrize("beta_max, status", [(1.9, "withheld"), (2.1, "ok")])
def test_the_range_is_the_settings(beta_max, status):
    book = plan(histories=[btc_history(near_constant(2.0))], hedge_sizing="beta", beta_max=beta_max)
    assert book.order_status[0].split(":")[0] == status


def test_a_weak_fit_is_withheld():
    """Daily log returns of the hedge r = (1, −1, 1, −1) % and of the coins s = (1, 1, 1, −3) %, both of mean 0:
    β = Σrs / Σr² = (1 − 1 + 1 + 3) / 4 = 1; R² = (Σrs)² / (Σr² Σs²) = 16 / (4 × 12) = 1/3."""
    hedge, spot = [60_000.0], [60_000.0]
    for step_hedge, step_spot in zip((0.01, -0.01, 0.01, -0.01), (0.01, 0.01, 0.01, -0.03)):
        hedge.append(hedge[-1] * math.exp(step_hedge))
        spot.append(spot[-1] * math.exp(step_spot))
    book = plan(histories=[btc_history(hedge, spot)], hedge_sizing="beta")
    fit = book.sizings[0]
    assert fit.measured == pytest.approx(1.0) and fit.effectiveness == pytest.approx(1 / 3)
    assert book.order_status[0] == "ok"
    book = plan(histories=[btc_history(hedge, spot)], hedge_sizing="beta", min_effectiveness=0.4)
    assert book.order_status[0] == (
        "withheld: Hedge sizing is beta, and BTCUSDT explained only 33% of BTC's daily moves (R²), below Settings' R² "
        "lowest of 40%: its β cannot be trusted")
    assert book.rebalance.contracts[0] == 0


def test_usd_typed_as_contracts_is_withheld():
    """Before: −15 000 typed as contracts gave "buy 14 999.8 BTC", ok."""
    typo = PositionInput("binance", "BTCUSDT", -15_000.0, row=5)
    book = plan(positions=[typo])
    assert book.order_status[0] == (
        "withheld: Positions row 5 (binance BTCUSDT): -15000 contracts are -900,000,000 USD, 9,000 × the portfolio's "
        "value (100,000): did you type USD as contracts? Type the venue's contracts, or raise Settings' Size check")
    assert book.rebalance.contracts[0] == 0 and book.sides[0] == "withheld"
    assert book.rebalance.contracts[1] == 5.0


def test_an_absurd_number_of_contracts_gives_no_order():
    """Before: 1e300 contracts gave an order of −1e300."""
    book = plan(positions=[PositionInput("binance", "BTCUSDT", 1e300, row=5)])
    assert book.order_status[0].startswith("withheld: Positions row 5 (binance BTCUSDT)")
    assert book.rebalance.contracts[0] == 0 and math.isfinite(book.rebalance.trade_notionals[0])


def test_a_position_within_the_limit_is_used():
    # 5 × 100 000 = 500 000: a short of 8 BTC (480 000) is taken as typed
    book = plan(positions=[PositionInput("binance", "BTCUSDT", -8.0, row=5)])
    assert book.order_status[0] == "ok" and book.rebalance.futures_notionals[0] == pytest.approx(-480_000)


def test_an_order_above_the_limit_is_withheld():
    # two shorts of 6.5 BTC, each 390 000 (within 5 × 100 000): exposure 65 000 − 780 000 = −715 000, and the
    # order to 50 % buys 50 000 + 715 000 = 765 000, 7.65 × the portfolio
    shorts = [PositionInput("binance", "BTCUSDT", -6.5, row=5), PositionInput("binance", "BTCUSDT", -6.5, row=6)]
    book = plan(positions=shorts)
    assert book.order_status[0] == (
        "withheld: the order would be 765,000 USD, 7.7 × the portfolio's value (100,000), above Settings' Size check "
        "of 5 ×: check the target and the positions")
    assert book.rebalance.contracts[0] == 0 and book.rebalance.contracts[1] == 5.0
    assert plan(positions=shorts, size_limit=10.0).order_status[0] == "ok"


def test_the_new_settings_are_read_and_checked():
    settings = settings_from_values([None] * 15 + [0.5, 3, 0.25, 2], first_row=4)
    assert (settings.beta_min, settings.beta_max, settings.min_effectiveness, settings.size_limit) == (0.5, 3, 0.25, 2)
    defaults = settings_from_values([None] * 19, first_row=4)
    assert (defaults.beta_min, defaults.beta_max, defaults.min_effectiveness, defaults.size_limit) == (0.25, 4, 0.3, 5)
    with pytest.raises(InputError, match=r"Settings row 20, β highest: must be more than β lowest \(0.5\), got 0.4"):
        settings_from_values([None] * 15 + [0.5, 0.4], first_row=4)
    with pytest.raises(InputError, match=r"Settings row 21, R² lowest: must be from 0 to 1"):
        settings_from_values([None] * 17 + [30], first_row=4)
    with pytest.raises(InputError, match=r"Settings row 22, Size check: must be more than 0, got 0"):
        settings_from_values([None] * 18 + [0], first_row=4)
