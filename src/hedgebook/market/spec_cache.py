"""The instrument-spec cache: venues' contract listings kept on disk for a day, as JSON text.

Instrument specs (contract sizes, lot steps, expiries) change rarely and are
the largest answers; live data (prices, funding, open interest) is never
cached.  Only an answer that arrived whole (within the size cap), decoded,
and passed its request's checks (no error code, a non-empty instrument
list) is stored; an entry that no longer passes them is dropped and asked
for again.  Entries are JSON text in SQLite (requests-cache's ``SQLiteDict``
with no serializer): nothing read back can run code.  The folder is made
private (0700) and refused when other users can write to it.

The whole cache is held to :data:`MAX_CACHE_BYTES`: storing an entry first evicts the expired ones, then the
oldest until the new one fits, and gives the space back to the disk.

An entry is decoded once per process: the decoded answer is kept in memory
(Excel's Refresh runs in one long-lived process) and served from there, with
no read of the file, until it is a day old, as the file's entry would be.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..core.errors import HedgebookError
from ..core.time_units import SECONDS_PER_DAY
from .memo import RecentMemo

SPEC_CACHE_SECONDS = SECONDS_PER_DAY
CACHE_FILE = "instrument_specs.sqlite"
TABLE = "specs"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH
MAX_CACHE_BYTES = 64 * 1024 * 1024
"""The most the cache's entries may hold together (a refresh of every venue keeps a few MB)."""
MAX_DECODED_ENTRIES = 256
"""Decoded entries kept in memory, the most recently used: a refresh of every venue uses about 70."""


_DECODED = RecentMemo(MAX_DECODED_ENTRIES)
"""Decoded entries, process-wide: ``(cache file, key)`` → ``(stored_at, decoded body)``."""


def forget_decoded() -> None:
    """Forget every decoded entry of this process (the next refresh decodes the file's entries again)."""
    _DECODED.clear()


def _stored_at(head: str) -> float:
    """``stored_at`` from the start of an entry's text (``{"stored_at": 1765000000.0, "body": ...``); NaN when it is
    not there."""
    try:
        prefix = '{"stored_at": '
        if not isinstance(head, str) or not head.startswith(prefix):
            return float("nan")
        return float(head[len(prefix):].split(",", 1)[0])
    except ValueError:
        return float("nan")


class UnsafeCacheDir(HedgebookError, ValueError):
    """The cache folder can be written by other users: what it holds cannot be trusted."""


class SpecCache:
    """Bodies of instrument-spec answers by request, for a day.

    Parameters
    ----------
    directory : Path
        The cache folder; created private (0700) when missing.
    max_bytes : int
        Bodies larger than this are never stored, and never served.
    max_total_bytes : int
        The most all entries may hold together; older entries are evicted to keep within it.
    max_age_s : float
        Seconds an entry is served.
    clock : callable
        Seconds since the epoch (injected in tests).

    Raises
    ------
    UnsafeCacheDir
        When other users can write to ``directory``.
    """

    def __init__(self, directory: Path, *, max_bytes: int, max_age_s: float = SPEC_CACHE_SECONDS,
                 clock: Callable[[], float] = time.time, max_total_bytes: int = MAX_CACHE_BYTES):
        from requests_cache.backends.sqlite import SQLiteDict

        directory = Path(directory)
        directory.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        if os.name == "posix" and directory.stat().st_mode & WRITABLE_BY_OTHERS:
            raise UnsafeCacheDir(f"{directory} can be written by other users: the spec cache is not used")
        self.max_bytes, self.max_age_s, self._clock = max_bytes, max_age_s, clock
        self.max_total_bytes = max_total_bytes
        path = directory / CACHE_FILE
        self._path = str(path.resolve())
        self._store = SQLiteDict(path, TABLE, serializer=None)
        if os.name == "posix" and path.exists():
            path.chmod(PRIVATE_FILE)

    @staticmethod
    def key(url: str, params: Mapping[str, Any] | None, ignored: Sequence[str] = ()) -> str:
        """The entry of a request: its URL and parameters, without those that do not change the answer."""
        kept = sorted((str(k), str(v)) for k, v in (params or {}).items() if k not in ignored)
        return hashlib.sha256(json.dumps([url, kept]).encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        """The stored body, while fresh; an entry that is stale, malformed or too large is dropped."""
        entry = self._fresh_entry(key)
        return None if entry is None else entry[1]

    def _fresh_entry(self, key: str) -> tuple[float, bytes] | None:
        """``(stored_at, body)`` of the file's entry while fresh; one that is stale, malformed or too large
        is dropped."""
        text = self._store.get(key)
        if text is None:
            return None
        stored_at, body = self._read_entry(text)
        if not self._fresh(stored_at, body):
            self.drop(key)
            return None
        return stored_at, body

    def get_decoded(self, key: str, decode: Callable[[bytes], Any]) -> Any | None:
        """The stored body decoded with ``decode``, while fresh: decoded once per process and then served from
        memory, without reading the file, until it is a day old (the result is shared, and must not be changed).

        An entry that is stale, malformed or too large is dropped, as by :meth:`get`; what ``decode`` raises is
        raised (the entry is kept: the caller decides).
        """
        slot = (self._path, key)
        known = _DECODED.get(slot)
        if known is not None:
            stored_at, decoded = known
            if self._fresh(stored_at, b""):
                return decoded
            _DECODED.drop(slot)
        entry = self._fresh_entry(key)
        if entry is None:
            return None
        stored_at, body = entry
        decoded = decode(body)
        _DECODED.put(slot, (stored_at, decoded))
        return decoded

    @staticmethod
    def _read_entry(text: str) -> tuple[float, bytes]:
        """``(stored_at, body)`` of an entry's text; NaN when it is malformed."""
        try:
            entry = json.loads(text)
            return float(entry["stored_at"]), entry["body"].encode("utf-8")
        except (ValueError, TypeError, KeyError, AttributeError):
            return float("nan"), b""

    def _fresh(self, stored_at: float, body: bytes) -> bool:
        return 0 <= self._clock() - stored_at < self.max_age_s and len(body) <= self.max_bytes

    def put(self, key: str, body: bytes, decoded: Any = None) -> None:
        """Store a body that passed its checks (not when it is too large or not UTF-8 text); ``decoded``, the
        body as decoded already, is kept in memory for :meth:`get_decoded`."""
        if len(body) > self.max_bytes:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        stored_at = self._clock()
        entry = json.dumps({"stored_at": stored_at, "body": text})
        if len(entry) > self.max_total_bytes:
            return
        self._make_room(key, len(entry))
        self._store[key] = entry
        if decoded is not None:
            _DECODED.put((self._path, key), (stored_at, decoded))

    def entries(self) -> list[tuple[str, float, int]]:
        """``(key, stored_at, size)`` of every entry, oldest first (a malformed one as stored at NaN, first)."""
        with self._store.connection() as db:
            rows = db.execute(f"SELECT key, substr(value, 1, 64), length(value) FROM {TABLE}").fetchall()
        found = [(key, _stored_at(head), size) for key, head, size in rows]
        return sorted(found, key=lambda entry: (entry[1] == entry[1], entry[1]))

    def _make_room(self, key: str, size: int) -> None:
        """Evict the expired entries, then the oldest, until ``size`` more bytes fit under the cap (an entry
        ``key`` is replaced, so it does not count); give the space back to the disk when any were evicted."""
        now = self._clock()
        kept, evicted = [], []
        for entry in self.entries():
            if entry[0] == key:
                continue
            fresh = 0 <= now - entry[1] < self.max_age_s
            (kept if fresh else evicted).append(entry)
        total = sum(entry[2] for entry in kept)
        while kept and total + size > self.max_total_bytes:
            oldest = kept.pop(0)
            evicted.append(oldest)
            total -= oldest[2]
        if evicted:
            for evicted_key, _, _ in evicted:
                _DECODED.drop((self._path, evicted_key))
            self._store.bulk_delete(keys=[evicted_key for evicted_key, _, _ in evicted])
            try:
                self._store.vacuum()
            except sqlite3.OperationalError:  # another thread is reading: the space is given back another time
                pass

    def drop(self, key: str) -> None:
        """Forget an entry."""
        _DECODED.drop((self._path, key))
        try:
            del self._store[key]
        except KeyError:
            pass

    def close(self) -> None:
        self._store.close()
