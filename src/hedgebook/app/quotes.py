"""Choosing each holding's hedge contract from the market table, and the market values the plan uses.

For a holding hedged on a venue: the venue's perpetual of the asset
(USDT-quoted first, then USD, then USDC), its nearest dated future of the
same settlement expiring at least a week away, and the asset's spot price
(the perpetual's index, else a spot venue's last price).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from ..market.table import KIND_DATED, KIND_PERP, KIND_SPOT, SETTLE_INVERSE, STATUS_OK
from .inputs import HoldingInput

PREFERRED_QUOTES = ("USDT", "USD", "USDC")
MIN_DAYS_TO_EXPIRY = 7.0
"""A dated future expiring sooner than this is not offered as a hedge (it would need rolling at once)."""
SPOT_SOURCES = ("binance_spot", "coingecko")
"""Venues of spot prices, in order of preference; every refresh reads them."""
SECONDS_PER_DAY = 86_400.0
NO_MARK_NOTE = "no mark price: last price used"


@dataclass(frozen=True)
class Quote:
    """Market values of one holding's hedge, written to the Holdings sheet by Refresh.

    Prices USD; ``funding_rate`` per interval of ``interval_h`` hours, positive
    = longs pay shorts; ``contract_size`` coins per contract (linear) or USD
    per contract (inverse); ``lot_size`` in contracts.  ``status`` says where
    the values come from, or why they are missing.
    """

    symbol: str = ""
    price: float = math.nan
    spot_price: float = math.nan
    funding_rate: float = math.nan
    interval_h: float = math.nan
    contract_size: float = math.nan
    lot_size: float = math.nan
    inverse: bool = False
    dated_symbol: str = ""
    dated_price: float = math.nan
    expiry: dt.datetime | None = None
    status: str = ""


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    fresh = rows["status"].str.startswith(STATUS_OK) | rows["status"].str.startswith("stale")
    return rows[fresh & (rows["mark_price"].gt(0) | rows["last_price"].gt(0))]


def contract_price(row: pd.Series) -> tuple[float, str]:
    """A contract's price for sizing: the mark price, else the last trade price (and a note saying so)."""
    if row["mark_price"] > 0:
        return float(row["mark_price"]), ""
    return float(row["last_price"]), NO_MARK_NOTE


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
    days = (rows["expiry"] - pd.Timestamp(as_of)).dt.total_seconds() / SECONDS_PER_DAY
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


def quote_for(holding: HoldingInput, table: pd.DataFrame, as_of: dt.datetime) -> Quote:
    """The hedge of one holding on its venue, or a Quote whose status says why there is none."""
    perp = hedge_perpetual(table, holding.venue, holding.asset)
    if perp is None:
        return Quote(status=f"no {holding.venue} perpetual for {holding.asset} in the market data")
    dated = nearest_dated(table, holding.venue, holding.asset, as_of, perp["settle"])
    price, price_note = contract_price(perp)
    return Quote(
        symbol=perp["symbol"],
        price=price,
        spot_price=spot_price(table, holding.asset, perp),
        funding_rate=float(perp["funding_rate"]),
        interval_h=float(perp["funding_interval_h"]),
        contract_size=float(perp["contract_size"]) if perp["contract_size"] > 0 else 1.0,
        lot_size=float(perp["lot_size"]) if perp["lot_size"] >= 0 else 0.0,
        inverse=perp["settle"] == SETTLE_INVERSE,
        dated_symbol="" if dated is None else dated["symbol"],
        dated_price=math.nan if dated is None else contract_price(dated)[0],
        expiry=None if dated is None else dated["expiry"].to_pydatetime(),
        status="; ".join(filter(None, [perp["status"], price_note])),
    )


def quotes_from_market(holdings: list[HoldingInput], table: pd.DataFrame, as_of: dt.datetime) -> list[Quote]:
    """The hedge perpetual (and nearest dated future) of each holding on its venue."""
    return [quote_for(holding, table, as_of) for holding in holdings]


def needed_venues(holdings: list[HoldingInput]) -> list[str]:
    """The venues a refresh reads: each holding's hedge venue, then the spot sources."""
    return list(dict.fromkeys([h.venue for h in holdings] + list(SPOT_SOURCES)))
