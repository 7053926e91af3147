"""Maintenance margin tiers of a contract: what the venue publishes, or a dated table shipped with hedgebook.

Bybit (``/v5/market/risk-limit``), OKX (``public/position-tiers``) and MEXC
(the contract detail's ``riskBaseVol``/``riskIncrVol`` steps) publish theirs;
a venue module puts them on a row as ``row["tiers"]`` (caps converted to USD
at the refresh's mark price), and the snapshot keeps them by contract.

Binance serves its brackets only with an API key, so its main symbols' tiers
ship as package data (``data/margin_tiers.json``), each with the date it was
published and its source, which every sheet and message that uses it shows.
Units: caps are the position's notional in USD; rates fractions; leverage ×.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .table import SETTLE_INVERSE

TIERS_FILE = "margin_tiers.json"
SHIPPED = "(shipped table)"
"""The end of a shipped table's source text."""
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
    return MarginTiers(caps, rates, leverages, f"{venue} tiers published {entry['published']} {SHIPPED}")


def tiers_from_ladder(caps: list[float], rates: list[float], leverages: list[float], usd_per_unit: float,
                      source: str) -> tuple[MarginTiers | None, str]:
    """A venue's published ladder as :class:`MarginTiers`, caps converted to USD; or None and why not.

    Parameters
    ----------
    caps : list of float
        Upper bound of each tier in the venue's unit (USD, coins or contracts).
    rates, leverages : list of float
        Maintenance margin rate (fraction) and highest leverage of each tier.
    usd_per_unit : float
        USD per unit of ``caps`` at the refresh's mark price (1 when in USD).
    source : str
        Where they come from, with the date they were read.

    A ladder that is not increasing, whose rate falls or is not below the
    tier's initial margin (1 / leverage), is not used: a wrong tier would
    give a wrong liquidation price, the Settings rate is safer said as such.
    """
    tiers = sorted(zip(caps, rates, leverages))
    if not tiers or not usd_per_unit > 0:
        return None, "no tiers"
    caps_usd = [cap * usd_per_unit for cap, _, _ in tiers]
    rates_sorted = [rate for _, rate, _ in tiers]
    leverages_sorted = [leverage for _, _, leverage in tiers]
    numbers = caps_usd + rates_sorted + leverages_sorted
    if any(not math.isfinite(x) for x in numbers) or any(cap <= 0 for cap in caps_usd):
        return None, "a tier without a finite positive size"
    if any(b <= a for a, b in zip(caps_usd, caps_usd[1:])):
        return None, "two tiers of the same size"
    if any(not 0 <= rate < 1 for rate in rates_sorted) or any(b < a for a, b in zip(rates_sorted, rates_sorted[1:])):
        return None, f"maintenance rates {rates_sorted[:3]}... are not fractions that grow with the size"
    if any(not leverage > 0 or rate * leverage > 1 for rate, leverage in zip(rates_sorted, leverages_sorted)):
        return None, "a maintenance rate above its tier's initial margin"
    keep = slice(0, MAX_TIERS)
    return MarginTiers(tuple(caps_usd[keep]), tuple(rates_sorted[keep]), tuple(leverages_sorted[keep]), source), ""


UNIT_USD, UNIT_COINS, UNIT_CONTRACTS = "usd", "coins", "contracts"


def row_tiers(row: dict, caps: list[float], rates: list[float], leverages: list[float], unit: str,
              what: str) -> tuple[MarginTiers | None, str]:
    """:func:`tiers_from_ladder` for a market-table row (a dict), caps in ``unit`` converted at its mark price.

    ``unit``: :data:`UNIT_USD`, :data:`UNIT_COINS` (× price) or :data:`UNIT_CONTRACTS` (× the row's
    contract size, and × price when the contract is linear); ``what`` names the source, and the date of
    the row's data is added to it.
    """
    price = row["mark_price"] if row["mark_price"] > 0 else row["last_price"]
    inverse = row["settle"] == SETTLE_INVERSE
    usd_per_unit = {UNIT_USD: 1.0, UNIT_COINS: price,
                    UNIT_CONTRACTS: row["contract_size"] * (1.0 if inverse else price)}[unit]
    read_on = f", {row['updated_at']:%Y-%m-%d}" if row.get("updated_at") else ""
    return tiers_from_ladder(caps, rates, leverages, usd_per_unit, f"{what}{read_on}")
