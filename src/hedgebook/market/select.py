"""Picking instruments out of the market table for a plan: the hedge perpetual, a dated future, a spot price."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from .table import KIND_DATED, KIND_PERP, KIND_SPOT, SETTLE_INVERSE, STATUS_OK

PREFERRED_QUOTES = ("USDT", "USD", "USDC")
MIN_DAYS_TO_EXPIRY = 7.0
"""A dated future expiring sooner than this is not offered as a hedge (it would need rolling at once)."""
SPOT_SOURCES = ("binance_spot", "coingecko")


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    fresh = rows["status"].str.startswith(STATUS_OK) | rows["status"].str.startswith("stale")
    return rows[fresh & (rows["mark_price"].gt(0) | rows["last_price"].gt(0))]


def contract_price(row: pd.Series) -> tuple[float, str]:
    """A contract's price for sizing: the mark price, else the last trade price (and a note saying so)."""
    if row["mark_price"] > 0:
        return float(row["mark_price"]), ""
    return float(row["last_price"]), "no mark price: last price used"


def _quote_rank(quote: str) -> int:
    return PREFERRED_QUOTES.index(quote) if quote in PREFERRED_QUOTES else len(PREFERRED_QUOTES)


def hedge_perpetual(table: pd.DataFrame, venue: str, asset: str) -> pd.Series | None:
    """The perpetual to hedge ``asset`` on ``venue``: USDT-quoted first, then USD (inverse), then USDC."""
    rows = _usable(table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_PERP)])
    if rows.empty:
        return None
    ranked = rows.assign(_rank=rows["quote"].map(_quote_rank)).sort_values(["_rank", "symbol"])
    return ranked.drop(columns="_rank").iloc[0]


def nearest_dated(table: pd.DataFrame, venue: str, asset: str, as_of: dt.datetime, settle: str) -> pd.Series | None:
    """The dated future of ``asset`` on ``venue`` (same settlement) expiring first, at least a week after ``as_of``."""
    rows = _usable(table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_DATED)
                         & (table["settle"] == settle)])
    if rows.empty:
        return None
    days = (rows["expiry"] - pd.Timestamp(as_of)).dt.total_seconds() / 86_400
    rows = rows[days >= MIN_DAYS_TO_EXPIRY]
    if rows.empty:
        return None
    return rows.sort_values(["expiry", "symbol"]).iloc[0]


def spot_price(table: pd.DataFrame, asset: str, hedge: pd.Series | None = None) -> float:
    """Spot price of ``asset``: the hedge contract's index price, else a spot venue's last price."""
    if hedge is not None and hedge["index_price"] > 0:
        return float(hedge["index_price"])
    for venue in SPOT_SOURCES:
        rows = table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_SPOT)]
        rows = rows[rows["last_price"].gt(0)]
        if not rows.empty:
            return float(rows.iloc[0]["last_price"])
    return math.nan


def is_inverse(row: pd.Series) -> bool:
    """Whether a market row is an inverse (coin-margined) contract."""
    return row["settle"] == SETTLE_INVERSE
