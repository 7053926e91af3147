"""The worked example and the markets the app tests plan it on (shared test data, not tests)."""

import datetime as dt

import pandas as pd

from hedgebook.app.inputs import HoldingInput
from hedgebook.market import load_sample

UTC = dt.timezone.utc
SAMPLE_TIME = dt.datetime(2025, 1, 14, 8, tzinfo=UTC)
"""The time the sample market was recorded."""
WORKED = (HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
          HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5))
"""The README's worked example: 65 000 of BTC and 35 000 of ETH at 60 000 and 3 000, each targeted at 50 %."""
PRICE_COLUMNS = ("last_price", "mark_price", "index_price")


def suspect_market() -> pd.DataFrame:
    """The sample with Binance's BTC mark 100 times too low."""
    table = load_sample().table.copy()
    table.loc[(table["venue"] == "binance") & (table["symbol"] == "BTCUSDT"), "mark_price"] = 600.0
    return table


def moved_market(btc: float = 80_000.0) -> pd.DataFrame:
    """The sample market with every BTC price moved by the same factor (so that no check finds it suspect)."""
    table = load_sample().table.copy()
    is_btc = table["base"] == "BTC"
    factor = btc / 60_000.0
    for column in PRICE_COLUMNS:
        table.loc[is_btc, column] = table.loc[is_btc, column] * factor
    return table
