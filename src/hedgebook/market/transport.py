"""The only place where hedgebook talks HTTP.

:class:`VenueClient` is a thin boundary around a ``requests`` session: base
URL, timeouts, retries that honour ``Retry-After`` (urllib3's ``Retry``), a
cap on response size, JSON decoding, and failures turned into one-line
:class:`~hedgebook.market.errors.VenueError` messages of a precise type.
The sessions are injected (as httpx tests inject a transport): a test mounts
its own adapter, production code calls :func:`open_client`, which builds
them from a :class:`~hedgebook.market.config.MarketConfig`.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Mapping, Sequence, TypeVar

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .config import DEFAULT_TIMEOUT_S, RETRY_BACKOFF_S, MarketConfig
from .errors import (
    VenueBadAnswer,
    VenueBlocked,
    VenueError,
    VenueRateLimited,
    VenueServerError,
    VenueTimeout,
    VenueUnreachable,
)
from .request import Request

T = TypeVar("T")

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Bodies larger than this are refused (the largest bulk answer we use is a few MB)."""
MAX_JSON_DEPTH = 64
"""Nesting deeper than this is refused; no venue answer we read is deeper than 6."""
RETRY_ATTEMPTS = 3
MAX_RETRY_AFTER_S = 10.0
"""A venue asking us to wait longer than this gets no retry: the refresh gives up on it."""
RETRY_STATUSES = (418, 429, 500, 502, 503, 504)
MAX_PARALLEL_REQUESTS = 12
"""Concurrent requests per venue: OKX's twelve independent bulk requests go out in one round."""
USER_AGENT = "hedgebook (+market data for portfolio hedging)"
READ_CHUNK_BYTES = 64 * 1024

__all__ = ["DEFAULT_TIMEOUT_S", "MAX_JSON_DEPTH", "MAX_RESPONSE_BYTES", "VenueClient", "VenueError", "new_session",
           "open_client"]


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


def make_retry(backoff_s: float = RETRY_BACKOFF_S) -> Retry:
    """The retry policy of every venue request (GET only, bounded, Retry-After honoured)."""
    return BoundedRetry(
        total=RETRY_ATTEMPTS,
        connect=RETRY_ATTEMPTS,
        read=1,
        status=RETRY_ATTEMPTS,
        backoff_factor=backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def mount(session: requests.Session, backoff_s: float = RETRY_BACKOFF_S) -> requests.Session:
    """``session`` with hedgebook's retrying adapter and headers."""
    adapter = HTTPAdapter(max_retries=make_retry(backoff_s), pool_maxsize=MAX_PARALLEL_REQUESTS)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    return session


def new_session(backoff_s: float = RETRY_BACKOFF_S) -> requests.Session:
    """A plain session for live data."""
    return mount(requests.Session(), backoff_s)


def open_client(venue: str, default_url: str, config: MarketConfig, *,
                ignored_cache_parameters: Sequence[str] = ()) -> "VenueClient":
    """A client for ``venue`` as ``config`` says: its address, timeout, retries and spec cache."""

    def spec_session() -> requests.Session:
        from .spec_cache import cached_session

        return mount(cached_session(config.cache_dir, ignored_cache_parameters), config.retry_backoff)

    return VenueClient(venue, config.url(venue, default_url), timeout=config.timeout,
                       session=new_session(config.retry_backoff),
                       spec_session=spec_session if config.cache_dir is not None else None)


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
        Venue key, for messages.
    base_url : str
        Where the venue's paths are appended.
    timeout : float
        Seconds to wait for each answer.
    session : requests.Session, optional
        Performs the live-data requests (default: :func:`new_session`).
    spec_session : requests.Session or callable, optional
        Performs instrument-spec requests (a cached session), or makes that
        session on first use when it is a function; default: ``session``.
    """

    def __init__(
        self,
        venue: str,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        session: requests.Session | None = None,
        spec_session: requests.Session | Callable[[], requests.Session] | None = None,
    ):
        self.venue = venue
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session if session is not None else new_session()
        self._spec_session = spec_session
        self._lock = threading.Lock()  # guards the request count and the first use of the spec session
        self.request_count = 0

    def close(self) -> None:
        """Release the connections."""
        self._session.close()
        if self._spec_session is not None and not callable(self._spec_session):
            self._spec_session.close()

    def __enter__(self) -> "VenueClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def get(self, request: Request) -> Any:
        """Perform a :class:`~hedgebook.market.request.Request` and return the decoded JSON body."""
        return self.get_json(request.path, request.params, cached=request.cached)

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
        url = self.base_url + path
        with self._lock:
            self.request_count += 1
            if cached and callable(self._spec_session):
                self._spec_session = self._spec_session()
            session = self._spec_session if cached and self._spec_session is not None else self._session
        try:
            response = session.get(url, params=params, timeout=self.timeout, stream=True)
        except RetryAfterTooLong as error:
            raise VenueRateLimited(f"rate limited: asked to wait {error.seconds:.0f} s (HTTP 429)") from None
        except requests.exceptions.Timeout:
            raise VenueTimeout(f"no answer within {self.timeout:g} s (timeout)") from None
        except requests.exceptions.SSLError as error:
            raise VenueUnreachable(f"TLS certificate check failed: {type(error).__name__}") from None
        except requests.exceptions.RetryError as error:
            raise VenueServerError(f"gave up after {RETRY_ATTEMPTS} retries ({_reason(error)})") from None
        except requests.exceptions.ConnectionError as error:
            if _is_timeout(error):
                raise VenueTimeout(f"no answer within {self.timeout:g} s (timeout)") from None
            raise VenueUnreachable(f"cannot connect ({_reason(error)})") from None
        except requests.exceptions.RequestException as error:
            raise VenueUnreachable(f"request failed ({type(error).__name__})") from None
        try:
            body = self._read_capped(response)
        finally:
            response.close()
        return self._decode(response, body)

    def _read_capped(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise VenueBadAnswer(f"answer of {int(declared):,} bytes refused (limit {MAX_RESPONSE_BYTES:,})")
        if getattr(response, "from_cache", False):
            return response.content
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(READ_CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise VenueBadAnswer(f"answer larger than {MAX_RESPONSE_BYTES:,} bytes refused")
                chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            raise VenueBadAnswer(f"answer cut off ({type(error).__name__})") from None
        return b"".join(chunks)

    def _decode(self, response: requests.Response, body: bytes) -> Any:
        status = response.status_code
        if status == 451 or (status == 403 and _looks_like_html(body)):
            raise VenueBlocked(f"not available from your location (HTTP {status})")
        if status in (418, 429):
            raise VenueRateLimited(f"rate limited (HTTP {status}) after {RETRY_ATTEMPTS} retries")
        if status >= 500:
            raise VenueServerError(f"server error (HTTP {status})")
        try:
            data = json.loads(body)
        except RecursionError:
            raise VenueBadAnswer("answer nested too deeply, refused") from None
        except ValueError:
            if status >= 400:
                raise VenueBadAnswer(f"HTTP {status}: {_snippet(body)!r}") from None
            if response.headers.get("Content-Length", "").isdigit() and len(body) < int(
                response.headers["Content-Length"]
            ):
                raise VenueBadAnswer("answer cut off before its end") from None
            raise VenueBadAnswer(f"answer is not JSON: {_snippet(body)!r}") from None
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise VenueBadAnswer(f"answer nested deeper than {MAX_JSON_DEPTH} levels, refused")
        if status >= 400:
            raise VenueBadAnswer(f"HTTP {status}: {_error_text(data)}")
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
