"""The normalized market table: one row per instrument, same columns for every venue.

Units: prices USD (quote currency); funding_rate decimal per interval, positive
= longs pay shorts; funding_interval_h hours; funding_apr decimal per year;
open_interest in base units (coins), open_interest_usd in USD; contract_size
in the units ``core.hedge_size`` takes (linear: coins per contract, inverse:
USD per contract); lot_size and min_qty (the smallest order) in contracts;
min_notional (the smallest order's value) in USD; times UTC.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..core.funding import funding_apr
from .text import clean_text

COLUMNS = (
    "venue",
    "symbol",
    "base",
    "quote",
    "kind",
    "settle",
    "expiry",
    "last_price",
    "mark_price",
    "index_price",
    "funding_rate",
    "funding_interval_h",
    "next_funding_time",
    "funding_apr",
    "open_interest",
    "open_interest_usd",
    "contract_size",
    "lot_size",
    "min_qty",
    "min_notional",
    "updated_at",
    "status",
)
TEXT_COLUMNS = ("venue", "symbol", "base", "quote", "kind", "settle", "status")
TIME_COLUMNS = ("expiry", "next_funding_time", "updated_at")
NUMBER_COLUMNS = tuple(c for c in COLUMNS if c not in TEXT_COLUMNS + TIME_COLUMNS)

KIND_SPOT, KIND_PERP, KIND_DATED = "spot", "perp", "dated"
SETTLE_LINEAR, SETTLE_INVERSE = "linear", "inverse"
STATUS_OK = "ok"
STALE, SUSPECT, ERROR = "stale", "suspect", "error"
"""Status prefixes: ``stale: <why>`` (old values, kept), ``suspect: <why>`` (a value to doubt),
``error: <why>`` (not usable)."""


def status_kind(status: str) -> str:
    """``"ok"``, ``"stale"``, ``"suspect"`` or ``"error"``: the first word of a row's status text."""
    return re.split(r"[:;]", status, maxsplit=1)[0].strip() if status else STATUS_OK


def make_row(
    venue: str,
    symbol: str,
    base: str,
    quote: str,
    kind: str,
    settle: str = "",
    *,
    expiry: dt.datetime | None = None,
    last_price: float = math.nan,
    mark_price: float = math.nan,
    index_price: float = math.nan,
    funding_rate: float = math.nan,
    funding_interval_h: float = math.nan,
    next_funding_time: dt.datetime | None = None,
    open_interest: float = math.nan,
    open_interest_usd: float = math.nan,
    contract_size: float = math.nan,
    lot_size: float = math.nan,
    min_qty: float = math.nan,
    min_notional: float = math.nan,
    updated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """One row of the market table, with the derived columns filled in (see :func:`fill_derived`)."""
    row = {
        "venue": venue,
        "symbol": clean_text(symbol),
        "base": clean_text(base.upper()),
        "quote": clean_text(quote.upper()),
        "kind": kind,
        "settle": settle,
        "expiry": expiry,
        "last_price": last_price,
        "mark_price": mark_price,
        "index_price": index_price,
        "funding_rate": funding_rate,
        "funding_interval_h": funding_interval_h,
        "next_funding_time": next_funding_time,
        "funding_apr": math.nan,
        "open_interest": open_interest,
        "open_interest_usd": open_interest_usd,
        "contract_size": contract_size,
        "lot_size": lot_size,
        "min_qty": min_qty,
        "min_notional": min_notional,
        "updated_at": updated_at,
        "status": STATUS_OK,
    }
    return fill_derived(row)


def fill_derived(row: dict[str, Any]) -> dict[str, Any]:
    """Compute a row's derived columns in place and return it.

    ``funding_apr`` from rate and interval; open interest in base units and in
    USD each from the other at the mark price (last price if no mark) when
    only one is known.  A number that is not finite (``Infinity`` sent by a
    venue, or an overflow) is never kept: it becomes NaN and the row is
    ``suspect``, naming the column.
    """
    not_finite = _drop_infinite(row)
    price = row["mark_price"] if not math.isnan(row["mark_price"]) else row["last_price"]
    if math.isnan(row["open_interest_usd"]) and not math.isnan(row["open_interest"]) and not math.isnan(price):
        row["open_interest_usd"] = row["open_interest"] * price
    if math.isnan(row["open_interest"]) and not math.isnan(row["open_interest_usd"]) and price > 0:
        row["open_interest"] = row["open_interest_usd"] / price
    rate, interval = row["funding_rate"], row["funding_interval_h"]
    with np.errstate(over="ignore", invalid="ignore"):
        row["funding_apr"] = float(funding_apr(rate, interval)) if not math.isnan(rate) and interval > 0 else math.nan
    not_finite += _drop_infinite(row)  # an overflow of what was derived
    if not_finite:
        row["status"] = f"{SUSPECT}: {', '.join(not_finite)} not a finite number"
    return row


_NUMBERS_OF = operator.itemgetter(*NUMBER_COLUMNS)


def _drop_infinite(row: dict[str, Any]) -> list[str]:
    """Replace the row's infinite numbers by NaN; the columns they were in."""
    if not any(map(math.isinf, _NUMBERS_OF(row))):
        return []
    infinite = [column for column in NUMBER_COLUMNS if math.isinf(row[column])]
    for column in infinite:
        row[column] = math.nan
    return infinite


def to_table(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly :data:`COLUMNS`, typed (text, UTC times, floats), as :func:`normalize_types`
    makes it.

    Rows as :func:`make_row` builds them (numbers, datetimes or None, text) are typed column by column in
    one step each; anything else (a number as text, a missing column) goes through :func:`normalize_types`.
    """
    rows = list(rows)
    try:
        return _typed_table(rows)
    except (KeyError, TypeError, ValueError):
        return normalize_types(pd.DataFrame(rows, columns=list(COLUMNS)))


def _typed_table(rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    columns: dict[str, Any] = {}
    for column in COLUMNS:
        values = [row[column] for row in rows]
        if column in TEXT_COLUMNS:
            if not all(type(value) is str for value in values):
                raise TypeError(column)
            columns[column] = pd.Series(values, dtype=object)
        elif column in TIME_COLUMNS:
            if not all(value is None or isinstance(value, dt.datetime) for value in values):
                raise TypeError(column)
            columns[column] = pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
        else:
            if not all(type(value) is float for value in values):
                raise TypeError(column)
            columns[column] = np.array(values, dtype=np.float64)
    return pd.DataFrame(columns, columns=list(COLUMNS))


def normalize_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Cast a frame with the market columns to their types; missing columns are added empty."""
    frame = frame.reindex(columns=list(COLUMNS))
    for column in TEXT_COLUMNS:
        text = frame[column].astype(object)  # an all-blank column reads as floats: fill it as text, not as a float
        frame[column] = text.where(text.notna(), "").astype(str).astype(object)
    for column in TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], utc=True, errors="coerce").astype("datetime64[ns, UTC]")
    for column in NUMBER_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(np.float64)
    return frame.reset_index(drop=True)


def empty_table() -> pd.DataFrame:
    """A table with the market columns and no rows."""
    return to_table([])
