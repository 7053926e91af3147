"""A venue's connections: urllib3's pool behind the one call of ``requests.Session`` the client makes.

:class:`~hedgebook.market.transport.VenueClient` asks its session for
``get(url, params=..., timeout=..., stream=True, allow_redirects=False)`` and
reads ``status_code``, ``headers``, ``is_redirect``, ``raw.read1`` and
``close``.  A ``requests.Session`` answers that, and so does :class:`PoolSession`
with a quarter of the work per request: requests prepares every request for
cookies, hooks, authentication and settings merged from the environment, none
of which a public GET to a venue uses.  Its failures are raised as the
``requests`` exceptions a session raises, so the client reads both alike.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlencode

import requests
import urllib3
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
    SSLError,
)
from urllib3.util.retry import Retry

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate"
"""What requests asks for by default: venues' large listings come compressed."""


@dataclass
class PoolResponse:
    """An answer as the client reads it: status, headers, and the body still on the connection (``raw``)."""

    raw: urllib3.BaseHTTPResponse

    @property
    def status_code(self) -> int:
        return self.raw.status

    @property
    def headers(self):
        return self.raw.headers

    @property
    def is_redirect(self) -> bool:
        return self.raw.status in REDIRECT_STATUSES and "Location" in self.raw.headers

    def close(self) -> None:
        """Give the connection up (it cannot serve another request with a body left unread)."""
        self.raw.close()
        self.raw.release_conn()


class PoolSession:
    """GET over a urllib3 pool, in the shape of ``requests.Session.get``.

    Parameters
    ----------
    retry : urllib3.util.retry.Retry
        The retry policy of every request.
    headers : mapping
        Sent with every request.
    pool_size : int
        Connections kept per host: as many as requests go out at once.
    ca_bundle : str, optional
        Certificates to trust (default: requests' bundle, certifi's).
    shared : bool
        Use the process's pool for these settings, whose connections outlive the session: a refresh soon
        after another finds the venue's connections open (over TLS, a new one costs two round trips before
        its request).  Closing the session then leaves them open.
    """

    def __init__(self, retry: Retry, headers: Mapping[str, str], pool_size: int, ca_bundle: str | None = None,
                 shared: bool = False):
        self.headers = {"Accept-Encoding": ACCEPT_ENCODING, **headers}
        self._retry = retry
        self._shared = shared
        settings = (pool_size, ca_bundle or DEFAULT_CA_BUNDLE_PATH, tuple(sorted(self.headers.items())))
        self._pool = _shared_pool(settings) if shared else _new_pool(settings)

    def get(self, url: str, params: Mapping[str, Any] | None = None, timeout: float | None = None,
            stream: bool = True, allow_redirects: bool = False,
            headers: Mapping[str, str] | None = None) -> PoolResponse:
        """GET ``url`` with ``params`` as its query (and ``headers`` beside the session's); redirects are handed
        back, never followed.

        Raises
        ------
        requests.exceptions.RequestException
            The subclass a ``requests.Session`` would raise for the same failure.
        """
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        try:
            raw = self._pool.request("GET", url, preload_content=False, redirect=False, retries=self._retry,
                                     timeout=urllib3.Timeout(connect=timeout, read=timeout),
                                     **({"headers": {**self.headers, **headers}} if headers else {}))
        except MaxRetryError as error:
            raise _after_retries(error) from None
        except ClosedPoolError as error:
            raise requests.exceptions.ConnectionError(error) from None
        except SSLError as error:
            raise requests.exceptions.SSLError(error) from None
        except ReadTimeoutError as error:
            raise requests.exceptions.ReadTimeout(error) from None
        except (ProtocolError, OSError) as error:
            raise requests.exceptions.ConnectionError(error) from None
        return PoolResponse(raw)

    def close(self) -> None:
        """Close every connection (a shared pool's stay open for the next session)."""
        if not self._shared:
            self._pool.clear()


POOL_HOSTS = 16
"""Hosts a pool keeps connections to: the nine venues, and addresses set in their place."""
_pools: dict[tuple, urllib3.PoolManager] = {}
_pools_lock = threading.Lock()


def _new_pool(settings: tuple) -> urllib3.PoolManager:
    pool_size, ca_bundle, headers = settings
    return urllib3.PoolManager(num_pools=POOL_HOSTS, maxsize=pool_size, headers=dict(headers),
                               cert_reqs="CERT_REQUIRED", ca_certs=ca_bundle)


def _shared_pool(settings: tuple) -> urllib3.PoolManager:
    with _pools_lock:
        pool = _pools.get(settings)
        if pool is None:
            pool = _pools[settings] = _new_pool(settings)
        return pool


def _after_retries(error: MaxRetryError) -> requests.exceptions.RequestException:
    """The requests exception for what made urllib3 give up."""
    reason = error.reason
    if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):  # a refusal is one
        return requests.exceptions.ConnectTimeout(error)
    if isinstance(reason, ResponseError):
        return requests.exceptions.RetryError(error)
    if isinstance(reason, SSLError):
        return requests.exceptions.SSLError(error)
    return requests.exceptions.ConnectionError(error)
