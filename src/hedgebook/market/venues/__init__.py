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
SPOT_SOURCES: tuple[str, ...] = tuple(sorted((key for key, venue in VENUES.items()
                                              if venue.spot_source_rank is not None),
                                             key=lambda key: VENUES[key].spot_source_rank))
"""Venues of spot prices, in order of preference (each declares its ``spot_source_rank``); every refresh reads them."""
SPOT_HISTORY_VENUE: str = next(key for key, venue in VENUES.items() if venue.spot_history)
"""The venue of the coins' own daily closes (for β and R²)."""
HISTORY_VENUES: tuple[str, ...] = tuple(key for key, venue in VENUES.items() if venue.serves_history)
"""Venues that serve history per contract."""


def same_exchange(venue: str) -> list[str]:
    """The venue keys of one exchange's futures: ``venue``, and its other settlement's key if it has one."""
    sibling = VENUES[venue].settlement_sibling if venue in VENUES else None
    return [venue] + ([sibling] if sibling else [])


__all__ = ["DEFAULT_VENUES", "HISTORY_VENUES", "SPOT_HISTORY_VENUE", "SPOT_SOURCES", "VENUES", "Venue", "VenueResult",
           "same_exchange"]
