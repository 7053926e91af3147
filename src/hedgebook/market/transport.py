"""The only place where hedgebook talks HTTP.

:class:`VenueClient` is a thin boundary around one ``requests`` session per
venue: base URL (overridable with ``HEDGEBOOK_URL_<VENUE>``), timeouts,
retries that honour ``Retry-After`` (urllib3's ``Retry``), a cap on response
size, JSON decoding, and failures turned into one-line :class:`VenueError`
messages.  Instrument specs go through a second, cached session
(``requests-cache``, one day, in the user cache directory).  Tests point the
client at a local HTTP server; nothing is monkeypatched.
"""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, TypeVar

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

T = TypeVar("T")

DEFAULT_TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Bodies larger than this are refused (the largest bulk answer we use is a few MB)."""
MAX_JSON_DEPTH = 64
"""Nesting deeper than this is refused; no venue answer we read is deeper than 6."""
RETRY_ATTEMPTS = 3
RETRY_BACKOFF_S = 0.5
"""Backoff factor between retries (0, 1, 2 s); ``HEDGEBOOK_RETRY_BACKOFF_S`` overrides it."""
MAX_RETRY_AFTER_S = 10.0
"""A venue asking us to wait longer than this gets no retry: the refresh gives up on it."""
RETRY_STATUSES = (418, 429, 500, 502, 503, 504)
SPEC_CACHE_SECONDS = 24 * 3600
MAX_PARALLEL_REQUESTS = 12
"""Concurrent requests per venue: OKX's twelve independent bulk requests go out in one round."""
USER_AGENT = "hedgebook (+market data for portfolio hedging)"
READ_CHUNK_BYTES = 64 * 1024


class VenueError(Exception):
    """A venue could not be read; ``str(error)`` is a one-line message for the user."""


class RetryAfterTooLong(Exception):
    """The venue asked for a wait beyond :data:`MAX_RETRY_AFTER_S`."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class BoundedRetry(Retry):
    """urllib3 ``Retry`` that gives up instead of sleeping past ``MAX_RETRY_AFTER_S``."""

    def sleep_for_retry(self, response) -> bool:
        retry_after = self.get_retry_after(response)
        if retry_after is not None and retry_after > MAX_RETRY_AFTER_S:
            raise RetryAfterTooLong(retry_after)
        return super().sleep_for_retry(response)


def make_retry() -> Retry:
    """The retry policy of every venue request (GET only, bounded, Retry-After honoured)."""
    return BoundedRetry(
        total=RETRY_ATTEMPTS,
        connect=RETRY_ATTEMPTS,
        read=1,
        status=RETRY_ATTEMPTS,
        backoff_factor=float(os.environ.get("HEDGEBOOK_RETRY_BACKOFF_S", RETRY_BACKOFF_S)),
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def base_url(venue: str, default: str) -> str:
    """The venue's base URL: ``HEDGEBOOK_URL_<VENUE>`` if set, else ``default``."""
    return os.environ.get(f"HEDGEBOOK_URL_{venue.upper()}", default).rstrip("/")


def cache_dir() -> Path:
    """Where cached instrument specs live: ``HEDGEBOOK_CACHE_DIR`` or the user cache directory."""
    configured = os.environ.get("HEDGEBOOK_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("hedgebook", appauthor=False))


def _mount(session: requests.Session) -> requests.Session:
    adapter = HTTPAdapter(max_retries=make_retry(), pool_maxsize=MAX_PARALLEL_REQUESTS)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    return session


_cached_session_lock = threading.Lock()


def _cached_session(ignored_parameters: Sequence[str]) -> requests.Session:
    import requests_cache

    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with _cached_session_lock:
        session = requests_cache.CachedSession(
            str(directory / "instrument_specs"),
            backend="sqlite",
            expire_after=SPEC_CACHE_SECONDS,
            allowable_codes=(200,),
            ignored_parameters=list(ignored_parameters),
            stale_if_error=False,
        )
    return _mount(session)


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
    return False


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head


def _snippet(body: bytes) -> str:
    text = body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
    return text + ("…" if len(body) > 60 else "")


class VenueClient:
    """HTTP access for one venue.

    Parameters
    ----------
    venue : str
        Venue key (for messages and the ``HEDGEBOOK_URL_<VENUE>`` override).
    default_url : str
        The venue's public base URL.
    timeout : float
        Seconds to wait for each answer.
    ignored_cache_parameters : sequence of str
        Query parameters that do not change a cached spec (e.g. a timestamp).
    """

    def __init__(
        self,
        venue: str,
        default_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        ignored_cache_parameters: Sequence[str] = (),
    ):
        self.venue = venue
        self.base_url = base_url(venue, default_url)
        self.timeout = timeout
        self._ignored_cache_parameters = tuple(ignored_cache_parameters)
        self._session = _mount(requests.Session())
        self._spec_session: requests.Session | None = None
        self._lock = threading.Lock()
        self.request_count = 0

    def close(self) -> None:
        """Release the connections."""
        self._session.close()
        if self._spec_session is not None:
            self._spec_session.close()

    def __enter__(self) -> "VenueClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _specs(self) -> requests.Session:
        with self._lock:
            if self._spec_session is None:
                if os.environ.get("HEDGEBOOK_NO_CACHE"):
                    self._spec_session = _mount(requests.Session())
                else:
                    self._spec_session = _cached_session(self._ignored_cache_parameters)
            return self._spec_session

    def get_json(self, path: str, params: Mapping[str, Any] | None = None, *, cached: bool = False) -> Any:
        """GET ``base_url + path`` and return the decoded JSON.

        Parameters
        ----------
        path : str
            Path beginning with ``/``.
        params : mapping, optional
            Query parameters.
        cached : bool
            True for instrument specs: served from the one-day disk cache when fresh.

        Raises
        ------
        VenueError
            With a one-line message: timeout, connection failure, geo-block,
            rate limit, HTTP error, oversized, non-JSON or too deeply nested body.
        """
        session = self._specs() if cached else self._session
        url = self.base_url + path
        with self._lock:
            self.request_count += 1
        try:
            response = session.get(url, params=params, timeout=self.timeout, stream=True)
        except RetryAfterTooLong as error:
            raise VenueError(f"rate limited: asked to wait {error.seconds:.0f} s (HTTP 429)") from None
        except requests.exceptions.Timeout:
            raise VenueError(f"no answer within {self.timeout:g} s (timeout)") from None
        except requests.exceptions.SSLError as error:
            raise VenueError(f"TLS certificate check failed: {type(error).__name__}") from None
        except requests.exceptions.RetryError as error:
            raise VenueError(f"gave up after {RETRY_ATTEMPTS} retries ({_reason(error)})") from None
        except requests.exceptions.ConnectionError as error:
            if _is_timeout(error):
                raise VenueError(f"no answer within {self.timeout:g} s (timeout)") from None
            raise VenueError(f"cannot connect ({_reason(error)})") from None
        except requests.exceptions.RequestException as error:
            raise VenueError(f"request failed ({type(error).__name__})") from None
        try:
            body = self._read_capped(response)
        finally:
            response.close()
        return self._decode(response, body)

    def _read_capped(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise VenueError(f"answer of {int(declared):,} bytes refused (limit {MAX_RESPONSE_BYTES:,})")
        if getattr(response, "from_cache", False):
            return response.content
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(READ_CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise VenueError(f"answer larger than {MAX_RESPONSE_BYTES:,} bytes refused")
                chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            raise VenueError(f"answer cut off ({type(error).__name__})") from None
        return b"".join(chunks)

    def _decode(self, response: requests.Response, body: bytes) -> Any:
        status = response.status_code
        if status == 451 or (status == 403 and _looks_like_html(body)):
            raise VenueError(f"not available from your location (HTTP {status})")
        if status in (418, 429):
            raise VenueError(f"rate limited (HTTP {status}) after {RETRY_ATTEMPTS} retries")
        if status >= 500:
            raise VenueError(f"server error (HTTP {status})")
        try:
            data = json.loads(body)
        except RecursionError:
            raise VenueError("answer nested too deeply, refused") from None
        except ValueError:
            if status >= 400:
                raise VenueError(f"HTTP {status}: {_snippet(body)!r}") from None
            if response.headers.get("Content-Length", "").isdigit() and len(body) < int(
                response.headers["Content-Length"]
            ):
                raise VenueError("answer cut off before its end") from None
            raise VenueError(f"answer is not JSON: {_snippet(body)!r}") from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise VenueError(f"answer nested deeper than {MAX_JSON_DEPTH} levels, refused")
        if status >= 400:
            raise VenueError(f"HTTP {status}: {_error_text(data)}")
        return data

    def gather(self, calls: Sequence[Callable[[], T]]) -> list[T]:
        """Run independent calls concurrently and return their results in order.

        The first exception (e.g. a :class:`VenueError`) is raised once all
        calls have finished.
        """
        if len(calls) <= 1:
            return [call() for call in calls]
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_REQUESTS, len(calls))) as pool:
            futures = [pool.submit(call) for call in calls]
            return [future.result() for future in futures]


def _is_timeout(error: Exception) -> bool:
    """Whether a requests error is, underneath urllib3's retries, a timeout."""
    cause = error.args[0] if error.args else None
    reason = getattr(cause, "reason", cause)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError
        return False
    return isinstance(reason, urllib3.exceptions.TimeoutError)


def _reason(error: Exception) -> str:
    """A short cause for a connection failure: unresolvable host, refused, or the OS's words."""
    cause = error.args[0] if error.args else error
    reason = getattr(cause, "reason", cause)
    host = getattr(getattr(reason, "conn", None), "host", "")
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return f"cannot resolve {host}: no network or DNS"
    text = str(reason.args[0] if getattr(reason, "args", None) else reason)
    if "] " in text:
        text = text.rsplit("] ", 1)[1]
    return (f"{host}: " if host else "") + text.strip("()'\" ")[:100]


def _error_text(data: Any) -> str:
    if isinstance(data, dict):
        for key in ("msg", "message", "retMsg", "error"):
            if key in data and data[key]:
                value = data[key]
                return str(value.get("message", value) if isinstance(value, dict) else value)[:160]
    return json.dumps(data)[:160]


def now_ms() -> int:
    """Current UTC time in milliseconds (venue timestamp unit)."""
    return int(time.time() * 1000)
