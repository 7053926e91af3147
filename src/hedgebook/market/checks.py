"""Whether a market row can be trusted: its price against independent references, its funding, its age.

Pure checks on the market table.  Each row's ``status`` says what is wrong
with it, most serious first:

``error: <why>``
    not usable: its data is older than ``max_age_s``;
``suspect: <why>``
    a value to doubt: a price too far from the asset's reference, a funding
    rate beyond the cap, an interval outside 1–24 h (or, from parsing, a
    number that was not finite);
``stale: <why>``
    older than ``stale_after_s`` (or kept from a refresh in which its venue failed);
``ok``.

The reference price of an asset is the median of the independent prices of
it that are not suspect and not too old: the spot venues' last prices and
every contract's index price.  A contract's price (mark, else last) must lie within
``price_deviation`` of it (a dated future also within its basis: up to
``basis_per_year`` per year to expiry); so must each index and spot price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..core.time_units import DAYS_PER_YEAR, SECONDS_PER_DAY, SECONDS_PER_HOUR
from .table import ERROR, KIND_DATED, KIND_PERP, KIND_SPOT, STALE, STATUS_OK, SUSPECT, status_kind


@dataclass(frozen=True)
class Limits:
    """What a row may hold and how old it may be.

    Attributes
    ----------
    price_deviation : float
        Largest distance of a price from the asset's reference, fraction (0.05 = 5 %).
    funding_rate : float
        Largest absolute funding rate, decimal per interval (0.03 = 3 %; venues cap far below).
    min_interval_h, max_interval_h : float
        The funding intervals venues use, hours.
    basis_per_year : float
        Extra distance a dated future may have from spot, per year to expiry (its basis).
    stale_after_s : float
        Data older than this, seconds, is stale: orders from it say so.
    max_age_s : float
        Data older than this, seconds, is not used: no order is computed from it.
    """

    price_deviation: float = 0.05
    funding_rate: float = 0.03
    min_interval_h: float = 1.0
    max_interval_h: float = 24.0
    basis_per_year: float = 0.5
    stale_after_s: float = SECONDS_PER_HOUR
    max_age_s: float = 7 * SECONDS_PER_DAY

    def __post_init__(self):
        for name in ("price_deviation", "funding_rate", "stale_after_s", "max_age_s"):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"{name} must be > 0, got {value!r}")
        if self.max_age_s < self.stale_after_s:
            raise ValueError(f"max_age_s ({self.max_age_s!r}) must be >= stale_after_s ({self.stale_after_s!r})")


DEFAULT_LIMITS = Limits()
"""The checks' defaults: Settings' Price check, Funding check, Stale after and Oldest data used start from these."""


def describe_age(seconds: float) -> str:
    """``"45 min"``, ``"3 h"``, ``"9 days"``."""
    if seconds < SECONDS_PER_HOUR:
        return f"{max(seconds, 0) / 60:.0f} min"
    if seconds < 2 * SECONDS_PER_DAY:
        return f"{seconds / SECONDS_PER_HOUR:.0f} h"
    return f"{seconds / SECONDS_PER_DAY:.0f} days"


def ages(table: pd.DataFrame, now: dt.datetime) -> pd.Series:
    """Seconds from each row's ``updated_at`` to ``now`` (NaN where unknown)."""
    return (pd.Timestamp(now) - table["updated_at"]).dt.total_seconds()


def _kind(status: pd.Series) -> pd.Series:
    return status.map(status_kind)


def check_rows(table: pd.DataFrame, limits: Limits, now: dt.datetime) -> pd.DataFrame:
    """The market table with each row's status saying whether it can be trusted (values unchanged).

    Parameters
    ----------
    table : DataFrame
        The market table (:data:`~hedgebook.market.table.COLUMNS`).
    limits : Limits
    now : datetime
        UTC; ages are measured to it.

    Returns
    -------
    DataFrame
        A copy; a status already ``error`` or ``suspect`` is kept.
    """
    if table.empty:
        return table.copy()
    out = table.copy()
    kind = _kind(out["status"])
    age = ages(out, now)
    usable = kind.isin([STATUS_OK, STALE]) & ~(age > limits.max_age_s)
    reference = _reference_prices(out, usable)
    ref = out["base"].map(reference)
    years = ((out["expiry"] - pd.Timestamp(now)).dt.total_seconds() / SECONDS_PER_DAY / DAYS_PER_YEAR).clip(lower=0)
    basis = np.where(out["kind"].eq(KIND_DATED), limits.basis_per_year * years.fillna(0), 0)
    allowance = limits.price_deviation + basis
    price = out["mark_price"].where(out["mark_price"] > 0, out["last_price"])
    price = price.where(~out["kind"].eq(KIND_SPOT), out["last_price"])
    problems = pd.Series("", index=out.index, dtype=object)

    def note(mask: pd.Series, text: Callable[[pd.Series], pd.Series]) -> None:
        """``text(rows)`` for the rows of ``mask`` that have no problem yet (worded only for those rows)."""
        mask = mask.fillna(False) & problems.eq("")
        if mask.any():
            problems[mask] = text(mask)

    with np.errstate(divide="ignore", invalid="ignore"):
        price_off = (price / ref - 1).abs()
        index_off = (out["index_price"] / ref - 1).abs()
    what = pd.Series(np.where(out["kind"].eq(KIND_SPOT), "price",
                              np.where(out["mark_price"] > 0, "mark", "last price")), index=out.index)
    allowance = pd.Series(allowance, index=out.index)
    note(price_off > allowance,
         lambda rows: _describe(what[rows], price[rows], ref[rows], price_off[rows], allowance[rows]))
    note((out["index_price"] > 0) & (index_off > limits.price_deviation),
         lambda rows: _describe(pd.Series("index", index=out.index[rows]), out["index_price"][rows], ref[rows],
                                index_off[rows], limits.price_deviation))
    perp = out["kind"].eq(KIND_PERP)
    rate = out["funding_rate"]
    note(perp & (rate.abs() > limits.funding_rate),
         lambda rows: "funding rate " + (rate[rows] * 100).map("{:+.4g}%".format)
         + f" per interval, beyond ±{limits.funding_rate:.2%}")
    interval = out["funding_interval_h"]
    note(perp & interval.notna() & ((interval < limits.min_interval_h) | (interval > limits.max_interval_h)),
         lambda rows: "funding interval " + interval[rows].map("{:g} h".format)
         + f" outside {limits.min_interval_h:g}–{limits.max_interval_h:g} h")

    checked = kind.isin([STATUS_OK, STALE])
    suspect = checked & problems.ne("")
    too_old = kind.ne(ERROR) & (age > limits.max_age_s)
    aged = kind.eq(STATUS_OK) & ~suspect & ~too_old & ((age > limits.stale_after_s) | age.isna())
    status = out["status"].copy()
    status[suspect] = [f"{SUSPECT}: {problem}" for problem in problems[suspect]]
    status[too_old] = [f"{ERROR}: data is {describe_age(s)} old (limit {describe_age(limits.max_age_s)})"
                       for s in age[too_old]]
    status[aged] = [f"{STALE}: data is " + ("of unknown age" if s != s else f"{describe_age(s)} old")
                    for s in age[aged]]
    out["status"] = status
    return out


def _reference_prices(table: pd.DataFrame, usable: pd.Series) -> pd.Series:
    """Base asset → median of its usable independent prices (spot last prices, contracts' index prices)."""
    spot = table.loc[usable & table["kind"].eq(KIND_SPOT), ["base", "last_price"]].rename(columns={"last_price": "p"})
    index = table.loc[usable & ~table["kind"].eq(KIND_SPOT), ["base", "index_price"]].rename(
        columns={"index_price": "p"})
    prices = pd.concat([spot, index], ignore_index=True)
    prices = prices[np.isfinite(prices["p"]) & (prices["p"] > 0)]
    return prices.groupby("base")["p"].median()


def price_text(value: float) -> str:
    """A price as people write it: ``60,000``, ``59,995.5``, ``0.4``, ``1e-09``."""
    if value != value:
        return "nan"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.6g}"


def _describe(what: pd.Series, value: pd.Series, reference: pd.Series, off: pd.Series, limit) -> pd.Series:
    limit_text = pd.Series(limit, index=value.index).map("{:.0%}".format)
    return (what + " " + value.map(price_text) + " is " + off.map("{:.0%}".format) + " from the reference "
            + reference.map(price_text) + " (limit " + limit_text + ")")
