"""Market data from the venues' public APIs, as one normalized table (:data:`hedgebook.market.table.COLUMNS`).

``fetch_market`` reads venues in parallel (network I/O happens only here);
``load_sample`` returns the bundled sample snapshot for offline work.
"""

from ..core.lazy import names_on_first_use

_LAZY = {
    **dict.fromkeys(("DEFAULT_TIMEOUT_S", "MarketConfig"), "config"),
    **dict.fromkeys(("VenueBadAnswer", "VenueBlocked", "VenueError", "VenueErrorCode", "VenueRateLimited",
                     "VenueServerError", "VenueTimeout", "VenueUnreachable"), "errors"),
    "load_sample": "sample",
    **dict.fromkeys(("MarketDataWarning", "MarketSnapshot", "fetch_market", "keep_previous_rows"), "snapshot"),
    "COLUMNS": "table",
    **dict.fromkeys(("DEFAULT_VENUES", "VENUES"), "venues"),
}
"""Every name loads its module on first use: the command line starts without pandas or the network stack."""


__getattr__ = names_on_first_use(__name__, _LAZY, globals())


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
