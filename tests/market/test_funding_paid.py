"""The funding settled on your own positions, read from each venue's documented answers (issue 24 §5).

Each venue's sign is kept: positive = received. A stablecoin settlement counts in USD, an inverse one in its coin."""

import pytest

from hedgebook.market.errors import VenueBadAnswer
from hedgebook.market.funding_paid import DAY_MS, FundingPayment, next_page, payments_of, window_params, windows

from .account_server import funding_rows

NOW_MS = 1_700_000_000_000
ROWS = funding_rows(NOW_MS)


def test_each_venue_s_settlements_keep_its_sign_and_leave_other_records_out():
    assert payments_of("binance", ROWS["/fapi/v1/income"]) == [
        FundingPayment("binance", "BTCUSDT", NOW_MS - 24 * 3_600_000, 3.0, "USD"),
        FundingPayment("binance", "BTCUSDT", NOW_MS - 240 * 3_600_000, 4.5, "USD"),
        FundingPayment("binance", "BTCUSDT", NOW_MS - 1440 * 3_600_000, -1.5, "USD")]  # a commission is not one
    assert payments_of("binance_coinm", ROWS["/dapi/v1/income"])[0].coin == "BTC"
    bybit = {"retCode": 0, "result": {"list": ROWS["/v5/account/transaction-log"], "nextPageCursor": ""}}
    assert [(p.symbol, p.amount, p.coin) for p in payments_of("bybit", bybit)] == [("ETHUSDT", 2.5, "USD")]
    okx = {"code": "0", "data": ROWS["/api/v5/account/bills-archive"]}
    assert [(p.symbol, p.amount) for p in payments_of("okx", okx)] == [("BTC-USDT-SWAP", 1.2)]  # a trade bill is not


@pytest.mark.parametrize("venue, body", [("binance", [{"symbol": "BTCUSDT", "income": "x", "asset": "USDT",
                                                       "time": 1}]),
                                         ("bybit", {"retCode": 0, "result": {}}), ("okx", {"data": [{"type": "8"}]})])
def test_an_answer_not_in_the_documented_shape_is_refused_whole(venue, body):
    with pytest.raises(VenueBadAnswer, match=f"{venue}: the funding settlements are not in the documented shape"):
        payments_of(venue, body)


def test_ninety_days_are_asked_in_windows_each_venue_allows_and_pages_follow_its_own_way():
    start = NOW_MS - 90 * DAY_MS + 1  # the last 90 days, both ends in
    assert len(windows("bybit", start, NOW_MS)) == 13 and len(windows("binance", start, NOW_MS)) == 3
    assert len(windows("okx", start, NOW_MS)) == 1
    spans = windows("bybit", start, NOW_MS)
    assert spans[0][0] == start and spans[-1][1] == NOW_MS and all(b - a < 7 * DAY_MS for a, b in spans)
    assert all(later[0] == earlier[1] + 1 for earlier, later in zip(spans, spans[1:]))  # no gap, no overlap
    binance = window_params("binance", start, NOW_MS)
    assert binance["incomeType"] == "FUNDING_FEE" and binance["limit"] == 1000
    full = [{"time": NOW_MS - k} for k in range(1000)]
    assert next_page("binance", binance, full)["startTime"] == NOW_MS + 1
    assert next_page("binance", binance, full[:10]) is None
    bybit = window_params("bybit", start, NOW_MS)
    assert next_page("bybit", bybit, {"result": {"list": [{}], "nextPageCursor": "c2"}})["cursor"] == "c2"
    assert next_page("bybit", bybit, {"result": {"list": [], "nextPageCursor": ""}}) is None
    okx = window_params("okx", start, NOW_MS)
    assert okx["type"] == "8"
    assert next_page("okx", okx, {"data": [{"billId": str(k)} for k in range(100)]})["after"] == "99"
