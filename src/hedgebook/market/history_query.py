"""What a venue asks for one history series, and how its answers read: data and pure functions, as for the
market table (:mod:`hedgebook.market.venues.base`).

A venue serves a series either by time window (most: ``startTime``/``endTime`` or cursors, at most
``page_size`` records an answer) or by page number, newest first (MEXC).  :class:`HistoryQuery` says which,
and reads an answer into :class:`~hedgebook.market.history_store.Point` s.  Reading is strict: an answer
whose records lack a time or a value is refused whole (:class:`~hedgebook.market.errors.VenueBadAnswer`),
since a history with records silently dropped would tell a wrong mean.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

from ..core.time_units import MS_PER_DAY, MS_PER_HOUR
from .errors import VenueBadAnswer
from .history_store import Point
from .parsing import to_float
from .request import Request


@dataclass(frozen=True)
class HistoryQuery:
    """How one venue serves one series.

    Attributes
    ----------
    read : callable
        ``read(payload)`` → the points of an answer (envelope unwrapped), any order.
    page_size : int
        Records one answer holds at most.
    spacing_ms : int
        Expected time between records (a funding interval, a day): a span is cut into windows of
        ``page_size`` records.
    window : callable, optional
        ``window(start_ms, end_ms)`` → the request for the records in ``[start_ms, end_ms]``, both inclusive.
    newest_first : bool or None
        When a window holds more records than a page, the venue answers its newest ones (else its oldest;
        None: not documented, the rest of the window is asked on both sides).
    page : callable, optional
        ``page(number)`` → the request of that page (1 = the newest records), for venues that page by number.
    max_span_ms : int, optional
        The longest window the venue accepts.
    reach_ms : int, optional
        How far back the venue serves this series at all (Binance: open interest of the last 30 days).
    """

    read: Callable[[Any], list[Point]]
    page_size: int
    spacing_ms: int
    window: Callable[[int, int], Request] | None = None
    newest_first: bool | None = False
    page: Callable[[int], Request] | None = None
    max_span_ms: int | None = None
    reach_ms: int | None = None

    def __post_init__(self):
        if (self.window is None) == (self.page is None):
            raise ValueError("a history query has either a window or a page request")
        if self.page_size < 1 or self.spacing_ms < 1:
            raise ValueError(f"page size and spacing must be >= 1, got {self.page_size}, {self.spacing_ms}")

    @property
    def window_ms(self) -> int:
        """Length of one window: a page of records less one (so that a window the series fills as planned is
        never a full page, which would have to be followed), within the venue's longest span."""
        span = max(1, self.page_size - 1) * self.spacing_ms
        return min(span, self.max_span_ms) if self.max_span_ms else span


def _number(record: Any, key: Any, source: str) -> float:
    try:
        value = record[key]
    except (KeyError, IndexError, TypeError):
        raise VenueBadAnswer(f"unexpected answer from {source}: a record without {key!r}") from None
    number = to_float(value)
    if not math.isfinite(number):
        raise VenueBadAnswer(f"unexpected answer from {source}: {key!r} is {value!r}, not a number")
    return number


def _listed(payload: Any, source: str, *path: str) -> list:
    node = payload
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    if not isinstance(node, list):
        where = ".".join(path) or "body"
        raise VenueBadAnswer(f"unexpected answer from {source}: {where} is not a list")
    return node


def read_records(source: str, time_key: Any, value_key: Any, *path: str, interval_key: Any = None,
                 interval_unit_h: float = 1.0, interval_h: float | None = None,
                 time_unit_ms: int = 1) -> Callable[[Any], list[Point]]:
    """A :attr:`HistoryQuery.read` for a list of records (objects or arrays) at ``payload[path...]``.

    Parameters
    ----------
    time_key, value_key : str or int
        Where each record keeps its time and its value (a key, or an index for arrays).
    interval_key : str or int, optional
        Where a record keeps its own interval, in units of ``interval_unit_h`` hours.
    interval_h : float, optional
        The interval every record covers, where the venue fixes it (Deribit: an hour).
    time_unit_ms : int
        Milliseconds in the venue's time unit (1000 for seconds).
    """

    def read(payload: Any) -> list[Point]:
        points = []
        for record in _listed(payload, source, *path):
            interval = interval_h if interval_key is None else _number(record, interval_key, source) * interval_unit_h
            points.append(Point(int(_number(record, time_key, source) * time_unit_ms),
                                _number(record, value_key, source), interval))
        return points

    return read


def read_columns(source: str, time_key: str, value_key: str, *path: str,
                 time_unit_ms: int = 1) -> Callable[[Any], list[Point]]:
    """A :attr:`HistoryQuery.read` for columns (``{"time": [...], "close": [...]}``) at ``payload[path...]``."""

    def read(payload: Any) -> list[Point]:
        node = payload
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        times, values = (_listed(node, source, key) for key in (time_key, value_key))
        if len(times) != len(values):
            raise VenueBadAnswer(f"unexpected answer from {source}: {len(times)} times for {len(values)} values")
        return [Point(int(_number(times, i, source) * time_unit_ms), _number(values, i, source))
                for i in range(len(times))]

    return read


def day_start_ms(now_ms: int, days: int) -> int:
    """The start (00:00 UTC) of the day ``days`` before ``now_ms``: the first daily close of the last ``days``."""
    back = now_ms - days * MS_PER_DAY
    return back - back % MS_PER_DAY


def funding_interval_h(row: Mapping[str, Any]) -> float:
    """A market-table row's current funding interval, hours; NaN when it is not known (or not above zero)."""
    interval = to_float(row.get("funding_interval_h"))
    return interval if interval > 0 else math.nan


def funding_spacing_ms(row: Mapping[str, Any]) -> int:
    """Expected time between a perpetual's settlements: its current interval, else one hour (the shortest,
    so that no window holds more than a page)."""
    interval = funding_interval_h(row)
    return int((1.0 if math.isnan(interval) else interval) * MS_PER_HOUR)
