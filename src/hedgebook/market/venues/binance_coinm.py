"""Binance COIN-M futures (inverse, settled in the coin; contract size in USD)."""

from ..table import SETTLE_INVERSE
from ._binance_futures import BinanceFutures


class BinanceCoinM(BinanceFutures):
    key = "binance_coinm"
    settlement_sibling = "binance"
    default_url = "https://dapi.binance.com"
    api_prefix = "/dapi/v1"
    settle = SETTLE_INVERSE
    status_field = "contractStatus"
