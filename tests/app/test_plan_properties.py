"""Properties of the whole plan on the sample market: what it orders is what it takes to reach the target, no more.

- Re-planning right after the orders are executed (typed as positions) gives no order.
- No order takes an asset's exposure past its target, and each ends within one lot of it.
"""

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedgebook.app.inputs import HoldingInput, PlanInputs, PositionInput, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample

SAMPLE = load_sample()
SAMPLE_TIME = dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
VENUES = ("binance", "binance_coinm", "bybit", "okx", "deribit")
"""Linear (coins per contract, lots of 0.001 to 0.01) and inverse (10 or 100 USD per contract) hedges."""


@st.composite
def portfolios(draw):
    btc, eth = draw(st.floats(0.01, 200)), draw(st.floats(0.1, 5_000))
    btc_target = draw(st.floats(0, 0.9))
    eth_target = draw(st.floats(0, 1 - btc_target))
    venue = draw(st.sampled_from(VENUES))
    band = draw(st.sampled_from([0.0, 0.01]))
    return (HoldingInput("BTC", btc, 20_000.0, venue=venue, target_weight=btc_target),
            HoldingInput("ETH", eth, 1_500.0, venue=venue, target_weight=eth_target)), band


def plan(holdings, band, positions=()):
    inputs = PlanInputs(holdings, Settings(as_of=SAMPLE_TIME, no_trade_band=band), tuple(positions))
    return plan_from_market(inputs, SAMPLE.table, SAMPLE_TIME)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_replanning_right_after_executing_the_orders_gives_no_order(portfolio):
    holdings, band = portfolio
    first = plan(holdings, band)
    executed = [PositionInput(h.venue, q.symbol, float(c))
                for h, q, c in zip(holdings, first.hedges, first.rebalance.contracts) if c]
    again = plan(holdings, band, executed)
    assert again.rebalance.contracts.tolist() == [0.0, 0.0], (first.rebalance.contracts, again.sized_contracts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_no_order_crosses_its_target_and_each_ends_within_one_lot_of_it(portfolio):
    holdings, _ = portfolio
    book = plan(holdings, 0.0)
    p = book.rebalance
    goal = p.target_weights * p.portfolio_value
    now = p.spot_values + p.futures_notionals
    after = now + p.trade_notionals
    lot_usd = np.array([q.lot_size * q.contract_size * (1.0 if q.inverse else q.price) for q in book.hedges])
    slack = np.full(len(goal), 1e-9 * max(p.portfolio_value, 1.0))  # binary noise, relative to the portfolio
    assert ((after - goal) * np.sign(now - goal) >= -slack).all()  # on the same side as before, or at it
    placed = ~book.withheld  # an order below the venue's minimum is withheld: that exposure stays where it is
    assert (np.abs(after - goal)[placed] <= lot_usd[placed] + slack[placed]).all()


def histories_with_beta(book, betas):
    """Each hedge's 5-day history, its coins' daily log returns exactly β × its contract's (R² = 1)."""
    from hedgebook.app.daily_history import DailyHistory

    closes = (1.0, 1.02, 0.97, 1.04, 1.0)
    blank = (float("nan"),) * len(closes)
    return [DailyHistory(h.asset, h.venue, q.symbol, "", SAMPLE_TIME.date(), tuple(c ** beta for c in closes),
                         closes, blank, blank, blank) for h, q, beta in zip(book.holdings, book.hedges, betas)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.lists(st.floats(0.3, 3.0), min_size=2, max_size=2))
def test_sized_by_beta_replanning_after_the_orders_gives_none_and_none_crosses_its_target(portfolio, betas):
    holdings, band = portfolio

    def beta_plan(positions=()):
        inputs = PlanInputs(holdings, Settings(as_of=SAMPLE_TIME, no_trade_band=band, hedge_sizing="beta"),
                            tuple(positions))
        first = plan_from_market(inputs, SAMPLE.table, SAMPLE_TIME)
        return plan_from_market(inputs, SAMPLE.table, SAMPLE_TIME, histories=histories_with_beta(first, betas))

    book = beta_plan()
    p = book.rebalance
    np.testing.assert_allclose(p.hedge_ratios, betas)
    goal = p.target_weights * p.portfolio_value
    now = p.spot_values + p.futures_notionals / p.hedge_ratios
    after = now + p.trade_notionals / p.hedge_ratios
    slack = 1e-9 * max(p.portfolio_value, 1.0)
    assert ((after - goal) * np.sign(now - goal) >= -slack).all()
    executed = [PositionInput(h.venue, q.symbol, float(c)) for h, q, c in zip(holdings, book.hedges, p.contracts) if c]
    assert beta_plan(executed).rebalance.contracts.tolist() == [0.0, 0.0]
