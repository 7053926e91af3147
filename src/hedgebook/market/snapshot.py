"""Fetching the market: venues in parallel, one failure never blocking the others."""

from __future__ import annotations

import datetime as dt
import warnings
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator

import pandas as pd

from ..core.errors import InputError
from .config import MarketConfig
from .errors import VenueError
from .spec_cache import SpecCache
from .table import COLUMNS, STATUS_OK, normalize_types, to_table
from .threads import venue_threads
from .tiers import MarginTiers
from .transport import MAX_RESPONSE_BYTES, open_client
from .venue_names import unknown_venue
from .venues import DEFAULT_VENUES, VENUES
from .venues.base import read_venue


class MarketDataWarning(UserWarning):
    """A soft problem in venue data: a field missing or renamed, an unknown asset."""


@dataclass
class MarketSnapshot:
    """The market table and what went wrong while building it.

    Attributes
    ----------
    table : pandas.DataFrame
        Exactly the columns of :data:`~hedgebook.market.table.COLUMNS`, one row per instrument.
    errors : dict
        Venue key → one-line message, for venues that could not be read.
    failures : dict
        Venue key → the :class:`~hedgebook.market.errors.VenueError` itself (its type says what kind of failure).
    tiers : dict
        ``(venue, symbol)`` → :class:`~hedgebook.market.tiers.MarginTiers` the venue published.
    warnings : list of str
        Soft problems (missing fields, unknown assets); rows are still there.
    requests : dict
        Venue key → number of HTTP requests made.
    fetched_at : datetime
        UTC time of the fetch.
    label : str
        What the data is (e.g. "live" or "SAMPLE DATA as of ...").
    sample : bool
        The bundled sample (made-up prices, a market frozen at ``fetched_at``), not data read from a venue.
    """

    table: pd.DataFrame
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    label: str = "live"
    sample: bool = False
    failures: dict[str, VenueError] = field(default_factory=dict)
    tiers: dict[tuple[str, str], MarginTiers] = field(default_factory=dict)


ProgressCallback = Callable[[str, str], None]
"""Called as ``progress(venue, message)`` when a venue finishes (message "ok" or the error)."""


def open_spec_cache(config: MarketConfig) -> tuple[SpecCache | None, str | None]:
    """The spec cache ``config`` names, or None and why it is not used (off, or unsafe)."""
    if config.cache_dir is None:
        return None, None
    try:
        return SpecCache(config.cache_dir, max_bytes=MAX_RESPONSE_BYTES), None
    except (ValueError, OSError) as error:
        return None, f"spec cache not used: {error}"


def _resolve_venues(venues: Iterable[str] | None) -> list[str]:
    keys = list(DEFAULT_VENUES if venues is None else venues)
    unknown = [key for key in keys if key not in VENUES]
    if unknown:
        raise InputError(unknown_venue(unknown[0], tuple(VENUES)))
    return list(dict.fromkeys(keys))


def _fetch_one(key: str, assets: frozenset[str] | None, config: MarketConfig, spec_cache: SpecCache | None):
    venue = VENUES[key]()
    with open_client(key, venue.default_url, config, spec_cache=spec_cache,
                     ignored_cache_parameters=venue.ignored_cache_parameters, rate_limit=venue.rate_limit,
                     endpoint_limits=venue.endpoint_limits) as client:
        try:
            client.resolve()
            result = read_venue(venue, assets, client.get, client.gather, client.peek)
        finally:
            count = client.request_count
    return result, count


def _outcomes(keys: list[str], fetch_one: Callable, parallel: bool) -> Iterator[tuple[str, Callable]]:
    """``(venue, outcome)`` as each venue finishes; ``outcome()`` returns its result or raises its error.

    In parallel the venues are read in threads and ``outcome`` hands over a thread's result; otherwise (a
    browser: no threads) ``outcome`` reads the venue when called, one after the other.
    """
    if not parallel:
        for key in keys:
            yield key, partial(fetch_one, key)
        return
    futures = {venue_threads().submit(fetch_one, key): key for key in keys}
    for future in as_completed(futures):
        yield futures[future], future.result


def fetch_market(
    venues: Iterable[str] | None = None,
    assets: Iterable[str] | None = None,
    *,
    timeout: float | None = None,
    progress: ProgressCallback | None = None,
    config: MarketConfig | None = None,
    deadline: float | None = None,
) -> MarketSnapshot:
    """Read every venue in parallel into one normalized market table.

    Parameters
    ----------
    venues : iterable of str, optional
        Venue keys (see ``hedgebook.market.VENUES``); None = all.
    assets : iterable of str, optional
        Base assets to keep, e.g. ``["BTC", "ETH"]``; None = all.
    timeout : float, optional
        Seconds to wait for each HTTP answer (default: the configuration's).
    progress : callable, optional
        ``progress(venue, message)`` as each venue finishes.
    config : MarketConfig, optional
        Addresses, retries and spec cache (default: read from the environment).
    deadline : float, optional
        Seconds a venue may take in all (default: the configuration's).

    Returns
    -------
    MarketSnapshot
        Never raises for a venue's failure: it is in ``errors``.

    Raises
    ------
    ValueError
        For an unknown venue key.
    """
    keys = _resolve_venues(venues)
    config = (config or MarketConfig.from_environment()).with_timeout(timeout, deadline)
    wanted = None if assets is None else frozenset(a.strip().upper() for a in assets if a and a.strip())
    rows, failures, notes, requests, tiers = [], {}, [], {}, {}
    spec_cache, cache_problem = open_spec_cache(config)
    if cache_problem:
        notes.append(cache_problem)
    started = dt.datetime.now(dt.timezone.utc)
    try:
        for key, outcome in _outcomes(keys, lambda key: _fetch_one(key, wanted, config, spec_cache),
                                      parallel=not config.in_browser):
            try:
                result, count = outcome()
            except VenueError as error:
                failures[key] = error
            except Exception as error:  # a venue's bug must not take the refresh down
                failures[key] = VenueError(f"unexpected {type(error).__name__}: {error}"[:200])
            else:
                requests[key] = count
                for row in result.rows:
                    if row["updated_at"] is None:
                        row["updated_at"] = started
                    published = row.pop("tiers", None)
                    if published is not None:
                        tiers[(key, row["symbol"])] = published
                rows.extend(result.rows)
                notes.extend(result.warnings)
            if progress is not None:
                progress(key, str(failures[key]) if key in failures else STATUS_OK)
    finally:
        if spec_cache is not None:
            spec_cache.close()
    for note in notes:
        warnings.warn(note, MarketDataWarning, stacklevel=2)
    order = {key: i for i, key in enumerate(keys)}
    rows.sort(key=lambda row: (order[row["venue"]], row["base"], row["kind"], row["symbol"]))
    table = to_table(rows)
    errors = {key: str(error) for key, error in failures.items()}
    return MarketSnapshot(table, errors, notes, requests, started, failures=failures, tiers=tiers)


def keep_previous_rows(snapshot: MarketSnapshot, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The new table plus, for each venue that failed, its previous rows marked ``stale: <why>``.

    Parameters
    ----------
    snapshot : MarketSnapshot
        The fresh fetch.
    previous : DataFrame, optional
        The last good table (e.g. read back from the workbook's Market sheet).

    Returns
    -------
    DataFrame
        With the market columns.
    """
    if previous is None or not len(previous) or not snapshot.errors:
        return snapshot.table
    previous = normalize_types(previous)
    kept = previous[previous["venue"].isin(list(snapshot.errors))].copy()
    kept["status"] = [f"stale: {snapshot.errors[v]}" for v in kept["venue"]]
    merged = pd.concat([snapshot.table, kept], ignore_index=True) if len(snapshot.table) else kept
    return normalize_types(merged[list(COLUMNS)])
