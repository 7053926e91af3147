"""Every figure of a plan, from the worked example on the sample market (checked by hand in the README)."""

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest

from hedgebook.app.figures import compute_plan, plan_from_market
from hedgebook.app.inputs import HoldingInput, PlanInputs, Settings
from hedgebook.app.quotes import Quote
from hedgebook.market import load_sample

UTC = dt.timezone.utc
SAMPLE_TIME = dt.datetime(2025, 1, 14, 8, tzinfo=UTC)
WORKED = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, 0.0, "binance", 0.5),
          HoldingInput("ETH", 35_000 / 3_000, 1_500.0, 0.0, "binance", 0.5))


@pytest.fixture(scope="module")
def book():
    return plan_from_market(PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME)), load_sample().table, SAMPLE_TIME)


def test_the_worked_example(book):
    plan, costs = book.plan, book.costs
    assert plan.contracts.tolist() == [-0.25, 5.0]
    assert plan.trade_notionals.tolist() == pytest.approx([-15_000, 15_000])
    assert plan.portfolio_value == pytest.approx(100_000)
    assert costs.funding.tolist() == pytest.approx([-135, 135])  # the short receives at +0.01 %/8 h
    assert costs.margin.tolist() == pytest.approx([5_000, 5_000])  # 15 000 / 3
    assert costs.spot_cost[0] == pytest.approx(2_530)  # 15 + 15 + 25 % of the 10 000 gain
    assert costs.liquidation_price[0] == pytest.approx(79_681.27, abs=0.01)


def test_carry_of_the_dated_future(book):
    assert book.days_to_expiry[0] == pytest.approx(73)
    assert book.annualized_basis[0] == pytest.approx(0.10)  # (61 200 / 60 000 − 1) × 365 / 73
    assert book.dated_carry[0] == pytest.approx(-15_000 * 0.02 * 30 / 73)
    assert book.switch_gain[0] == pytest.approx(-28.5 - 2 * 15_000 * 0.0005)
    assert book.funding_apr.tolist() == pytest.approx([0.1095, 0.1095])


def test_settings_time_wins_over_the_fallback():
    later = SAMPLE_TIME + dt.timedelta(days=30)
    book = plan_from_market(PlanInputs(WORKED, Settings(as_of=later)), load_sample().table, SAMPLE_TIME)
    assert book.as_of == later and book.days_to_expiry[0] == pytest.approx(43)
    book = plan_from_market(PlanInputs(WORKED, Settings()), load_sample().table, later)
    assert book.as_of == later and book.settings.as_of == later


def test_a_hedge_without_a_price_is_named():
    quotes = [Quote(symbol="BTCUSDT", price=60_000.0, spot_price=60_000.0, contract_size=1.0, lot_size=0.001),
              Quote(status="no binance perpetual for USDC in the market data")]
    with pytest.raises(ValueError, match="USDC: no binance perpetual for USDC in the market data; press Refresh"):
        compute_plan([WORKED[0], HoldingInput("USDC", 1_000)], Settings(as_of=SAMPLE_TIME), quotes)
    with pytest.raises(ValueError, match="no holdings"):
        compute_plan([], Settings(), [])


def test_an_unknown_funding_interval_is_read_as_8_hours_for_the_apr(book):
    quotes = [dataclasses.replace(q, interval_h=math.nan) for q in book.quotes]
    figures = compute_plan(list(WORKED), book.settings, quotes)
    assert np.allclose(figures.funding_apr, 0.1095)
