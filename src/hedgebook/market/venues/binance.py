"""Binance USDⓈ-M futures (linear, settled in USDT/USDC): perpetuals and quarterlies."""

from ..table import SETTLE_LINEAR
from ._binance_futures import BinanceFutures


class Binance(BinanceFutures):
    key = "binance"
    default_url = "https://fapi.binance.com"
    api_prefix = "/fapi/v1"
    settle = SETTLE_LINEAR
    status_field = "status"
