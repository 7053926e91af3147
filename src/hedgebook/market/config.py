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
``HEDGEBOOK_DEADLINE_S``
    Seconds a venue may take in all, every request and retry included (default: 3 × the timeout).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from ..core.errors import InputError
from .browser import OpenRequest, running_in_browser

DEFAULT_TIMEOUT_S = 10.0
"""Seconds to wait for each answer, unless the user says otherwise."""
RETRY_BACKOFF_S = 0.5
"""Backoff factor between retries (0, 1, 2 s)."""
DEADLINE_TIMEOUTS = 3
"""A venue's whole reading (every request, retry and wait) ends within this many per-answer timeouts."""
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
    deadline : float, optional
        Seconds a venue may take in all (requests, retries, waits, slow bodies);
        None = :data:`DEADLINE_TIMEOUTS` × ``timeout``.  Past it the venue is
        reported as timed out.  Venues are read in parallel, so a refresh
        reads the market within one deadline.
    in_browser : bool
        Running in a browser (Pyodide: xlwings Lite): requests go through the
        browser one after the other (:mod:`hedgebook.market.browser`), with no
        retries and no spec cache.
    browser_request : callable, optional
        How the browser performs one GET (:data:`hedgebook.market.browser.OpenRequest`);
        None = its ``XMLHttpRequest``.  Tests give a stand-in.
    """

    urls: Mapping[str, str] = field(default_factory=dict)
    cache_dir: Path | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    retry_backoff: float = RETRY_BACKOFF_S
    deadline: float | None = None
    in_browser: bool = False
    browser_request: OpenRequest | None = None

    def __post_init__(self):
        if not self.timeout > 0:
            raise InputError(f"timeout must be > 0 seconds, got {self.timeout!r}")
        if not self.retry_backoff >= 0:
            raise InputError(f"retry backoff must be >= 0 seconds, got {self.retry_backoff!r}")
        if self.deadline is not None and not self.deadline > 0:
            raise InputError(f"deadline must be > 0 seconds, got {self.deadline!r}")

    @property
    def deadline_s(self) -> float:
        """Seconds a venue may take in all."""
        return self.deadline if self.deadline is not None else DEADLINE_TIMEOUTS * self.timeout

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "MarketConfig":
        """The configuration the ``HEDGEBOOK_*`` environment variables describe."""
        environ = os.environ if environ is None else environ
        urls = {
            name[len(URL_VARIABLE_PREFIX):].lower(): value
            for name, value in environ.items()
            if name.startswith(URL_VARIABLE_PREFIX) and value
        }
        in_browser = running_in_browser()
        no_cache = in_browser or bool(environ.get("HEDGEBOOK_NO_CACHE"))
        return cls(urls=urls, cache_dir=None if no_cache else _cache_dir(environ),
                   retry_backoff=_seconds(environ, "HEDGEBOOK_RETRY_BACKOFF_S", RETRY_BACKOFF_S),
                   deadline=_seconds(environ, "HEDGEBOOK_DEADLINE_S", None), in_browser=in_browser)

    def with_timeout(self, timeout: float | None, deadline: float | None = None) -> "MarketConfig":
        """This configuration with another per-answer timeout and deadline (None keeps each)."""
        changes = {"timeout": timeout, "deadline": deadline}
        changes = {k: float(v) for k, v in changes.items() if v is not None}
        return replace(self, **changes) if changes else self

    def url(self, venue: str, default: str) -> str:
        """The base URL of ``venue``: the configured override, else ``default``; no trailing slash."""
        return self.urls.get(venue.lower(), default).rstrip("/")


def _seconds(environ: Mapping[str, str], name: str, default: float | None) -> float | None:
    text = environ.get(name)
    if text in (None, ""):
        return default
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{name} must be a number of seconds, got {text!r}") from None


def _cache_dir(environ: Mapping[str, str]) -> Path:
    configured = environ.get("HEDGEBOOK_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("hedgebook", appauthor=False))
