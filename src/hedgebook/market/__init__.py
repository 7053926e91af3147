"""Market data from the venues' public APIs, as one normalized table (:data:`hedgebook.market.table.COLUMNS`).

``fetch_market`` reads venues in parallel (network I/O happens only here);
``load_sample`` returns the bundled sample snapshot for offline work.
"""

from .config import DEFAULT_TIMEOUT_S, MarketConfig
from .errors import (
    VenueBadAnswer,
    VenueBlocked,
    VenueError,
    VenueErrorCode,
    VenueRateLimited,
    VenueServerError,
    VenueTimeout,
    VenueUnreachable,
)
from .sample import load_sample
from .snapshot import MarketDataWarning, MarketSnapshot, fetch_market, keep_previous_rows
from .table import COLUMNS
from .venues import DEFAULT_VENUES, VENUES

__all__ = [
    "COLUMNS",
    "DEFAULT_TIMEOUT_S",
    "DEFAULT_VENUES",
    "VENUES",
    "MarketConfig",
    "MarketDataWarning",
    "MarketSnapshot",
    "VenueBadAnswer",
    "VenueBlocked",
    "VenueError",
    "VenueErrorCode",
    "VenueRateLimited",
    "VenueServerError",
    "VenueTimeout",
    "VenueUnreachable",
    "fetch_market",
    "keep_previous_rows",
    "load_sample",
]
