"""What every venue module provides, and the one routine that reads a venue.

A venue is data plus pure functions: :meth:`Venue.requests` says what to ask
(bulk endpoints, as few as the venue allows), :meth:`Venue.parse` turns the
decoded answers into rows of the market table, and :meth:`Venue.enrichments`
names the second-round requests where the venue serves a field only per
symbol (open interest on Binance and BingX, MEXC's funding schedule) or needs
the first answer to ask (Binance spot lot sizes).  :func:`read_venue`
performs all of it through a :data:`~hedgebook.market.request.Getter`; parsing
never touches the network, so a recorded body is tested as plain data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Collection, Mapping, Sequence, TypeVar

from ..errors import VenueBadAnswer, VenueError
from ..parsing import FieldReader
from ..ratelimit import RateLimit
from ..request import Getter, Request, answer
from ..table import fill_derived

T = TypeVar("T")

Assets = Collection[str] | None
"""Upper-case base assets to keep (e.g. ``{"BTC", "ETH"}``); None = all."""
Row = dict[str, Any]
Gather = Callable[[Sequence[Callable[[], T]]], list[T]]
"""Runs independent calls (concurrently where it can) and returns their results in order."""

PER_SYMBOL_LIMIT = 25
"""Per-symbol requests made per venue and refresh, at most: venues rate-limit public endpoints
(MEXC about 20 per 2 s), and a plan rarely has more instruments than this on one venue."""


@dataclass
class VenueResult:
    """Rows of the market table from one venue, and soft problems met while reading them."""

    rows: list[Row]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Enrichment:
    """Second-round requests that add fields to rows the first round produced.

    A failed request costs only what it would have added: a warning line,
    never the venue.

    Attributes
    ----------
    what : str
        What is added, for the warnings (e.g. ``"open interest"``).
    requests : mapping
        Key (a symbol, for per-symbol requests) → request.
    apply : callable
        ``apply(answers)`` with the payloads of the requests that succeeded,
        by key; fills the rows and returns warnings about missing fields.
    per_symbol : bool
        Per-symbol requests are capped at :data:`PER_SYMBOL_LIMIT`.
    """

    what: str
    requests: Mapping[str, Request]
    apply: Callable[[Mapping[str, Any]], list[str]]
    per_symbol: bool = True


class Venue(ABC):
    """One exchange's public API, described as requests and pure parsing.

    Subclasses set ``key`` (the registry name, also the ``HEDGEBOOK_URL_<KEY>``
    override) and ``default_url``, and implement :meth:`requests` and :meth:`parse`.
    """

    key: ClassVar[str]
    default_url: ClassVar[str]
    ignored_cache_parameters: ClassVar[tuple[str, ...]] = ()
    """Query parameters that do not change a cached spec (e.g. a timestamp)."""
    rate_limit: ClassVar[RateLimit | None] = None
    """The venue's documented limit on public requests from one address, where a refresh can reach it."""

    @abstractmethod
    def requests(self, assets: Assets) -> dict[str, Request]:
        """The first-round requests, by name (the keys :meth:`parse` reads)."""

    @abstractmethod
    def parse(self, answers: Mapping[str, Any], assets: Assets) -> VenueResult:
        """Rows of the market table from the first-round payloads (envelopes unwrapped, pages listed).

        Raises
        ------
        VenueError
            When an answer is not in the documented shape.
        """

    def enrichments(self, rows: list[Row], assets: Assets) -> list[Enrichment]:
        """Second-round requests for ``rows`` (none by default)."""
        return []


def wanted(base: str, assets: Assets) -> bool:
    """Whether rows of ``base`` are asked for."""
    return assets is None or base.upper() in assets


def per_symbol(
    venue: str,
    what: str,
    rows: list[Row],
    request_of: Callable[[str], Request],
    fill: Callable[[Row, Any, FieldReader], None],
) -> Enrichment:
    """An :class:`Enrichment` with one request per row's symbol, each answer filled into its row.

    ``fill(row, payload, reader)`` copies the payload's fields into the row;
    the row's derived columns (funding APR, open interest in the other unit)
    are then recomputed.
    """
    reader = FieldReader(venue)
    by_symbol = {row["symbol"]: row for row in rows}

    def apply(answers: Mapping[str, Any]) -> list[str]:
        for symbol, payload in answers.items():
            row = by_symbol[symbol]
            fill(row, payload, reader)
            fill_derived(row)
        return reader.warnings()

    return Enrichment(what, {symbol: request_of(symbol) for symbol in by_symbol}, apply)


def sequential(calls: Sequence[Callable[[], T]]) -> list[T]:
    """A :data:`Gather` that runs the calls one after another."""
    return [call() for call in calls]


def read_venue(venue: Venue, assets: Assets, get: Getter, gather: Gather = sequential) -> VenueResult:
    """Read ``venue``: its requests (in parallel through ``gather``), its parse, its enrichments.

    Raises
    ------
    VenueError
        When a first-round request fails, an answer is not in the documented
        shape, or it lists an instrument twice.
    """
    requests = venue.requests(assets)
    payloads = gather([(lambda r=request: answer(get, r)) for request in requests.values()])
    result = venue.parse(dict(zip(requests, payloads)), assets)
    symbols = Counter(row["symbol"] for row in result.rows)
    repeated = sorted(symbol for symbol, count in symbols.items() if count > 1)
    if repeated:
        raise VenueBadAnswer(f"instrument {repeated[0]} listed twice: which one is right cannot be known")
    for enrichment in venue.enrichments(result.rows, assets) if result.rows else ():
        result.warnings.extend(_enrich(venue.key, enrichment, get, gather))
    return result


def _enrich(venue: str, enrichment: Enrichment, get: Getter, gather: Gather) -> list[str]:
    keys = list(enrichment.requests)
    asked, skipped = (keys[:PER_SYMBOL_LIMIT], keys[PER_SYMBOL_LIMIT:]) if enrichment.per_symbol else (keys, [])

    def attempt(key: str):
        try:
            return answer(get, enrichment.requests[key]), None
        except VenueError as error:
            return None, error

    results = dict(zip(asked, gather([(lambda k=key: attempt(k)) for key in asked])))
    notes = [
        f"{venue}: {enrichment.what} {f'of {key} ' if enrichment.per_symbol else ''}missing ({error})"
        for key, (_, error) in results.items() if error is not None
    ]
    if skipped:
        notes.append(f"{venue}: {enrichment.what} left out for {len(skipped)} instruments beyond the first "
                     f"{PER_SYMBOL_LIMIT} (the venue serves it per symbol)")
    try:
        notes.extend(enrichment.apply({key: payload for key, (payload, error) in results.items() if error is None}))
    except VenueError as error:  # an answer in an unexpected shape costs only this enrichment
        notes.append(f"{venue}: {enrichment.what} missing ({error})")
    return notes
