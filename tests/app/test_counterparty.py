"""What each venue holds after the plan, by hand on the worked example (sample market, 2025-01-14 08:00 UTC)."""

import dataclasses
import datetime as dt
import math

import pytest

from hedgebook.app.counterparty import concentration_notes, venue_exposures
from hedgebook.app.inputs import AccountInput, HoldingInput, PlanInputs, Settings
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample

SAMPLE_TIME = dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
WORKED = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
          HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5))


def plan(settings=Settings(as_of=SAMPLE_TIME), accounts=()):
    return plan_from_market(PlanInputs(WORKED, settings, accounts=tuple(accounts)), load_sample().table, SAMPLE_TIME)


def test_without_collateral_the_share_is_the_margin_of_the_positions():
    """−15 000 BTC and +15 000 ETH at 3×: 10 000 of margin, 10 % of 100 000, under the 25 % limit."""
    (binance,) = venue_exposures(plan())
    assert (binance.notional, binance.gross_notional, binance.margin) == pytest.approx((0, 30_000, 10_000))
    assert math.isnan(binance.collateral) and binance.share_of_portfolio == pytest.approx(0.10)
    assert not binance.above_limit and concentration_notes(plan()) == []


def test_above_the_limit_a_note_says_so():
    """At 1× the margin is 30 000: 30 % of the portfolio, above 25 %."""
    book = plan(dataclasses.replace(Settings(as_of=SAMPLE_TIME), leverage=1.0))
    (binance,) = venue_exposures(book)
    assert binance.share_of_portfolio == pytest.approx(0.30) and binance.above_limit
    assert book.notes == ["binance holds 30.0% of the portfolio (margin of its positions 30,000 USD), above the 25% "
                          "limit: everything on one exchange is lost with it"]


def test_collateral_posted_is_the_share_and_a_venue_with_only_collateral_is_listed():
    book = plan(accounts=[AccountInput("binance", 20_000.0), AccountInput("okx", 5_000.0)])
    binance, okx = venue_exposures(book)
    assert binance.collateral == 20_000 and binance.share_of_portfolio == pytest.approx(0.20)
    assert (okx.venue, okx.notional, okx.margin, okx.share_of_portfolio) == ("okx", 0, 0, pytest.approx(0.05))
