"""The venue registry: key → venue reader.  Adding a venue = one module + one line here."""

from __future__ import annotations

from .base import Venue, VenueResult
from .binance import Binance
from .binance_coinm import BinanceCoinM
from .binance_spot import BinanceSpot
from .bingx import Bingx
from .bybit import Bybit
from .coingecko import CoinGecko
from .deribit import Deribit
from .mexc import Mexc
from .okx import Okx
from .weex import Weex

VENUES: dict[str, type[Venue]] = {
    venue.key: venue
    for venue in (Binance, BinanceCoinM, BinanceSpot, Bybit, Okx, Deribit, Bingx, Mexc, Weex, CoinGecko)
}
DEFAULT_VENUES: tuple[str, ...] = tuple(VENUES)

__all__ = ["DEFAULT_VENUES", "VENUES", "Venue", "VenueResult"]
