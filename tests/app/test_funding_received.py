"""The funding your own positions received over 7, 30 and 90 days, in USD and as an APR (issue 24 §5)."""

import math

import pytest

from hedgebook.app.funding_received import ReceivedSeries, funding_received, received_in_store, store_payments
from hedgebook.market.funding_paid import DAY_MS, FundingPayment
from hedgebook.market.history_store import FUNDING_RECEIVED_COIN, FUNDING_RECEIVED_USD, HistoryStore

NOW = 1_700_000_000_000


def test_the_windows_sum_what_was_received_and_the_apr_is_of_the_position_now():
    """+3 a day ago, +4.5 ten days ago, -1.5 sixty days ago, on a 15 000 USD short: 3 / 7.5 / 6 USD; APR 3 / 15 000
    × 365 / 7 = 1.04 %, 7.5 / 15 000 × 365 / 30 = 0.61 %, 6 / 15 000 × 365 / 90 = 0.16 %."""
    series = ReceivedSeries(usd=((NOW - 60 * DAY_MS, -1.5), (NOW - 10 * DAY_MS, 4.5), (NOW - DAY_MS, 3.0)))
    figures = funding_received(series, NOW, -15_000.0)
    assert figures.usd == (3.0, 7.5, 6.0)
    assert figures.apr == pytest.approx((3 / 15_000 * 365 / 7, 7.5 / 15_000 * 365 / 30, 6 / 15_000 * 365 / 90))


def test_a_coin_amount_counts_at_the_price_given_and_without_one_is_not_known():
    series = ReceivedSeries(coin=((NOW - DAY_MS, 0.0001),))
    assert funding_received(series, NOW, 6_000.0, coin_price=60_000.0).usd == pytest.approx((6.0, 6.0, 6.0))
    unknown = funding_received(series, NOW, 6_000.0)
    assert all(math.isnan(value) for value in unknown.usd)
    no_position = funding_received(ReceivedSeries(usd=((NOW - DAY_MS, 1.0),)), NOW, 0.0)
    assert no_position.usd == (1.0, 1.0, 1.0) and all(math.isnan(value) for value in no_position.apr)


def test_payments_are_kept_under_their_own_series_and_two_legs_at_one_time_are_summed(tmp_path):
    payments = [FundingPayment("binance", "BTCUSDT", NOW, 2.0, "USD"), FundingPayment("binance", "BTCUSDT", NOW, -0.5,
                                                                                       "USD"),
                FundingPayment("binance_coinm", "BTCUSD_PERP", NOW, 0.0001, "BTC")]
    with HistoryStore(tmp_path / "history.sqlite") as store:
        assert store_payments(store, payments) == 2
        store_payments(store, payments[:2])  # read again: the same settlement, not twice
        assert store.series() == [("binance", "BTCUSDT", FUNDING_RECEIVED_USD),
                                  ("binance_coinm", "BTCUSD_PERP", FUNDING_RECEIVED_COIN)]
        found = received_in_store(store, [("binance", "BTCUSDT"), ("binance_coinm", "BTCUSD_PERP"), ("okx", "X")])
    assert found == {("binance", "BTCUSDT"): ReceivedSeries(usd=((NOW, 1.5),)),
                     ("binance_coinm", "BTCUSD_PERP"): ReceivedSeries(coin=((NOW, 0.0001),))}
