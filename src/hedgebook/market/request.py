"""What a venue asks for: a :class:`Request` is data, and :func:`answer` turns the bodies into the payload.

A venue module declares its requests; the transport performs them; parsing
never sees the network.  Anything that performs a request is a
:data:`Getter`: a :class:`~hedgebook.market.transport.VenueClient` in use, a
dictionary of recorded bodies in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from .envelope import NONE, Envelope

MAX_PAGES = 20
"""Pages followed at most for one paginated request (a venue's listing fits in far fewer)."""


@dataclass(frozen=True)
class Request:
    """One GET request a venue needs.

    Attributes
    ----------
    path : str
        Path after the venue's base URL, beginning with ``/``.
    params : mapping
        Query parameters.
    cached : bool
        True for instrument specs: served from the one-day spec cache when fresh.
    envelope : Envelope
        How the venue reports an error inside a successful answer.
    source : str
        Name of the endpoint in messages (default: the path's last segment).
    next_page : callable, optional
        ``next_page(payload)`` → the parameters of the next page, or None on the last page.
    """

    path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    cached: bool = False
    envelope: Envelope = NONE
    source: str = ""
    next_page: Callable[[Any], Mapping[str, Any] | None] | None = None

    @property
    def name(self) -> str:
        """The endpoint's name in messages, e.g. ``"premiumIndex"``."""
        return self.source or self.path.rsplit("/", 1)[-1]


Getter = Callable[[Request], Any]
"""Performs a request and returns the decoded JSON body; raises a VenueError when it cannot."""


def answer(get: Getter, request: Request) -> Any:
    """The payload of ``request``: its envelope unwrapped, every page followed (a list of pages then).

    Raises
    ------
    VenueError
        From the transport, or the envelope's error code.
    """
    payload = request.envelope.unwrap(get(request), request.name)
    if request.next_page is None:
        return payload
    pages = [payload]
    for _ in range(MAX_PAGES - 1):
        following = request.next_page(payload)
        if not following:
            break
        payload = request.envelope.unwrap(get(replace(request, params={**request.params, **following})), request.name)
        pages.append(payload)
    return pages
