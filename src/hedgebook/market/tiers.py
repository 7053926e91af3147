"""Maintenance margin tiers of a contract: what the venue publishes, or a dated table shipped with hedgebook.

Binance serves its brackets only with an API key, so its main symbols' tiers
ship as package data (``data/margin_tiers.json``), each with the date it was
published and its source, which every sheet and message that uses it shows.
Units: caps are the position's notional in USD; rates fractions; leverage ×.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TIERS_FILE = "margin_tiers.json"
MAX_TIERS = 20
"""Tiers kept per contract (the lowest); a position above the last one kept has no tier (no margin figures)."""


@dataclass(frozen=True)
class MarginTiers:
    """One contract's tiers, lowest first.

    Attributes
    ----------
    caps : tuple of float
        Upper bound of each tier's position notional, USD, increasing.
    rates : tuple of float
        Maintenance margin rate of each tier, fraction.
    leverages : tuple of float
        Highest leverage allowed in each tier.
    source : str
        Where they come from, with a date (``"binance tiers published 2021-03-18"``).
    """

    caps: tuple[float, ...]
    rates: tuple[float, ...]
    leverages: tuple[float, ...]
    source: str


@lru_cache(maxsize=1)
def _packaged() -> dict:
    text = resources.files(__package__).joinpath("data", TIERS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def packaged_tiers(venue: str, symbol: str) -> MarginTiers | None:
    """The shipped tiers of ``venue``'s ``symbol`` (e.g. ``binance``, ``BTCUSDT``), or None when none ship."""
    entry = _packaged().get(venue, {}).get(str(symbol).upper()) if isinstance(_packaged().get(venue), dict) else None
    if not entry:
        return None
    caps, rates, leverages = (tuple(float(tier[k]) for tier in entry["tiers"][:MAX_TIERS]) for k in range(3))
    return MarginTiers(caps, rates, leverages, f"{venue} tiers published {entry['published']} (shipped table)")
