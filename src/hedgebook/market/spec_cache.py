"""The instrument-spec cache: venues' contract listings kept on disk for a day, as JSON text.

Instrument specs (contract sizes, lot steps, expiries) change rarely and are
the largest answers; live data (prices, funding, open interest) is never
cached.  Only an answer that arrived whole (within the size cap), decoded,
and passed its request's checks (no error code, a non-empty instrument
list) is stored; an entry that no longer passes them is dropped and asked
for again.  Entries are JSON text in SQLite (requests-cache's ``SQLiteDict``
with no serializer): nothing read back can run code.  The folder is made
private (0700) and refused when other users can write to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

SPEC_CACHE_SECONDS = 24 * 3600
CACHE_FILE = "instrument_specs.sqlite"
TABLE = "specs"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH


class UnsafeCacheDir(ValueError):
    """The cache folder can be written by other users: what it holds cannot be trusted."""


class SpecCache:
    """Bodies of instrument-spec answers by request, for a day.

    Parameters
    ----------
    directory : Path
        The cache folder; created private (0700) when missing.
    max_bytes : int
        Bodies larger than this are never stored, and never served.
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
                 clock: Callable[[], float] = time.time):
        from requests_cache.backends.sqlite import SQLiteDict

        directory = Path(directory)
        directory.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        if os.name == "posix" and directory.stat().st_mode & WRITABLE_BY_OTHERS:
            raise UnsafeCacheDir(f"{directory} can be written by other users: the spec cache is not used")
        self.max_bytes, self.max_age_s, self._clock = max_bytes, max_age_s, clock
        path = directory / CACHE_FILE
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
        text = self._store.get(key)
        if text is None:
            return None
        try:
            entry = json.loads(text)
            body = entry["body"].encode("utf-8")
            fresh = 0 <= self._clock() - float(entry["stored_at"]) < self.max_age_s
        except (ValueError, TypeError, KeyError, AttributeError):
            fresh, body = False, b""
        if not fresh or len(body) > self.max_bytes:
            self.drop(key)
            return None
        return body

    def put(self, key: str, body: bytes) -> None:
        """Store a body that passed its checks (not when it is too large or not UTF-8 text)."""
        if len(body) > self.max_bytes:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return
        self._store[key] = json.dumps({"stored_at": self._clock(), "body": text})

    def drop(self, key: str) -> None:
        """Forget an entry."""
        try:
            del self._store[key]
        except KeyError:
            pass

    def close(self) -> None:
        self._store.close()
