"""Bringing the history store up to date from the venues.

Each series (a venue's instrument and a field: funding, daily close, open interest) is asked from where
the store ends (the last ``days`` on first use), cut into windows of one page each, and every window of a
venue goes out at once, within the venue's rate limit; venues are read in parallel.  A series already as
new as the venue can serve (its next settlement or day not due yet) costs no request; a series behind by
less than a page costs one.  A series whose windows do not all arrive keeps what the store had, and the
store notes why (:meth:`~hedgebook.market.history_store.HistoryStore.mark_failed`): a half-filled span
would leave a hole no later update fills.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.time_units import MS_PER_DAY, MS_PER_HOUR
from .config import MarketConfig
from .errors import VenueBadAnswer, VenueError
from .history_query import HistoryQuery, day_start_ms, funding_interval_h
from .history_store import CLOSE, FIELDS, FUNDING, HistoryStore, Point
from .request import answer
from .table import KIND_PERP, KIND_SPOT
from .threads import venue_threads
from .transport import open_client
from .venues import VENUES

DEFAULT_DAYS = 90
"""Days asked on a series' first update."""
MAX_PAGES_PER_WINDOW = 20
"""Pages followed at most inside one window (a window is planned to hold one)."""
HISTORY_DEADLINE_S = 120.0
"""Seconds a venue's history may take in all, at least (a first backfill asks many pages)."""

Row = Mapping[str, Any]


@dataclass
class SeriesUpdate:
    """What updating one series did.

    Attributes
    ----------
    requests : int
        Requests made for it (0: it was as new as the venue can serve).
    new, changed : int
        Points new to the store, and points the venue restated.
    error : str or None
        Why it could not be updated (its stored points are kept as they were).
    """

    venue: str
    symbol: str
    field: str
    requests: int = 0
    new: int = 0
    changed: int = 0
    error: str | None = None


@dataclass
class HistoryUpdate:
    """The outcome of :func:`update_history`: one entry per series asked, and the requests per venue."""

    series: list[SeriesUpdate] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[SeriesUpdate]:
        return [item for item in self.series if item.error is not None]


ProgressCallback = Callable[[str, str], None]
"""Called as ``progress(venue, message)`` when a venue's history is done."""


def history_targets(rows: Iterable[Row], assets: Iterable[str] | None = None,
                    also: Iterable[tuple[str, str]] = ()) -> list[Row]:
    """The instruments whose history a plan uses: every spot row, and per venue, asset and settlement the
    perpetual with the most open interest (the one a hedge goes to), plus the ``(venue, symbol)`` named in
    ``also`` (the hedges a workbook names, dated ones included).

    Parameters
    ----------
    rows : iterable of mapping
        Rows of the market table.
    assets : iterable of str, optional
        Base assets to keep; None = all.
    """
    wanted = None if assets is None else {asset.strip().upper() for asset in assets}
    named = set(also)
    chosen: dict[tuple, Row] = {}
    for row in rows:
        key = (row["venue"], row["symbol"])
        if key in named:
            chosen[key] = row
            continue
        if wanted is not None and str(row["base"]).upper() not in wanted:
            continue
        if row["kind"] == KIND_SPOT:
            chosen[key] = row
        elif row["kind"] == KIND_PERP:
            slot = ("perp", row["venue"], row["base"], row["settle"])
            best = chosen.get(slot)
            if best is None or _open_interest(row) > _open_interest(best):
                chosen[slot] = row
    return sorted(chosen.values(), key=lambda row: (row["venue"], row["base"], row["kind"], row["symbol"]))


def _open_interest(row: Row) -> float:
    value = row.get("open_interest_usd")
    return value if isinstance(value, (int, float)) and math.isfinite(value) else 0.0


def update_history(rows: Iterable[Row], store: HistoryStore, *, days: int = DEFAULT_DAYS,
                   fields: Iterable[str] = FIELDS, config: MarketConfig | None = None,
                   now_ms: int | None = None, progress: ProgressCallback | None = None) -> HistoryUpdate:
    """Bring the store's series of ``rows`` up to date: every field a row's venue serves.

    Parameters
    ----------
    rows : iterable of mapping
        Rows of the market table (see :func:`history_targets`).
    days : int
        Days a series without stored points is asked for, >= 1.
    fields : iterable of str
        The fields to update (default: all).
    now_ms : int, optional
        The present, milliseconds since the epoch (injected in tests).

    Returns
    -------
    HistoryUpdate
        Never raises for a venue's failure: it is in the failed series' ``error``.

    Raises
    ------
    ValueError
        For ``days`` < 1 or an unknown field.
    """
    if not (isinstance(days, int) and days >= 1):
        raise ValueError(f"days must be a whole number >= 1, got {days!r}")
    fields = tuple(fields)
    unknown = [name for name in fields if name not in FIELDS]
    if unknown:
        raise ValueError(f"unknown history field {unknown[0]!r}; known: {', '.join(FIELDS)}")
    config = config or MarketConfig.from_environment()
    config = config.with_timeout(None, deadline=max(config.deadline_s, HISTORY_DEADLINE_S))
    now = int(time.time() * 1000) if now_ms is None else now_ms
    plans: dict[str, list[_Plan]] = {}
    for row in rows:
        venue_type = VENUES.get(row["venue"])
        if venue_type is None:
            continue
        venue = venue_type()
        for name in fields:
            query = venue.history(name, row)
            if query is not None:
                spans = _spans(query, name, store.state(row["venue"], row["symbol"], name), now, days)
                plans.setdefault(row["venue"], []).append(_Plan(row, name, query, spans))
    result = HistoryUpdate()
    futures = {venue_threads().submit(_read_venue, key, venue_plans, config, now): key
               for key, venue_plans in plans.items()} if not config.in_browser else {}
    outcomes = ((futures[f], f.result) for f in as_completed(futures)) if futures else (
        (key, lambda key=key: _read_venue(key, plans[key], config, now)) for key in plans)
    for key, outcome in outcomes:
        try:
            readings, count = outcome()
        except Exception as error:  # a venue's bug must not take the others down
            readings = [(plan, 0, None, _failure(error)) for plan in plans[key]]
            count = 0
        result.requests[key] = count
        for plan, asked, points, error in readings:
            item = SeriesUpdate(key, plan.row["symbol"], plan.field, asked)
            if error is None and points is not None:
                written = store.write(key, plan.row["symbol"], plan.field, points,
                                      fallback_interval_h=funding_interval_h(plan.row))
                item.new, item.changed = written.new, written.changed
            elif error is not None:
                item.error = error
                store.mark_failed(key, plan.row["symbol"], plan.field, error)
            result.series.append(item)
        if progress is not None:
            failed = sum(1 for _, _, _, error in readings if error)
            progress(key, f"{failed} of {len(readings)} series failed" if failed else "ok")
    return result


@dataclass(frozen=True)
class _Plan:
    row: Row
    field: str
    query: HistoryQuery
    spans: tuple[tuple[int, int], ...]
    """``(start_ms, end_ms)`` spans to ask, both inclusive; none = nothing is due."""


def _spans(query: HistoryQuery, name: str, state, now: int, days: int) -> tuple[tuple[int, int], ...]:
    """What to ask of a series: ``days`` back on first use; then from after its newest point to now, unless
    the next point is not due yet (the next settlement; the next day closed, for a daily close), and the days
    before its oldest point when more days are asked than it holds."""
    floor = day_start_ms(now, days) if name == CLOSE else now - days * MS_PER_DAY
    if query.reach_ms is not None:
        floor = max(floor, now - query.reach_ms + MS_PER_DAY)  # a margin inside the venue's reach
    if state.newest_ms is None:
        return ((floor, now),)
    spans = []
    if state.oldest_ms - query.spacing_ms > floor:
        spans.append((floor, state.oldest_ms - 1))
    if state.newest_ms + query.spacing_ms + (MS_PER_DAY if name == CLOSE else 0) <= now:
        spans.append((max(state.newest_ms + 1, floor), now))
    return tuple(spans)


def _windows(start: int, end: int, length: int) -> list[tuple[int, int]]:
    return [(a, min(a + length - 1, end)) for a in range(start, end + 1, length)]


def _read_venue(key: str, plans: list[_Plan], config: MarketConfig, now: int) -> tuple[list[tuple], int]:
    """``[(plan, requests, points, error)]`` for a venue's series, and the requests made."""
    venue = VENUES[key]()
    due = [plan for plan in plans if plan.spans]
    if not due:
        return [(plan, 0, [], None) for plan in plans], 0
    with open_client(key, venue.default_url, config, ignored_cache_parameters=venue.ignored_cache_parameters,
                     rate_limit=venue.rate_limit, endpoint_limits=venue.endpoint_limits) as client:
        try:
            client.resolve()
        except VenueError as error:
            return [(plan, 0, None, str(error)) if plan.spans else (plan, 0, [], None) for plan in plans], 0
        calls, owners = [], []
        for index, plan in enumerate(due):
            for span in plan.spans:
                pieces = [(_read_pages, span)] if plan.query.page is not None else [
                    (_read_window, window) for window in _windows(*span, plan.query.window_ms)]
                for read, (start, end) in pieces:
                    calls.append(lambda read=read, query=plan.query, start=start, end=end, field=plan.field:
                                 _attempt(read, client.get, query, start, end, _densest(field, query)))
                    owners.append(index)
        outcomes = client.gather(calls)
        count = client.request_count
    gathered = [[0, [], None] for _ in due]
    for index, (points, asked, error) in zip(owners, outcomes):
        entry = gathered[index]
        entry[0] += asked
        entry[1].extend(points)
        entry[2] = entry[2] or error
    readings = [(plan, 0, [], None) for plan in plans if not plan.spans]
    for plan, (asked, points, error) in zip(due, gathered):
        if plan.field == CLOSE:  # today's candle is not a close yet
            points = [point for point in points if point.time_ms + MS_PER_DAY <= now]
        readings.append((plan, asked, None if error else points, error))
    return readings, count


def _densest(field: str, query: HistoryQuery) -> int:
    """The shortest time between two records a series may have, ms: a settlement an hour (the shortest interval a
    venue uses), a daily close or open interest a day."""
    return MS_PER_HOUR if field == FUNDING else query.spacing_ms


def _checked(page: list[Point], query: HistoryQuery, densest_ms: int) -> list[Point]:
    """A page of records, refused when it is longer than the page asked or denser than its series can be (a
    hostile or broken answer would otherwise fill the store and memory)."""
    if len(page) > query.page_size:
        raise VenueBadAnswer(f"a page of {len(page)} records, more than the {query.page_size} asked: refused")
    if len(page) > 1:
        times = [point.time_ms for point in page]
        if len(set(times)) - 1 > (max(times) - min(times)) // densest_ms:
            raise VenueBadAnswer(f"{len(page)} records closer together than one every "
                                 f"{densest_ms / MS_PER_HOUR:g} h: refused")
    return page


def _attempt(read: Callable, get, query: HistoryQuery, start: int, end: int,
             densest_ms: int) -> tuple[list[Point], int, str | None]:
    counter = [0]

    def counted(request):
        counter[0] += 1
        return get(request)

    try:
        return read(counted, query, start, end, densest_ms), counter[0], None
    except VenueError as error:
        return [], counter[0], str(error)


def _read_window(get, query: HistoryQuery, start: int, end: int, densest_ms: int) -> list[Point]:
    """The points of ``[start, end]``: one page, and the rest of the window asked again when the page was full
    (the series denser than planned: an interval shortened)."""
    pending, points, asked = [(start, end)], [], 0
    while pending:
        low, high = pending.pop()
        if asked == MAX_PAGES_PER_WINDOW:
            raise VenueBadAnswer(f"more than {MAX_PAGES_PER_WINDOW} pages of history in one window: not followed")
        page = _checked(query.read(answer(get, query.window(low, high))), query, densest_ms)
        asked += 1
        inside = [point for point in page if low <= point.time_ms <= high]
        points.extend(inside)
        if len(page) >= query.page_size and inside:
            oldest, newest = min(p.time_ms for p in inside), max(p.time_ms for p in inside)
            if query.newest_first in (True, None) and oldest > low:
                pending.append((low, oldest - 1))
            if query.newest_first in (False, None) and newest < high:
                pending.append((newest + 1, high))
    return points


def _read_pages(get, query: HistoryQuery, start: int, end: int, densest_ms: int) -> list[Point]:
    """The points of ``[start, end]`` from numbered pages, newest first, until a page reaches back to ``start``."""
    points = []
    for number in range(1, MAX_PAGES_PER_WINDOW + 1):
        page = _checked(query.read(answer(get, query.page(number))), query, densest_ms)
        points.extend(point for point in page if start <= point.time_ms <= end)
        if len(page) < query.page_size or not page or min(p.time_ms for p in page) <= start:
            return points
    raise VenueBadAnswer(f"more than {MAX_PAGES_PER_WINDOW} pages of history: not followed")


def _failure(error: Exception) -> str:
    if isinstance(error, VenueError):
        return str(error)
    return f"unexpected {type(error).__name__}: {error}"[:200]
