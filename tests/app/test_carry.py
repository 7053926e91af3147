"""Each holding's dated alternative, checked by hand."""

import datetime as dt

import numpy as np
import pytest

from hedgebook.app.carry import dated_carry_of
from hedgebook.app.hedges import Hedge
from hedgebook.app.inputs import Settings

AS_OF = dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
EXPIRY = AS_OF + dt.timedelta(days=73)


def carry(hedges, idle=None):
    count = len(hedges)
    idle = np.zeros(count, bool) if idle is None else np.asarray(idle)
    order, spot, rate, hours = (np.full(count, value) for value in (-15_000.0, 60_000.0, 0.0001, 8.0))
    return dated_carry_of(hedges, idle, order, order, spot, rate, hours, Settings(), AS_OF)


def test_a_dated_future_two_percent_above_spot_73_days_away_is_ten_percent_a_year():
    result = carry([Hedge(symbol="BTCUSDT", dated_symbol="BTCUSDT_250328", dated_price=61_200.0, expiry=EXPIRY)])
    assert result.available.tolist() == [True] and result.days_to_expiry[0] == pytest.approx(73)
    assert result.annualized_basis[0] == pytest.approx(0.02 * 365 / 73)  # 0.1
    assert result.rolls[0] == 0  # a 30-day horizon ends before it expires


def test_no_dated_alternative_gives_nan_and_a_dated_hedge_has_no_switch():
    result = carry([Hedge(symbol="BTCUSDT"),
                    Hedge(symbol="BTCUSDT_250328", dated_symbol="BTCUSDT_250328", dated_price=61_200.0, expiry=EXPIRY,
                          dated_hedge=True)])
    assert result.available.tolist() == [False, True]
    assert np.isnan(result.annualized_basis[0]) and np.isnan(result.dated_carry[0]) and np.isnan(result.switch_gain[0])
    assert result.dated_hedge.tolist() == [False, True] and np.isnan(result.switch_gain[1])


def test_an_expired_or_idle_holding_has_none():
    expired = Hedge(dated_symbol="BTCUSDT_240628", dated_price=61_200.0, expiry=AS_OF - dt.timedelta(days=1))
    live = Hedge(dated_symbol="BTCUSDT_250328", dated_price=61_200.0, expiry=EXPIRY)
    assert carry([expired, live], idle=[False, True]).available.tolist() == [False, False]
