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
