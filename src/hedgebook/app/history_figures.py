"""The figures of history: realized funding per perpetual, and how well each contract tracked the coins.

Read from the history store, computed by :mod:`hedgebook.core.history`: funding as mean APR (time-weighted,
each record with its own interval) over the last 7, 30 and 90 days, its volatility and the share of
settlements where longs paid; the minimum-variance hedge ratio β, the hedge effectiveness R² and the
volatility of the basis of each contract's daily closes against the spot closes of its asset.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import history
from ..core.dates import from_epoch_ms
from ..core.time_units import MS_PER_DAY
from ..market.history_query import day_start_ms
from ..market.history_store import CLOSE, FUNDING, HistoryStore
from ..market.table import KIND_PERP, KIND_SPOT
from ..market.venues import SPOT_HISTORY_VENUE
from .daily_history import closes_by_day

FUNDING_WINDOWS_DAYS = (7, 30, 90)
"""The spans realized funding is shown over, days."""


@dataclass(frozen=True)
class FundingHistory:
    """Realized funding of one perpetual (decimals; APR per year; positive = longs paid shorts).

    Attributes
    ----------
    apr_by_window : dict
        Days → mean APR over the last that many days (NaN: no settlement in it).
    apr_vol : float
        Standard deviation of the settlements' APRs over the longest window.
    share_positive : float
        Share of those settlements where longs paid shorts.
    settlements : int
        Settlements in the longest window.
    current_apr : float
        The current rate annualized (the market table's), for comparison.
    updated_at : datetime or None
        When the series was last brought up to date.
    error : str or None
        Why the last update failed (the figures are then as of ``updated_at``).
    """

    venue: str
    symbol: str
    base: str
    apr_by_window: dict[int, float]
    apr_vol: float
    share_positive: float
    settlements: int
    current_apr: float
    updated_at: dt.datetime | None
    error: str | None


@dataclass(frozen=True)
class HedgeFit:
    """How one contract's daily closes tracked the spot closes of its asset over the last ``days``.

    Attributes
    ----------
    hedge_ratio : float
        β = cov / var of daily log returns: contracts' notional per unit of spot notional.
    effectiveness : float
        R² of the minimum-variance hedge (0–1).
    basis_vol : float
        Standard deviation of the daily change of the basis F/S − 1.
    days : int
        Days both series have.
    """

    venue: str
    symbol: str
    base: str
    hedge_ratio: float
    effectiveness: float
    basis_vol: float
    days: int


def funding_history(store: HistoryStore, rows: Iterable[Mapping[str, Any]], now_ms: int,
                    windows: tuple[int, ...] = FUNDING_WINDOWS_DAYS) -> list[FundingHistory]:
    """Realized funding of each perpetual among ``rows`` (market-table rows), from the store."""
    longest = max(windows)
    result = []
    for row in rows:
        if row["kind"] != KIND_PERP:
            continue
        points = store.points(row["venue"], row["symbol"], FUNDING, since_ms=now_ms - longest * MS_PER_DAY)
        times = np.array([p.time_ms for p in points], dtype=float)
        rates = np.array([p.value for p in points], dtype=float)
        intervals = np.array([math.nan if p.interval_h is None else p.interval_h for p in points], dtype=float)
        by_window = {}
        for days in windows:
            recent = times >= now_ms - days * MS_PER_DAY
            by_window[days] = history.funding_apr_mean(rates[recent], intervals[recent]) if recent.any() else math.nan
        state = store.state(row["venue"], row["symbol"], FUNDING)
        result.append(FundingHistory(
            row["venue"], row["symbol"], row["base"], by_window,
            history.funding_apr_vol(rates, intervals) if len(points) else math.nan,
            history.share_positive(rates), len(points), float(row.get("funding_apr", math.nan)),
            state.updated_at, state.error))
    return result


def hedge_fits(store: HistoryStore, rows: Iterable[Mapping[str, Any]], now_ms: int,
               days: int = max(FUNDING_WINDOWS_DAYS)) -> list[HedgeFit]:
    """β, R² and basis volatility of every contract among ``rows`` against its asset's spot closes (the
    :data:`~hedgebook.market.venues.SPOT_HISTORY_VENUE` row of the same asset); contracts of an asset without
    spot closes are left out."""
    rows = list(rows)
    spot = {row["base"]: (row["venue"], row["symbol"]) for row in rows
            if row["kind"] == KIND_SPOT and row["venue"] == SPOT_HISTORY_VENUE}
    since = day_start_ms(now_ms, days)
    first_day, span = from_epoch_ms(since).date(), days + 1  # the day ``days`` back to today

    def closes_of(venue: str, symbol: str) -> np.ndarray:
        return np.array(closes_by_day(store.points(venue, symbol, CLOSE, since_ms=since), first_day, span))

    fits = []
    for row in rows:
        if row["kind"] == KIND_SPOT or row["base"] not in spot:
            continue
        spot_closes, closes = closes_of(*spot[row["base"]]), closes_of(row["venue"], row["symbol"])
        both = int(np.sum(~(np.isnan(spot_closes) | np.isnan(closes))))
        fits.append(HedgeFit(row["venue"], row["symbol"], row["base"], history.hedge_ratio(spot_closes, closes),
                             history.hedge_effectiveness(spot_closes, closes), history.basis_vol(spot_closes, closes),
                             both))
    return fits
