"""WEEX perpetual contracts (V3): intervals in minutes, open interest per symbol in contracts, errors as objects."""

import pytest

from hedgebook.market import fetch_market
from hedgebook.market.errors import VenueErrorCode
from hedgebook.market.history_store import CLOSE, FUNDING, Point
from hedgebook.market.request import answer
from hedgebook.market.venues import VENUES

from . import read_recorded, serve_venue
from .bodies.weex import ERROR_BODY, PREFIX
from .clock import NEXT_TS


def test_usdt_perpetuals_with_their_interval_in_minutes_and_open_interest_in_contracts():
    t, _, asked = read_recorded("weex", ["BTC", "ETH"])
    assert list(t.index) == ["BTCUSDT", "ETHUSDT"]  # the coin-margined BTCUSD is not listed
    btc = t.loc["BTCUSDT"]
    assert (btc.base, btc.quote, btc.kind, btc.settle) == ("BTC", "USDT", "perp", "linear")
    assert (btc.last_price, btc.mark_price, btc.index_price) == (60010.5, 60000.0, 59990.0)
    assert (btc.funding_rate, btc.funding_interval_h, btc.next_funding_time) == (0.00025, 8.0, NEXT_TS)
    assert btc.funding_apr == pytest.approx(0.00025 * 3 * 365)
    assert (btc.contract_size, btc.lot_size, btc.min_qty) == (1.0, 0.0001, 0.0001)  # orders in coins
    assert btc.open_interest == pytest.approx(128345.67 * 0.0001)  # contracts of 0.0001 BTC
    assert btc.open_interest_usd == pytest.approx(128345.67 * 0.0001 * 60000.0)
    eth = t.loc["ETHUSDT"]
    assert (eth.funding_rate, eth.funding_interval_h) == (-0.00005, 4.0)  # negative: shorts pay longs
    assert len(asked.asked) == 3 + 2 and [r.cached for r in asked.asked[:3]] == [True, False, False]


def test_no_open_interest_requests_when_every_asset_is_asked():
    t, _, asked = read_recorded("weex", None)
    assert len(t) == 2 and len(asked.asked) == 3


def test_an_error_object_where_a_list_belongs_is_the_venues_error():
    with pytest.raises(VenueErrorCode, match="error from premiumIndex: Invalid symbol."):
        read_recorded("weex", overrides={PREFIX + "premiumIndex": ERROR_BODY})


def test_the_same_table_through_a_local_server(market_server):
    serve_venue(market_server, "weex")
    snapshot = fetch_market(["weex"], ["BTC", "ETH"], timeout=5)
    assert snapshot.errors == {} and snapshot.requests["weex"] == 5
    assert snapshot.table.set_index("symbol").loc["ETHUSDT", "open_interest"] == pytest.approx(2000.0)


ROW = {"venue": "weex", "symbol": "BTCUSDT", "base": "BTC", "kind": "perp", "settle": "linear",
       "funding_interval_h": 8.0}
T = 1_764_547_200_000
D = 86_400_000


def test_funding_history_is_asked_seven_days_at_most_and_read():
    query = VENUES["weex"]().history(FUNDING, ROW)
    assert query.window_ms == 7 * D  # WEEX refuses a longer span
    request = query.window(T, T + 7 * D - 1)
    assert (request.path, dict(request.params)) == (PREFIX + "fundingRate", {
        "symbol": "BTCUSDT", "startTime": T, "endTime": T + 7 * D - 1, "limit": 1000})
    body = [{"symbol": "BTCUSDT", "fundingRate": "0.00025", "fundingTime": T + 8 * 3_600_000, "markPrice": "69250.0"}]
    assert query.read(answer(lambda _: body, request)) == [Point(T + 8 * 3_600_000, 0.00025)]


def test_daily_closes_from_history_klines():
    query = VENUES["weex"]().history(CLOSE, ROW)
    request = query.window(T, T + 2 * D)
    assert (request.path, request.params["interval"], request.params["limit"]) == (PREFIX + "historyKlines", "1d", 100)
    body = [[T, "68000.0", "68550.0", "67810.0", "68220.0", "320.456", T + D - 1, "21874563.70", 982, "180.1", "1.0"]]
    assert query.read(answer(lambda _: body, request)) == [Point(T, 68220.0)]


def test_history_is_held_within_weexs_weight_limit():
    from hedgebook.market.ratelimit import RateLimit

    limits = VENUES["weex"].endpoint_limits
    assert limits == {PREFIX + "fundingRate": RateLimit(60, 10.0), PREFIX + "historyKlines": RateLimit(20, 10.0)}
    weight = 60 * 5 + 20 * 5 + 40 + 1 + 1 + 25 * 2  # history at its limits, and a refresh of 25 symbols
    assert weight <= 500
