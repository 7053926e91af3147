"""Binance spot: last prices of the USDT pairs, lot sizes for the assets asked."""

import math

from hedgebook.market.errors import VenueServerError

from . import read_recorded


def test_usdt_pairs_only_and_lot_sizes_for_the_assets_asked():
    t, _, asked = read_recorded("binance_spot")
    assert sorted(t.index) == ["BTCUSDT", "ETHUSDT"]  # USDT pairs only
    assert t.loc["BTCUSDT"].last_price == 60001.0 and t.loc["BTCUSDT"].kind == "spot"
    assert math.isnan(t.loc["BTCUSDT"].lot_size) and len(asked.asked) == 1
    t, _, asked = read_recorded("binance_spot", ["BTC"])
    assert list(t.index) == ["BTCUSDT"] and t.loc["BTCUSDT"].lot_size == 0.00001
    assert (t.loc["BTCUSDT"].min_qty, t.loc["BTCUSDT"].min_notional) == (0.00001, 5)  # spot's NOTIONAL filter
    assert asked.asked[1].params == {"symbols": '["BTCUSDT"]'} and asked.asked[1].cached


def test_lot_sizes_failing_keeps_the_prices():
    t, result, _ = read_recorded("binance_spot", ["BTC"],
                                 overrides={"/api/v3/exchangeInfo": VenueServerError("server error (HTTP 503)")})
    assert t.loc["BTCUSDT"].last_price == 60001.0 and math.isnan(t.loc["BTCUSDT"].lot_size)
    assert result.warnings == ["binance_spot: lot sizes missing (server error (HTTP 503))"]
