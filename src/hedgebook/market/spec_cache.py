"""The instrument-spec cache: venues' contract listings kept on disk for a day.

Instrument specs (contract sizes, lot steps, expiries) change rarely and are
the largest answers; live data (prices, funding, open interest) is never
cached.  ``requests-cache`` stores the answers in SQLite in the folder the
:class:`~hedgebook.market.config.MarketConfig` names.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

import requests

SPEC_CACHE_SECONDS = 24 * 3600
CACHE_FILE = "instrument_specs"

_creation_lock = threading.Lock()


def cached_session(directory: Path, ignored_parameters: Sequence[str] = ()) -> requests.Session:
    """A session that answers spec requests from the cache in ``directory`` while they are fresh.

    Parameters
    ----------
    directory : Path
        Cache folder; created when missing.
    ignored_parameters : sequence of str
        Query parameters that do not change an answer (e.g. a timestamp).
    """
    import requests_cache

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with _creation_lock:  # concurrent venues open the same SQLite file
        return requests_cache.CachedSession(
            str(directory / CACHE_FILE),
            backend="sqlite",
            expire_after=SPEC_CACHE_SECONDS,
            allowable_codes=(200,),
            ignored_parameters=list(ignored_parameters),
            stale_if_error=False,
        )
