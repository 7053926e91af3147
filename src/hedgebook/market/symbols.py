"""What a venue's contract symbol suggests about its base asset, before the venue is read.

A refresh asks each venue only for the plan's assets.  A position typed as
``SOLUSDT`` or ``SOL-USDT-SWAP`` must be read too, so its symbol's likely
base asset is added to those asked for.  This is a hint that only widens
the request: a position's asset always comes from the venue's own answer
(the market table's ``base``), never from this guess.
"""

from __future__ import annotations

import re

QUOTE_SUFFIXES = ("FDUSD", "USDT", "USDC", "BUSD", "USD")
"""Quote currencies glued to the base in symbols such as ``BTCUSDT`` (longest first)."""
_SEPARATORS = re.compile(r"[-_/:.]")


def base_hint(symbol: str) -> str:
    """The base asset a contract symbol most likely has, upper case (``""`` when it gives none).

    Examples
    --------
    >>> [base_hint(s) for s in ("BTCUSDT", "BTCUSD_PERP", "BTC-USDT-SWAP", "BTC-28MAR25", "eth_usdt", "BTC")]
    ['BTC', 'BTC', 'BTC', 'BTC', 'ETH', 'BTC']
    """
    first = _SEPARATORS.split(symbol.strip().upper(), maxsplit=1)[0]
    for quote in QUOTE_SUFFIXES:
        if first.endswith(quote) and len(first) > len(quote):
            return first[: -len(quote)]
    return first
