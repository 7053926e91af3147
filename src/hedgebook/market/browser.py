"""HTTP inside a browser: Pyodide, as in xlwings Lite, where there are no sockets and no threads.

:class:`BrowserSession` is the part of a ``requests.Session`` that
:class:`~hedgebook.market.transport.VenueClient` uses, over the browser's
synchronous ``XMLHttpRequest``.  It sends no User-Agent (a browser sends its
own and forbids changing it), never retries, so never sleeps, and reads one
venue's requests one after the other.  A venue that does not allow web pages
to read it (no CORS headers) fails with :data:`BLOCKED_BY_BROWSER`: the
browser hides the answer, and the refresh keeps that venue's previous rows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import urlencode

from .errors import VenueBadAnswer, VenueBlocked, VenueTimeout

BLOCKED_BY_BROWSER = "blocked by the browser (CORS)"
"""Why a venue fails when the browser withholds its answer (the venue sends no CORS headers)."""

BrowserAnswer = tuple[int, Mapping[str, str], bytes]
"""``(status, headers, body)``; status 0 = the browser withheld the answer (CORS, or no network);
:data:`NO_ANSWER_IN_TIME` = none came within the timeout; :data:`ANSWER_TOO_LARGE` = cut at the cap."""
NO_ANSWER_IN_TIME, ANSWER_TOO_LARGE = -1, -2
OpenRequest = Callable[[str, Mapping[str, str], float], BrowserAnswer]
"""``open_request(url, headers, timeout_s)``: one GET as the browser performs it."""


def running_in_browser() -> bool:
    """True under Pyodide (xlwings Lite; Excel on Windows, Mac and the web)."""
    return sys.platform == "emscripten"


def _xml_http_request(url: str, headers: Mapping[str, str], timeout_s: float) -> BrowserAnswer:
    """One synchronous GET through the browser (Pyodide only)."""
    from js import XMLHttpRequest  # noqa: PLC0415  (exists only under Pyodide)
    from pyodide.ffi import JsException  # noqa: PLC0415

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    try:
        request.timeout = int(timeout_s * 1000)  # honoured in a worker; a page's synchronous request has none
    except JsException:
        pass
    for name, value in headers.items():
        request.setRequestHeader(name, value)
    try:
        request.send(None)
    except JsException:
        return 0, {}, b""
    lines = (line.split(":", 1) for line in str(request.getAllResponseHeaders()).splitlines() if ":" in line)
    return int(request.status), {name.strip(): value.strip() for name, value in lines}, \
        str(request.responseText).encode("utf-8")


class _Body:
    """``response.raw`` of a body already read: :meth:`read1` hands it out once."""

    def __init__(self, body: bytes):
        self._body = body

    def read1(self, size: int = -1, decode_content: bool = True) -> bytes:
        chunk, self._body = (self._body, b"") if size < 0 else (self._body[:size], self._body[size:])
        return chunk

    def release_conn(self) -> None:
        """Nothing to hand back: the browser keeps its own connections."""


@dataclass
class BrowserResponse:
    """What :class:`VenueClient` reads of an answer: status, headers, body (redirects were followed)."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    is_redirect: bool = False
    raw: _Body = field(init=False)

    def __post_init__(self):
        self.headers = {name.title(): value for name, value in self.headers.items()}
        self.raw = _Body(self.body)

    def close(self) -> None:
        pass


class BrowserSession:
    """GET through the browser; the shape of ``requests.Session.get`` that :class:`VenueClient` calls."""

    def __init__(self, open_request: OpenRequest | None = None):
        self._open = open_request or _xml_http_request
        self.headers: dict[str, str] = {"Accept": "application/json"}

    def get(self, url: str, params: Mapping[str, Any] | None = None, timeout: float = 10.0, **_: Any) \
            -> BrowserResponse:
        full = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}" if params else url
        status, headers, body = self._open(full, dict(self.headers), timeout)
        if status == 0:
            raise VenueBlocked(BLOCKED_BY_BROWSER)
        if status == NO_ANSWER_IN_TIME:
            raise VenueTimeout(f"no answer within {timeout:g} s")
        if status == ANSWER_TOO_LARGE:
            raise VenueBadAnswer("the answer is larger than any venue's should be: not read")
        return BrowserResponse(status, headers, body)

    def close(self) -> None:
        pass
