"""What a venue asks for: a :class:`Request` is data, and :func:`answer` turns the bodies into the payload.

A venue module declares its requests; the transport performs them; parsing
never sees the network.  Anything that performs a request is a
:data:`Getter`: a :class:`~hedgebook.market.transport.VenueClient` in use, a
dictionary of recorded bodies in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .envelope import NONE, Envelope
from .errors import VenueBadAnswer

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
    listing : callable, optional
        ``listing(payload)`` → the instrument list of a spec answer.  It must be
        a list for the answer to be used, and not empty for it to be cached;
        an empty first page is refused unless ``may_be_empty``.
    may_be_empty : bool
        An empty listing is a real answer here (OKX may list no dated futures).
    cache_empty : bool
        Whether such an empty listing is kept in the spec cache (default: it is; False asks again next time).
    continuation : bool
        True for a page after the first (set when pages are followed).
    """

    path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    cached: bool = False
    envelope: Envelope = NONE
    source: str = ""
    next_page: Callable[[Any], Mapping[str, Any] | None] | None = None
    listing: Callable[[Any], Any] | None = None
    may_be_empty: bool = False
    continuation: bool = False
    cache_empty: bool = True

    @property
    def name(self) -> str:
        """The endpoint's name in messages, e.g. ``"premiumIndex"``."""
        return self.source or self.path.rsplit("/", 1)[-1]

    def accept(self, body: Any) -> Any:
        """The payload of a decoded body that passes this request's checks.

        Raises
        ------
        VenueErrorCode
            The envelope says the request failed.
        VenueBadAnswer
            A spec answer without its instrument list, or with an empty one.
        """
        payload = self.envelope.unwrap(body, self.name)
        if self.listing is not None:
            instruments = self.listing(payload)
            if not isinstance(instruments, list):
                path = ".".join(getattr(self.listing, "keys", ()))
                missing = f"no {path!r}" if path else "body is not a list"
                raise VenueBadAnswer(f"unexpected answer from {self.name}: {missing}")
            if not instruments and not (self.continuation or self.may_be_empty):
                raise VenueBadAnswer(f"{self.name} lists no instruments")
        return payload

    def keepable(self, payload: Any) -> bool:
        """Whether an accepted spec payload may be cached: it lists at least one instrument, or it may be
        empty and such an answer is kept (OKX listing no dated futures is kept, not asked again on every refresh)."""
        return self.listing is None or bool(self.listing(payload)) or (self.may_be_empty and self.cache_empty)


def at(*keys: str) -> Callable[[Any], Any]:
    """A :attr:`Request.listing` that finds the list at ``payload[keys[0]][keys[1]]...`` (None when absent)."""

    def find(payload: Any) -> Any:
        node = payload
        for key in keys:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    find.keys = keys
    return find


Getter = Callable[[Request], Any]
"""Performs a request and returns the decoded JSON body; raises a VenueError when it cannot."""


def answer(get: Getter, request: Request) -> Any:
    """The payload of ``request`` (see :meth:`Request.accept`), every page followed (a list of pages then).

    Raises
    ------
    VenueError
        From the transport, the envelope's error code, or a missing or empty instrument list.
    """
    payload = request.accept(get(request))
    if request.next_page is None:
        return payload
    pages = [payload]
    for _ in range(MAX_PAGES - 1):
        following = request.next_page(payload)
        if not following:
            break
        page = replace(request, params={**request.params, **following}, continuation=True)
        payload = page.accept(get(page))
        pages.append(payload)
    return pages
