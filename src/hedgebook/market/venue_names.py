"""The venues' keys, known without loading the venues: the command line's help and its messages name them before
any venue module (or pandas) is imported.  A test checks they are the registry's (:mod:`hedgebook.market.venues`)."""

VENUE_NAMES: tuple[str, ...] = ("binance", "binance_coinm", "binance_spot", "bybit", "okx", "deribit", "bingx", "mexc",
                                "weex", "coingecko")
"""Every venue, in the registry's order."""
SPOT_HISTORY_VENUE_NAME = "binance_spot"
"""The venue of the coins' own daily closes."""


def unknown_venue(name: str, known: tuple[str, ...] = VENUE_NAMES) -> str:
    """``unknown venue 'binanse' (did you mean binance?); known: ...``: one line for a venue that is not one."""
    import difflib

    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown venue {name!r}{hint}; known: {', '.join(known)}"
