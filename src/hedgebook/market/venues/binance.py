"""Binance USDⓈ-M futures (linear, settled in USDT/USDC): perpetuals and quarterlies."""

from ..ratelimit import RateLimit
from ..table import SETTLE_LINEAR
from ._binance_futures import BinanceFutures


class Binance(BinanceFutures):
    key = "binance"
    settlement_sibling = "binance_coinm"
    default_url = "https://fapi.binance.com"
    api_prefix = "/fapi/v1"
    settle = SETTLE_LINEAR
    status_field = "status"
    endpoint_limits = {"/fapi/v1/fundingRate": RateLimit(500, 300.0)}
    """Funding history shares 500 requests per 5 minutes with ``fundingInfo`` (one a refresh)."""
