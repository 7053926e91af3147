"""BingX perpetual swaps: a timestamp on every request, open interest per symbol, code errors."""

import pytest

from hedgebook.market import fetch_market
from hedgebook.market.errors import VenueErrorCode

from . import read_recorded, serve_venue
from .bodies.bingx import ERROR_BODY, QUOTE
from .clock import NEXT_TS


def test_swaps_with_open_interest_per_symbol():
    t, _, asked = read_recorded("bingx", ["BTC", "ETH"])
    btc = t.loc["BTC-USDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.funding_rate, btc.funding_interval_h) == (60010.0, 60000.0, 0.0001, 8)
    assert btc.lot_size == 0.0001 and btc.next_funding_time == NEXT_TS
    assert (btc.min_qty, btc.min_notional) == (0.0001, 2)  # tradeMinQuantity coins, tradeMinUSDT
    assert btc.open_interest_usd == 1_200_000_000 and btc.open_interest == pytest.approx(20_000)
    assert t.loc["ETH-USDT"].funding_interval_h == 4
    assert len(asked.asked) == 3 + 2
    assert all("timestamp" in r.params for r in asked.asked)
    assert [r.cached for r in asked.asked[:3]] == [True, False, False]


def test_code_error_in_a_200_answer():
    with pytest.raises(VenueErrorCode, match="error 100410 from premiumIndex: rate limitation"):
        read_recorded("bingx", overrides={QUOTE + "premiumIndex": ERROR_BODY})


def test_every_request_carries_a_timestamp_on_the_wire(market_server):
    serve_venue(market_server, "bingx")
    snapshot = fetch_market(["bingx"], ["BTC", "ETH"], timeout=5)
    assert snapshot.errors == {} and snapshot.requests["bingx"] == 5
    assert all("timestamp=" in request.query_string.decode() for request, _ in market_server.log)
