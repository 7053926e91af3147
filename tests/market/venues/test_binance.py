"""Binance USDⓈ-M futures: its bodies (:mod:`tests.market.venues.bodies.binance`) parsed as plain data and through
a local server."""

import math

import pandas as pd
import pytest

from hedgebook.market import MarketDataWarning, fetch_market

from ..routes import requests_to
from . import read_recorded, serve_venue
from .bodies.binance import EXCHANGE_INFO, PREMIUM_INDEX, premium, usdm
from .clock import NEVER, NEXT, NEXT_TS, QUARTER_TS, T0_TS


def test_every_instrument_parsed_from_recorded_bodies():
    t, result, asked = read_recorded("binance")
    assert sorted(t.index) == ["BTCUSDT", "BTCUSDT_250328", "DOGEUSDT", "ETHUSDT"]  # LUNA settling: dropped
    btc = t.loc["BTCUSDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.index_price) == (60010.5, 60000.0, 59990.0)
    assert btc.funding_rate == 0.0001
    assert btc.funding_interval_h == 8  # absent from fundingInfo: the default
    assert btc.funding_apr == pytest.approx(0.1095)
    assert btc.next_funding_time == NEXT_TS
    assert (btc.contract_size, btc.lot_size) == (1.0, 0.001)
    assert (btc.min_qty, btc.min_notional) == (0.001, 100)  # LOT_SIZE minQty, MIN_NOTIONAL notional
    assert pd.isna(btc.expiry)
    assert btc.updated_at == T0_TS and btc.status == "ok"
    doge = t.loc["DOGEUSDT"]
    assert doge.funding_interval_h == 4
    assert doge.funding_apr == pytest.approx(0.0002 * 6 * 365)
    assert t.loc["ETHUSDT"].funding_rate == -0.00005  # shorts pay longs
    quarter = t.loc["BTCUSDT_250328"]
    assert quarter.kind == "dated" and quarter.expiry == QUARTER_TS
    assert math.isnan(quarter.funding_rate) and pd.isna(quarter.next_funding_time)  # "" and 0 → missing, not 0
    assert math.isnan(quarter.open_interest)  # all assets: no per-symbol requests
    assert len(asked.asked) == 4 and result.warnings == []


def test_open_interest_only_for_the_assets_asked():
    t, _, asked = read_recorded("binance", ["btc"])
    assert sorted(t.index) == ["BTCUSDT", "BTCUSDT_250328"]
    assert t.loc["BTCUSDT"].open_interest == 80_000
    assert t.loc["BTCUSDT"].open_interest_usd == 80_000 * 60_000
    assert t.loc["BTCUSDT_250328"].open_interest_usd == 4_000 * 61_200
    assert sorted(r.params["symbol"] for r in asked.asked if r.path.endswith("openInterest")) == \
        ["BTCUSDT", "BTCUSDT_250328"]
    assert len(asked.asked) == 4 + 2


def test_a_renamed_field_leaves_the_value_missing_and_warns():
    renamed = [dict({k: v for k, v in r.items() if k != "markPrice"}, markPx=r["markPrice"]) for r in PREMIUM_INDEX]
    t, result, _ = read_recorded("binance", overrides={"/fapi/v1/premiumIndex": renamed})
    assert result.warnings == ["binance: field 'markPrice' missing in 4 rows of premiumIndex"]
    btc = t.loc["BTCUSDT"]
    assert math.isnan(btc.mark_price) and btc.funding_rate == 0.0001 and btc.last_price == 60010.5


def test_the_same_table_through_a_local_server(market_server):
    serve_venue(market_server, "binance")
    snapshot = fetch_market(["binance"], ["BTC"], timeout=5)
    recorded, _, _ = read_recorded("binance", ["BTC"])
    served = snapshot.table.set_index("symbol").sort_index()
    assert snapshot.errors == {} and snapshot.requests["binance"] == 4 + 2
    pd.testing.assert_frame_equal(served, recorded.sort_index())
    assert requests_to(market_server, "/fapi/v1/openInterest") == 2


def test_one_symbols_open_interest_failing_costs_only_that_value(market_server):
    market_server.expect_request("/fapi/v1/openInterest", query_string={"symbol": "BTCUSDT_250328"}).respond_with_data(
        "Service Unavailable", status=503
    )
    serve_venue(market_server, "binance")
    with pytest.warns(MarketDataWarning, match=r"open interest of BTCUSDT_250328 missing \(server error \(HTTP 503\)\)"):
        snapshot = fetch_market(["binance"], ["BTC"], timeout=5)
    t = snapshot.table.set_index("symbol")
    assert t.loc["BTCUSDT"].open_interest == 80_000
    assert math.isnan(t.loc["BTCUSDT_250328"].open_interest) and t.loc["BTCUSDT_250328"].mark_price == 61_200


def test_a_symbol_listed_twice_fails_the_venue_instead_of_the_last_one_winning():
    """A second BTCUSDT record with a mark of 1 once sized "sell 14 998": which record is right cannot be known."""
    from hedgebook.market.errors import VenueBadAnswer

    twice = PREMIUM_INDEX + [premium("BTCUSDT", "1", "1", "0.0001", NEXT)]
    with pytest.raises(VenueBadAnswer, match="premiumIndex lists BTCUSDT twice"):
        read_recorded("binance", overrides={"/fapi/v1/premiumIndex": twice})
    listed_twice = {**EXCHANGE_INFO, "symbols": EXCHANGE_INFO["symbols"] + [EXCHANGE_INFO["symbols"][0]]}
    with pytest.raises(VenueBadAnswer, match="instrument BTCUSDT listed twice"):
        read_recorded("binance", overrides={"/fapi/v1/exchangeInfo": listed_twice})


def test_a_value_that_is_not_finite_makes_its_row_suspect():
    broken = [dict(PREMIUM_INDEX[0], markPrice="Infinity", lastFundingRate="1e400"), *PREMIUM_INDEX[1:]]
    t, _, _ = read_recorded("binance", ["BTC"], overrides={"/fapi/v1/premiumIndex": broken})
    btc = t.loc["BTCUSDT"]
    assert btc.status == "suspect: mark_price, funding_rate not a finite number"
    assert math.isnan(btc.mark_price) and math.isnan(btc.funding_rate) and math.isnan(btc.funding_apr)
    assert t.loc["BTCUSDT_250328"].status == "ok"


def test_control_characters_in_venue_text_are_replaced():
    info = {**EXCHANGE_INFO, "symbols": [usdm("BTC\x1b[31mUSDT\x00", "BTC", "PERPETUAL", NEVER, "0.001")]}
    t, _, _ = read_recorded("binance", overrides={"/fapi/v1/exchangeInfo": info})
    assert list(t.index) == ["BTC\ufffd[31mUSDT\ufffd"]


def test_a_mark_of_1e308_overflows_nothing():
    """Open interest × a mark of 1e308 overflows: the result is never kept as a number."""
    broken = [dict(PREMIUM_INDEX[0], markPrice="1e308"), *PREMIUM_INDEX[1:]]
    t, _, _ = read_recorded("binance", ["BTC"], overrides={"/fapi/v1/premiumIndex": broken})
    btc = t.loc["BTCUSDT"]
    assert btc.status == "suspect: open_interest_usd not a finite number" and math.isnan(btc.open_interest_usd)
    assert btc.mark_price == 1e308  # finite, but absurd: the market checks make the row suspect before any order
