"""The plan at a glance, checked by hand on the worked example."""

import datetime as dt
import math

import pytest

from hedgebook.app.summary import summary_of
from hedgebook.excel.project import sample_plan


def test_the_worked_example_at_a_glance():
    plan, snapshot = sample_plan()
    later = snapshot.fetched_at + dt.timedelta(hours=36)
    summary = summary_of(plan, later)
    assert summary.portfolio_value == pytest.approx(100_000.0)
    assert summary.order_count == 2  # sell 0.25 BTCUSDT, buy 5 ETHUSDT
    assert summary.gross_notional == pytest.approx(30_000.0)  # |-15 000| + 15 000: the net is 0
    # BTC short 0.25 at 60 000, margin 5 000 USD (3x), maintenance 0.4 %:
    # 5 000 + 0.25 (60 000 - P) = 0.004 x 0.25 P  →  P = 20 000 / 0.251 = 79 681.27, 32.80 % above the mark.
    # ETH long 5 at 3 000: 5 000 + 5 (P - 3 000) = 0.02 P → P = 2 008.03, 33.07 % below: further.
    assert summary.nearest_liquidation == pytest.approx(20_000 / 0.251 / 60_000 - 1)
    assert summary.nearest_liquidation_contract == "binance BTCUSDT"
    assert summary.venues_above_limit == ()
    assert summary.data_as_of == snapshot.fetched_at
    assert summary.data_age_days == pytest.approx(1.5)
    assert summary.sample is True


def test_no_orders_and_no_data_time_give_zero_and_nan_not_a_crash():
    from dataclasses import replace

    plan, _ = sample_plan()
    plan = replace(plan, hedges=[replace(h, data_as_of=None) for h in plan.hedges],
                   order_status=[s.__class__("withheld", "test") for s in plan.order_status])
    summary = summary_of(plan, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert (summary.order_count, summary.gross_notional) == (0, 0.0)
    assert math.isnan(summary.nearest_liquidation) and summary.nearest_liquidation_contract == ""
    assert summary.data_as_of is None and math.isnan(summary.data_age_days)
