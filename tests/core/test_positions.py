"""Positions in contracts valued at the mark price (core/positions.py), checked by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.core import position_notional, position_pnl


@pytest.mark.parametrize("contracts, mark, size, inverse, notional", [
    (-0.25, 60_000, None, False, -15_000),  # Binance BTCUSDT: 1 coin per contract
    (-0.25, 80_000, None, False, -20_000),  # the same short after BTC rises: more negative
    (-25, 80_000, 0.01, False, -20_000),  # OKX BTC-USDT-SWAP: 0.01 BTC per contract
    (3, 3_000, 0.1, False, 900),  # OKX ETH-USDT-SWAP: 0.1 ETH per contract, long
    (-150, 80_000, 100, True, -15_000),  # Binance COIN-M BTCUSD_PERP: 100 USD per contract, whatever the price
    (-1_500, 3_000, 10, True, -15_000),  # COIN-M ETHUSD_PERP: 10 USD
    (0, 60_000, None, False, 0),
])
def test_position_notional(contracts, mark, size, inverse, notional):
    assert position_notional(contracts, mark, size, inverse) == pytest.approx(notional)


@pytest.mark.parametrize("contracts, entry, mark, size, inverse, pnl", [
    (-0.25, 60_000, 80_000, None, False, -5_000),  # a short loses 20 000 × 0.25 when BTC rises 20 000
    (0.25, 60_000, 80_000, None, False, 5_000),
    (-25, 60_000, 54_000, 0.01, False, 1_500),
    # COIN-M short of 300 USD: 300 × (1/60 000 − 1/80 000) = 0.00125 BTC lost, worth 100 USD at 80 000
    (-3, 60_000, 80_000, 100, True, -100),
])
def test_position_pnl(contracts, entry, mark, size, inverse, pnl):
    assert position_pnl(contracts, entry, mark, size, inverse) == pytest.approx(pnl)


@pytest.mark.parametrize("call, message", [
    (lambda: position_notional(1, 0), "mark_price must be > 0, got 0.0"),
    (lambda: position_notional(1, 60_000, -1), "contract_size must be > 0, got -1.0"),
    (lambda: position_pnl(1, -5, 60_000), "entry_price must be > 0, got -5.0"),
])
def test_bad_parameters_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_arrays():
    assert position_notional([-0.25, -150], [80_000, 80_000], [1, 100], [False, True]).tolist() == [-20_000, -15_000]


@given(st.floats(-1e6, 1e6, allow_subnormal=False), st.floats(1, 1e6), st.floats(1e-4, 100))
def test_a_short_and_a_long_of_the_same_size_cancel(contracts, mark, size):
    """A subnormal count (5e-324 contracts, found by hypothesis) times a contract size underflows to 0.0 and
    loses its sign; no venue's lot is within 300 orders of magnitude of it, so it is left out."""
    assert position_notional(contracts, mark, size) + position_notional(-contracts, mark, size) == pytest.approx(0)
    assert (position_notional(contracts, mark, size) >= 0) == (contracts >= 0) or contracts == 0
