"""How the market is reached: addresses, timeout, retries, the spec cache; read once from the environment.

Environment variables (all optional):

``HEDGEBOOK_URL_<VENUE>``
    Base URL of a venue (``HEDGEBOOK_URL_BINANCE=http://127.0.0.1:8080``), or of the CFTC
    (``HEDGEBOOK_URL_CFTC``).
``HEDGEBOOK_CACHE_DIR``
    Folder of the instrument-spec cache (default: the user cache directory).
``HEDGEBOOK_NO_CACHE``
    Any non-empty value turns the spec cache off.
``HEDGEBOOK_RETRY_BACKOFF_S``
    Backoff factor between retries, seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

DEFAULT_TIMEOUT_S = 10.0
"""Seconds to wait for each answer, unless the user says otherwise."""
RETRY_BACKOFF_S = 0.5
"""Backoff factor between retries (0, 1, 2 s)."""
URL_VARIABLE_PREFIX = "HEDGEBOOK_URL_"


@dataclass(frozen=True)
class MarketConfig:
    """Everything the market clients need to know about where and how to ask.

    Attributes
    ----------
    urls : mapping
        Venue key → base URL overriding the venue's public address.
    cache_dir : Path or None
        Folder of the one-day instrument-spec cache; None = no cache.
    timeout : float
        Seconds to wait for each answer, > 0.
    retry_backoff : float
        Backoff factor between retries, seconds, >= 0.
    """

    urls: Mapping[str, str] = field(default_factory=dict)
    cache_dir: Path | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    retry_backoff: float = RETRY_BACKOFF_S

    def __post_init__(self):
        if not self.timeout > 0:
            raise ValueError(f"timeout must be > 0 seconds, got {self.timeout!r}")
        if not self.retry_backoff >= 0:
            raise ValueError(f"retry backoff must be >= 0 seconds, got {self.retry_backoff!r}")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "MarketConfig":
        """The configuration the ``HEDGEBOOK_*`` environment variables describe."""
        environ = os.environ if environ is None else environ
        urls = {
            name[len(URL_VARIABLE_PREFIX):].lower(): value
            for name, value in environ.items()
            if name.startswith(URL_VARIABLE_PREFIX) and value
        }
        backoff = environ.get("HEDGEBOOK_RETRY_BACKOFF_S")
        try:
            retry_backoff = RETRY_BACKOFF_S if backoff in (None, "") else float(backoff)
        except ValueError:
            raise ValueError(f"HEDGEBOOK_RETRY_BACKOFF_S must be a number of seconds, got {backoff!r}") from None
        return cls(urls=urls, cache_dir=None if environ.get("HEDGEBOOK_NO_CACHE") else _cache_dir(environ),
                   retry_backoff=retry_backoff)

    def with_timeout(self, timeout: float | None) -> "MarketConfig":
        """This configuration with another per-answer timeout (None keeps it)."""
        return self if timeout is None else replace(self, timeout=float(timeout))

    def url(self, venue: str, default: str) -> str:
        """The base URL of ``venue``: the configured override, else ``default``; no trailing slash."""
        return self.urls.get(venue.lower(), default).rstrip("/")


def _cache_dir(environ: Mapping[str, str]) -> Path:
    configured = environ.get("HEDGEBOOK_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("hedgebook", appauthor=False))
