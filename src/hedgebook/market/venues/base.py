"""What every venue module provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Collection

from ..transport import VenueClient, VenueError


@dataclass
class VenueResult:
    """Rows of the market table from one venue, and soft problems met while reading them."""

    rows: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


class Venue(ABC):
    """One exchange's public API, read into rows of the market table.

    Subclasses set ``key`` (the registry name, also the ``HEDGEBOOK_URL_<KEY>``
    override) and ``default_url``, and implement :meth:`fetch` with as few
    requests as the venue allows: bulk endpoints for everything, per-symbol
    requests only where the venue has no bulk form, and then only for the
    assets asked for.
    """

    key: ClassVar[str]
    default_url: ClassVar[str]
    ignored_cache_parameters: ClassVar[tuple[str, ...]] = ()

    def client(self, timeout: float) -> VenueClient:
        """A transport for this venue."""
        return VenueClient(
            self.key, self.default_url, timeout=timeout, ignored_cache_parameters=self.ignored_cache_parameters
        )

    @abstractmethod
    def fetch(self, client: VenueClient, assets: Collection[str] | None) -> VenueResult:
        """Read the venue.

        Parameters
        ----------
        client : VenueClient
        assets : collection of str, optional
            Upper-case base assets to keep (e.g. ``{"BTC", "ETH"}``); None = all.

        Raises
        ------
        VenueError
            When the venue cannot be read at all.
        """


def wanted(base: str, assets: Collection[str] | None) -> bool:
    """Whether rows of ``base`` are asked for."""
    return assets is None or base.upper() in assets


PER_SYMBOL_LIMIT = 25
"""Per-symbol requests made per venue and refresh, at most: venues rate-limit public endpoints
(MEXC about 20 per 2 s), and a plan rarely has more instruments than this on one venue."""


def fetch_per_symbol(
    client: VenueClient, symbols: list[str], request: Callable[[str], Any], what: str
) -> tuple[list[Any], list[str]]:
    """Per-symbol requests, in parallel, where one symbol's failure costs only that symbol.

    At most :data:`PER_SYMBOL_LIMIT` symbols are asked for; the others get ``{}``
    and one warning line says how many were left out.

    Parameters
    ----------
    client : VenueClient
    symbols : list of str
    request : callable
        ``request(symbol)`` performs the request and returns the decoded answer.
    what : str
        What is fetched, for the warning (e.g. ``"open interest"``).

    Returns
    -------
    answers : list
        One per symbol; ``{}`` where the request failed.
    warnings : list of str
        One line per failed symbol.
    """

    def attempt(symbol: str):
        try:
            return request(symbol), None
        except VenueError as error:
            return {}, f"{client.venue}: {what} of {symbol} missing ({error})"

    asked, skipped = symbols[:PER_SYMBOL_LIMIT], symbols[PER_SYMBOL_LIMIT:]
    results = client.gather([(lambda s=symbol: attempt(s)) for symbol in asked])
    notes = [note for _, note in results if note]
    if skipped:
        notes.append(f"{client.venue}: {what} left out for {len(skipped)} instruments beyond the first "
                     f"{PER_SYMBOL_LIMIT} (the venue serves it per symbol)")
    return [answer for answer, _ in results] + [{} for _ in skipped], notes
