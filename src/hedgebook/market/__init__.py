"""Market data from the venues' public APIs, as one normalized table (DESIGN.md §5).

``fetch_market`` reads venues in parallel (network I/O happens only here);
``load_sample`` returns the bundled sample snapshot for offline work.
"""

from .sample import load_sample
from .snapshot import MarketDataWarning, MarketSnapshot, fetch_market, keep_previous_rows
from .table import COLUMNS
from .transport import VenueError
from .venues import DEFAULT_VENUES, VENUES

__all__ = [
    "COLUMNS",
    "DEFAULT_VENUES",
    "VENUES",
    "MarketDataWarning",
    "MarketSnapshot",
    "VenueError",
    "fetch_market",
    "keep_previous_rows",
    "load_sample",
]
