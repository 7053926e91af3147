"""The base asset a contract symbol suggests (a hint that widens what a refresh asks for, never a fact)."""

import pytest

from hedgebook.market.symbols import base_hint


@pytest.mark.parametrize("symbol, base", [
    ("BTCUSDT", "BTC"), ("ethusdc", "ETH"), ("BTCUSD_PERP", "BTC"), ("BTCUSD_250328", "BTC"),
    ("BTC-USDT-SWAP", "BTC"), ("BTC-USD-SWAP", "BTC"), ("BTC_USDT", "BTC"), ("BTC-USDT", "BTC"),
    ("BTC-PERPETUAL", "BTC"), ("BTC-28MAR25", "BTC"), ("ETH_USDC-PERPETUAL", "ETH"), ("1000PEPEUSDT", "1000PEPE"),
    ("SOLFDUSD", "SOL"), (" usdt ", "USDT"), ("", ""),
])
def test_base_hint(symbol, base):
    assert base_hint(symbol) == base
