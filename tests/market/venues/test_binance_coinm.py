"""Binance COIN-M futures: inverse contracts of a size in USD, open interest in contracts."""

import pandas as pd
import pytest

from . import read_recorded
from .clock import QUARTER_TS


def test_inverse_with_usd_contracts():
    t, _, _ = read_recorded("binance_coinm", ["BTC"])
    perp = t.loc["BTCUSD_PERP"]
    assert (perp.quote, perp.settle, perp.contract_size, perp.lot_size) == ("USD", "inverse", 100, 1)
    assert perp.min_qty == 1 and pd.isna(perp.min_notional)  # COIN-M has no MIN_NOTIONAL filter
    assert perp.funding_rate == 0.0001 and perp.funding_interval_h == 8
    # 6 000 000 contracts × 100 USD = 600 000 000 USD = 10 000 BTC at 60 000
    assert perp.open_interest_usd == 600_000_000
    assert perp.open_interest == pytest.approx(10_000)
    assert t.loc["BTCUSD_250328"].expiry == QUARTER_TS
    assert pd.isna(perp.expiry)
