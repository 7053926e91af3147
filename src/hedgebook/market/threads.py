"""Worker threads kept for the life of the process, for venues and for their requests.

A refresh reads its venues in parallel and each venue sends its requests in
parallel.  Starting those threads anew for every refresh costs CPU on a small
machine; Excel's Refresh runs in one long-lived Python process, so the threads
are started once and reused (a pool grows to the most tasks that ran at once).

Venues wait for their requests, never the other way round, so the two pools
are kept apart: a venue cannot hold the thread its own request needs.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

MAX_VENUE_THREADS = 16
"""Venues read at once (there are nine)."""
MAX_REQUEST_THREADS = 256
"""Requests in flight at once over all venues (each venue also caps its own)."""

_lock = threading.Lock()
_pools: dict[str, ThreadPoolExecutor] = {}


def _pool(name: str, size: int) -> ThreadPoolExecutor:
    with _lock:
        pool = _pools.get(name)
        if pool is None:
            pool = _pools[name] = ThreadPoolExecutor(max_workers=size, thread_name_prefix=f"hedgebook-{name}")
        return pool


def venue_threads() -> ThreadPoolExecutor:
    """The threads that read venues."""
    return _pool("venue", MAX_VENUE_THREADS)


def request_threads() -> ThreadPoolExecutor:
    """The threads that send requests."""
    return _pool("request", MAX_REQUEST_THREADS)


def one_after_the_other(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Every call, in order, as ``VenueClient.gather`` runs them without threads: each runs even after one failed,
    and the first failure is raised at the end (a browser reading ahead learns every request it lacks)."""
    results: list = []
    first: BaseException | None = None
    for call in calls:
        try:
            results.append(call())
        except Exception as error:  # noqa: BLE001  (raised below, once every call has run)
            first = first or error
            results.append(None)
    if first is not None:
        raise first
    return results
