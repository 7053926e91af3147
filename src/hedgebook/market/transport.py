"""The only place where hedgebook talks HTTP (with :mod:`.connection`, the pool it sends through).

:class:`VenueClient` is a thin boundary around a session in the shape of
``requests.Session.get``: base URL, timeouts, retries that honour
``Retry-After`` (urllib3's ``Retry``), a cap on response size, JSON decoding,
and failures turned into one-line :class:`~hedgebook.market.errors.VenueError`
messages of a precise type.  The sessions are injected (as httpx tests inject
a transport): a test mounts its own adapter on a ``requests.Session``;
production code calls :func:`open_client`, which builds a
:class:`~hedgebook.market.connection.PoolSession` (a ``requests.Session``
behind a proxy, a browser session in xlwings Lite) from a
:class:`~hedgebook.market.config.MarketConfig`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from concurrent.futures import wait
from typing import Any, Callable, Mapping, Sequence, TypeVar
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from .answer_json import MAX_JSON_DEPTH, looks_like_html
from .answer_json import parse_json as _parse_json
from .browser import BrowserSession
from .config import DEFAULT_TIMEOUT_S, RETRY_BACKOFF_S, MarketConfig
from .connection import PoolSession
from .errors import (
    VenueBadAnswer,
    VenueBlocked,
    VenueError,
    VenueRateLimited,
    VenueServerError,
    VenueTimeout,
    VenueUnreachable,
)
from .ratelimit import RateLimit, TokenBucket, bucket_for
from .request import Request
from .retry import RETRY_ATTEMPTS, Deadline, DeadlineReached, RetryAfterTooLong, make_retry
from .spec_cache import SpecCache
from .threads import one_after_the_other, request_threads

T = TypeVar("T")

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Bodies larger than this are refused (the largest bulk answer we use is a few MB)."""
MAX_PARALLEL_REQUESTS = 40
"""Concurrent requests per venue: a venue's bulk requests (OKX has twelve) and its per-symbol ones (at most
:data:`hedgebook.market.venues.base.PER_SYMBOL_LIMIT`) go out in one round; a venue's documented rate limit
(:mod:`hedgebook.market.ratelimit`) holds them back where it must."""
USER_AGENT = "hedgebook (+market data for portfolio hedging)"
READ_CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 3
"""Redirects followed on the venue's own host; a redirect to another host is never followed."""

__all__ = ["DEFAULT_TIMEOUT_S", "MAX_JSON_DEPTH", "MAX_RESPONSE_BYTES", "VenueClient", "VenueError", "new_session",
           "open_client"]


def mount(session: requests.Session, backoff_s: float = RETRY_BACKOFF_S,
          deadline: Deadline | None = None) -> requests.Session:
    """``session`` with hedgebook's retrying adapter and headers."""
    adapter = HTTPAdapter(max_retries=make_retry(backoff_s, deadline), pool_maxsize=MAX_PARALLEL_REQUESTS)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    return session


def new_session(backoff_s: float = RETRY_BACKOFF_S, deadline: Deadline | None = None) -> requests.Session:
    """A session for one venue's requests."""
    return mount(requests.Session(), backoff_s, deadline)


def venue_session(base_url: str, backoff_s: float = RETRY_BACKOFF_S,
                  deadline: Deadline | None = None) -> PoolSession | requests.Session:
    """The session for a venue at ``base_url``: a :class:`~hedgebook.market.connection.PoolSession`, or a
    ``requests.Session`` when the environment sends that address through a proxy (requests speaks to
    proxies, with their authentication).

    The environment's proxy (``HTTPS_PROXY``, ``NO_PROXY``, ...) and CA bundle (``REQUESTS_CA_BUNDLE``,
    ``CURL_CA_BUNDLE``) are read here, once: requests would read the whole environment again for every
    request.
    """
    proxies = requests.utils.get_environ_proxies(base_url)
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if requests.utils.select_proxy(base_url, proxies):
        session = new_session(backoff_s, deadline)
        session.proxies.update(proxies)
        if bundle:
            session.verify = bundle
        session.trust_env = False
        return session
    return PoolSession(make_retry(backoff_s, deadline), {"User-Agent": USER_AGENT, "Accept": "application/json"},
                       pool_size=MAX_PARALLEL_REQUESTS, ca_bundle=bundle, shared=True)


def open_client(venue: str, default_url: str, config: MarketConfig, *, spec_cache: SpecCache | None = None,
                ignored_cache_parameters: Sequence[str] = (), rate_limit: RateLimit | None = None,
                endpoint_limits: Mapping[str, RateLimit] | None = None) -> "VenueClient":
    """A client for ``venue`` as ``config`` says: its address, timeout, retries and deadline, and the
    process's bucket for the venue's documented ``rate_limit`` (if any) and for each endpoint's of
    ``endpoint_limits`` (path → limit).

    The limit is the venue's own address's: an address set with ``HEDGEBOOK_URL_<VENUE>`` (a test server,
    a proxy) is not limited here.
    """
    deadline = Deadline.after(config.deadline_s)
    base_url = config.url(venue, default_url)
    if base_url != default_url.rstrip("/") or config.in_browser:  # a browser reads ahead: a few requests at once
        rate_limit, endpoint_limits = None, None
    if config.in_browser:
        session = BrowserSession(config.browser_request)
    else:
        session = venue_session(base_url, config.retry_backoff, deadline)
    return VenueClient(venue, base_url, timeout=config.timeout, session=session,
                       deadline=deadline, spec_cache=spec_cache, ignored_cache_parameters=ignored_cache_parameters,
                       parallel=not config.in_browser,
                       rate_limit=bucket_for(venue, base_url, rate_limit) if rate_limit else None,
                       endpoint_limits={path: bucket_for(venue, base_url + path, limit)
                                        for path, limit in (endpoint_limits or {}).items()})


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
        Performs the requests (default: :func:`new_session`); tests inject their own.
    deadline : Deadline, optional
        When every request of this venue must be over (none by default).
    spec_cache : SpecCache, optional
        Where instrument specs are kept; none = specs are always asked for.
    ignored_cache_parameters : sequence of str
        Query parameters that do not change a spec (e.g. a timestamp).
    parallel : bool
        Independent requests go out at once (threads); False = one after the
        other, as in a browser, which has no threads and no name look-up.
    rate_limit : TokenBucket, optional
        Every request takes a token from it first, waiting when it has none
        (none: no limit).
    endpoint_limits : mapping, optional
        Path → the bucket a request to that path takes a token from as well.
    sleep : callable
        How a request waits for its token (injected in tests).
    """

    def __init__(
        self,
        venue: str,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        session: requests.Session | None = None,
        deadline: Deadline | None = None,
        spec_cache: SpecCache | None = None,
        ignored_cache_parameters: Sequence[str] = (),
        parallel: bool = True,
        rate_limit: TokenBucket | None = None,
        endpoint_limits: Mapping[str, TokenBucket] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.venue = venue
        self.parallel = parallel
        self.rate_limit, self._sleep = rate_limit, sleep
        self.endpoint_limits = dict(endpoint_limits or {})
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        self._session = session if session is not None else new_session()
        self._spec_cache = spec_cache
        self._ignored = tuple(ignored_cache_parameters)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_PARALLEL_REQUESTS)
        self.request_count = 0

    def close(self) -> None:
        """Release the connections."""
        self._session.close()

    def __enter__(self) -> "VenueClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def resolve(self) -> None:
        """Look the venue's host name up once, before its requests go out in parallel.

        Each parallel request would look the name up again; offline, or with a
        resolver that drops bursts of queries, a venue of twelve requests then
        waits for the resolver's timeouts instead of failing at once.

        Raises
        ------
        VenueUnreachable
            When the name does not resolve.
        """
        if not self.parallel:
            return
        parts = urlsplit(self.base_url)
        try:
            socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                               type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise VenueUnreachable(f"cannot connect (cannot resolve {parts.hostname}: no network or DNS)") from None

    def get(self, request: Request) -> Any:
        """Perform a :class:`~hedgebook.market.request.Request` and return the decoded JSON body.

        A spec request (``cached``) is answered from the spec cache when a
        fresh entry still passes the request's checks (:meth:`Request.accept`);
        a live answer is stored only once it passes them.
        """
        if not (request.cached and self._spec_cache is not None):
            return self._fetch(request.path, request.params)[0]
        data = self.peek(request)
        if data is not None:
            return data
        data, body = self._fetch(request.path, request.params)
        if request.keepable(request.accept(data)):
            self._spec_cache.put(self._cache_key(request), body, decoded=data)
        return data

    def peek(self, request: Request) -> Any | None:
        """The decoded body of a spec request when the spec cache has it, fresh and passing the request's checks
        (decoded once per process); None otherwise.  Never touches the network."""
        if not (request.cached and self._spec_cache is not None):
            return None
        key = self._cache_key(request)
        try:
            data = self._spec_cache.get_decoded(key, lambda body: _parse_json(body, 200))
            if data is not None:
                request.accept(data)
            return data
        except VenueError:
            self._spec_cache.drop(key)
            return None

    def _cache_key(self, request: Request) -> str:
        return self._spec_cache.key(self.base_url + request.path, request.params, self._ignored)

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``base_url + path`` (never from the cache) and return the decoded JSON.

        Raises
        ------
        VenueError
            With a one-line message: timeout or deadline, connection failure,
            geo-block, rate limit, HTTP error, oversized, non-JSON or too
            deeply nested body, a redirect to another host.
        """
        return self._fetch(path, params)[0]

    def get_private(self, path: str, query: str, headers: Mapping[str, str]) -> tuple[int, Any]:
        """GET a signed request (``query`` signed, ``headers`` the key's): its HTTP status and its JSON (None when
        not JSON) whatever the status, so that a refusal can be read. Raises :class:`VenueError` only for what no
        answer explains (timeout, no connection, block, rate limit, server error, size, any redirect); no message
        holds the query or the headers, which carry the signature."""
        with self._lock:
            self.request_count += 1
        response = self._send(f"{self.base_url}{path}?{query}" if query else self.base_url + path, None, path,
                              headers=headers)
        try:
            if response.is_redirect:
                raise VenueBadAnswer("a signed request was redirected: not followed")
            body = self._read_capped(response)
        finally:
            response.close()
        status = response.status_code
        _raise_for_failure(status, body)
        try:
            return status, _parse_json(body, 200)
        except VenueBadAnswer:
            return status, None

    def _fetch(self, path: str, params: Mapping[str, Any] | None) -> tuple[Any, bytes]:
        with self._lock:
            self.request_count += 1
        url = self.base_url + path
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url, params, path)
            if not response.is_redirect:
                break
            location = urljoin(url, response.headers["Location"])
            response.close()
            if urlsplit(location)[:2] != urlsplit(self.base_url)[:2]:
                raise VenueBadAnswer(f"redirected to another host ({urlsplit(location).hostname}): not followed")
            url, params = location, None
        else:
            response.close()
            raise VenueBadAnswer(f"more than {MAX_REDIRECTS} redirects")
        try:
            body = self._read_capped(response)
        except BaseException:
            response.close()
            raise
        response.raw.release_conn()  # read to its end: the connection can serve the next request
        return self._decode(response, body), body

    def _request_timeout(self) -> float:
        if self.deadline is None:
            return self.timeout
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise self.deadline.error()
        return min(self.timeout, remaining)

    def _wait_for_token(self, path: str = "") -> None:
        """Wait for the venue's rate limit, and the endpoint's, to allow one more request; past the deadline,
        give up."""
        buckets = [bucket for bucket in (self.rate_limit, self.endpoint_limits.get(path)) if bucket is not None]
        if not buckets:
            return
        wait = max(bucket.reserve() for bucket in buckets)
        if wait <= 0:
            return
        if self.deadline is not None and wait >= self.deadline.remaining():
            raise self.deadline.error()
        self._sleep(wait)

    def _send(self, url: str, params: Mapping[str, Any] | None, path: str = "",
              headers: Mapping[str, str] | None = None) -> requests.Response:
        self._wait_for_token(path)
        timeout = self._request_timeout()
        extra = {"headers": dict(headers)} if headers else {}  # only signed requests carry headers of their own
        try:
            return self._session.get(url, params=params, timeout=timeout, stream=True, allow_redirects=False,
                                     **extra)
        except RetryAfterTooLong as error:
            raise VenueRateLimited(f"rate limited: asked to wait {error.seconds:.0f} s (HTTP 429)") from None
        except DeadlineReached:
            raise self.deadline.error() from None
        except requests.exceptions.Timeout:
            raise self._timeout_error(timeout) from None
        except requests.exceptions.SSLError as error:
            raise VenueUnreachable(f"TLS certificate check failed: {type(error).__name__}") from None
        except requests.exceptions.RetryError as error:
            raise VenueServerError(f"gave up after {RETRY_ATTEMPTS} retries ({_reason(error)})") from None
        except requests.exceptions.ConnectionError as error:
            if _is_timeout(error):
                raise self._timeout_error(timeout) from None
            raise VenueUnreachable(f"cannot connect ({_reason(error)})") from None
        except requests.exceptions.RequestException as error:
            raise VenueUnreachable(f"request failed ({type(error).__name__})") from None

    def _timeout_error(self, timeout: float) -> VenueTimeout:
        if self.deadline is not None and self.deadline.remaining() <= 0:
            return self.deadline.error()
        return VenueTimeout(f"no answer within {timeout:g} s (timeout)")

    def _read_capped(self, response: requests.Response) -> bytes:
        """The decoded body, read a chunk at a time: refused past the size cap, stopped at the deadline."""
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise VenueBadAnswer(f"answer of {int(declared):,} bytes refused (limit {MAX_RESPONSE_BYTES:,})")
        chunks, size = [], 0
        try:
            while True:
                if self.deadline is not None and self.deadline.remaining() <= 0:
                    raise self.deadline.error()
                chunk = response.raw.read1(READ_CHUNK_BYTES, decode_content=True)  # at most one read of the socket
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise VenueBadAnswer(f"answer larger than {MAX_RESPONSE_BYTES:,} bytes refused")
                chunks.append(chunk)
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
            raise self._timeout_error(self.timeout) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise VenueBadAnswer(f"answer cut off ({type(error).__name__})") from None
        return b"".join(chunks)

    def _decode(self, response: requests.Response, body: bytes) -> Any:
        status = response.status_code
        _raise_for_failure(status, body)
        declared = response.headers.get("Content-Length", "")
        return _parse_json(body, status, declared_length=int(declared) if declared.isdigit() else None)

    def gather(self, calls: Sequence[Callable[[], T]]) -> list[T]:
        """Run independent calls concurrently and return their results in order.

        The first exception (e.g. a :class:`VenueError`) is raised once all
        calls have finished.
        """
        if len(calls) <= 1 or not self.parallel:
            return one_after_the_other(calls)
        futures = [request_threads().submit(self._in_slot, call) for call in calls]
        wait(futures)  # every call over before the first error is raised: none outlives the venue's reading
        return [future.result() for future in futures]

    def _in_slot(self, call: Callable[[], T]) -> T:
        """``call()`` once fewer than :data:`MAX_PARALLEL_REQUESTS` of this venue's calls are running."""
        with self._slots:
            return call()


def _is_timeout(error: Exception) -> bool:
    """Whether a requests error is, underneath urllib3's retries, a timeout."""
    cause = error.args[0] if error.args else None
    reason = getattr(cause, "reason", cause)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError
        return False
    return isinstance(reason, urllib3.exceptions.TimeoutError)


def _raise_for_failure(status: int, body: bytes) -> None:
    """A block (HTTP 451, a CDN's 403 page), a rate limit past the retries, a server error: as its error."""
    if status == 451 or (status == 403 and looks_like_html(body)):
        raise VenueBlocked(f"not available from your location (HTTP {status})")
    if status in (418, 429):
        raise VenueRateLimited(f"rate limited (HTTP {status}) after {RETRY_ATTEMPTS} retries")
    if status >= 500:
        raise VenueServerError(f"server error (HTTP {status})")


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


def now_ms() -> int:
    """Current UTC time in milliseconds (venue timestamp unit)."""
    return int(time.time() * 1000)
