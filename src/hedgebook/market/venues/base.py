"""What every venue module provides, and the one routine that reads a venue.

A venue is data plus pure functions: :meth:`Venue.requests` says what to ask
(bulk endpoints, as few as the venue allows), :meth:`Venue.parse` turns the
decoded answers into rows of the market table, and :meth:`Venue.enrichments`
names the second-round requests where the venue serves a field only per
symbol (open interest on Binance and BingX, MEXC's funding schedule) or needs
the first answer to ask (Binance spot lot sizes).  :func:`read_venue`
performs all of it through a :data:`~hedgebook.market.request.Getter`; parsing
never touches the network, so a recorded body is tested as plain data.

When the instrument specs are already known (the spec cache has them), the
per-symbol requests a venue's specs alone name go out with the first round:
a repeat refresh is one round trip per venue.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Collection, Mapping, Sequence, TypeVar

from ..errors import VenueBadAnswer, VenueError
from ..memo import RecentMemo
from ..parsing import FieldReader
from ..ratelimit import RateLimit
from ..request import Getter, Request, answer
from ..table import fill_derived

if TYPE_CHECKING:
    from ..history_query import HistoryQuery

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
    endpoint_limits: ClassVar[Mapping[str, RateLimit]] = {}
    """Path → the documented limit of that endpoint, where a refresh can reach it."""
    serves_history: ClassVar[bool] = True
    """Whether the venue serves history per contract (:meth:`history`); CoinGecko's is not per contract."""
    spot_source_rank: ClassVar[int | None] = None
    """Where the venue stands among the sources of spot prices (0 = the first asked), None when it is not one."""
    spot_history: ClassVar[bool] = False
    """Whether the coins' own daily closes (for β and R²) are read from this venue."""
    settlement_sibling: ClassVar[str | None] = None
    """The key of the same exchange's futures of the other settlement (linear or inverse), when it has one."""
    blank_live_answer: ClassVar[Any] = None
    """A live answer that lists nothing (e.g. ``[]``), for venues whose second-round requests (open interest
    per symbol) the instrument specs alone name: see :meth:`spec_rows`.  None: this venue cannot."""

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

    def history(self, field: str, row: Mapping[str, Any]) -> "HistoryQuery | None":
        """How this venue serves the history of ``field`` (:data:`~hedgebook.market.history_store.FIELDS`) of
        ``row``'s instrument (a row of the market table); None when it does not."""
        return None

    def spec_rows(self, specs: Mapping[str, Any], assets: Assets) -> list[Row]:
        """The rows as far as the instrument specs alone tell (symbols, kinds, sizes; no prices), to name the
        second round's requests before the live answers are in; empty when the venue cannot tell.

        Parameters
        ----------
        specs : mapping
            Payloads of the first-round requests that are instrument specs (``cached``), by name.

        Raises
        ------
        VenueError
            When a spec is not in the documented shape.
        """
        if self.blank_live_answer is None:
            return []
        blank = {name: self.blank_live_answer for name in self.requests(assets) if name not in specs}
        return self.parse({**specs, **blank}, assets).rows


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


def read_venue(venue: Venue, assets: Assets, get: Getter, gather: Gather = sequential,
               peek: Callable[[Request], Any | None] | None = None) -> VenueResult:
    """Read ``venue``: its requests (in parallel through ``gather``), its parse, its enrichments.

    Parameters
    ----------
    peek : callable, optional
        ``peek(request)`` → the payload of a spec request when it is known without the network (the spec
        cache), else None.  When every spec of the first round is known, the second round's requests that
        the specs name are answered from what ``peek`` knows or go out with the first round, and the
        second round has nothing left to ask.

    Raises
    ------
    VenueError
        When a first-round request fails, an answer is not in the documented
        shape, or it lists an instrument twice.
    """
    requests = venue.requests(assets)
    known = _known_specs(requests, peek)
    named_early = _early_requests(venue, requests, known, assets)
    early = [request for request in named_early if not request.cached]
    early_specs = [request for request in named_early if request.cached]
    live = [name for name in requests if name not in known]
    outcomes = gather([*((lambda r=requests[name]: answer(get, r)) for name in live),
                       *((lambda r=request: _attempt(get, r)) for request in early),
                       # last: the specs the second round needs are looked up while the answers travel
                       *([lambda: _answered_by_peek(venue, early_specs, peek)] if early_specs else [])])
    payloads = {**known, **dict(zip(live, outcomes))}
    asked_early = {_identity(request, venue): outcome
                   for request, outcome in zip(early, outcomes[len(live):len(live) + len(early)])}
    if early_specs:
        asked_early.update(outcomes[-1])
    result = venue.parse({name: payloads[name] for name in requests}, assets)
    symbols = Counter(row["symbol"] for row in result.rows)
    repeated = sorted(symbol for symbol, count in symbols.items() if count > 1)
    if repeated:
        raise VenueBadAnswer(f"instrument {repeated[0]} listed twice: which one is right cannot be known")
    for enrichment in venue.enrichments(result.rows, assets) if result.rows else ():
        result.warnings.extend(_enrich(venue, enrichment, get, gather, asked_early))
    return result


def _peeked(request: Request, peek) -> Any | None:
    """The payload of a spec request (every page followed) when ``peek`` knows it, else None."""
    if not request.cached or peek is None:
        return None
    try:
        return answer(_peek_getter(peek), request)
    except (NotKnown, VenueError):
        return None


def _answered_by_peek(venue: Venue, requests: Sequence[Request], peek) -> dict[tuple, tuple[Any, None]]:
    """The outcomes of the spec requests among ``requests`` that ``peek`` knows, by identity."""
    payloads = {_identity(request, venue): _peeked(request, peek) for request in requests}
    return {identity: (payload, None) for identity, payload in payloads.items() if payload is not None}


def _known_specs(requests: Mapping[str, Request], peek) -> dict[str, Any]:
    """Payloads of the spec requests ``peek`` knows; empty unless it knows every one of them."""
    known = {name: _peeked(request, peek) for name, request in requests.items() if request.cached}
    return known if known and all(payload is not None for payload in known.values()) else {}


class NotKnown(Exception):
    """A spec that is not known without the network."""


def _peek_getter(peek) -> Getter:
    def get(request: Request) -> Any:
        payload = peek(request)
        if payload is None:
            raise NotKnown(request.name)
        return payload

    return get


def _same(a: Any, b: Any) -> bool:
    """The same object, or lists (pages) of the same objects."""
    return a is b or (type(a) is list and type(b) is list and len(a) == len(b) and all(x is y for x, y in zip(a, b)))


_EARLY = RecentMemo(capacity=32)
"""The second-round requests a venue's specs named, by ``(venue, assets, spec names)`` → ``(specs, requests)``,
used while the specs are the very same objects.  The spec cache hands out one decoded spec per process while
it is unchanged (:meth:`~hedgebook.market.spec_cache.SpecCache.get_decoded`), so a repeat refresh of the same
assets finds the requests without parsing the specs again.  Kept entries only choose what is asked early:
what a refresh uses is always matched against the requests its own rows name."""


def _early_requests(venue: Venue, requests: Mapping[str, Request], known: Mapping[str, Any],
                    assets: Assets) -> list[Request]:
    """The second-round requests the known specs name, as :func:`_enrich` would ask them."""
    if not known or len(known) != sum(request.cached for request in requests.values()):
        return []
    slot = (venue.key, None if assets is None else frozenset(assets), tuple(sorted(known)))
    specs = tuple(known[name] for name in sorted(known))
    keep = not venue.ignored_cache_parameters  # requests stamped with the time (BingX) are made anew
    kept = _EARLY.get(slot) if keep else None
    if kept is not None and all(_same(a, b) for a, b in zip(kept[0], specs, strict=True)):
        return kept[1]
    try:
        rows = venue.spec_rows(known, assets)
    except VenueError:
        return []
    early = []
    for enrichment in venue.enrichments(rows, assets) if rows else ():
        early.extend(_asked(enrichment)[0].values())
    if keep:
        _EARLY.put(slot, (specs, early))
    return early


def _identity(request: Request, venue: Venue) -> tuple:
    """What makes two requests the same question (parameters such as a timestamp aside)."""
    return request.path, tuple(sorted((str(k), str(v)) for k, v in request.params.items()
                                      if k not in venue.ignored_cache_parameters))


def _asked(enrichment: Enrichment) -> tuple[dict[str, Request], list[str]]:
    """The requests of an enrichment that are made, by key, and the keys left out (beyond the per-symbol cap)."""
    keys = list(enrichment.requests)
    asked, skipped = (keys[:PER_SYMBOL_LIMIT], keys[PER_SYMBOL_LIMIT:]) if enrichment.per_symbol else (keys, [])
    return {key: enrichment.requests[key] for key in asked}, skipped


def _attempt(get: Getter, request: Request) -> tuple[Any, VenueError | None]:
    try:
        return answer(get, request), None
    except VenueError as error:
        return None, error


def _enrich(venue: Venue, enrichment: Enrichment, get: Getter, gather: Gather,
            asked_early: Mapping[tuple, tuple[Any, VenueError | None]]) -> list[str]:
    asked, skipped = _asked(enrichment)
    results = {key: asked_early.get(_identity(asked[key], venue)) for key in asked}
    late = [key for key, outcome in results.items() if outcome is None]
    results.update(zip(late, gather([(lambda r=asked[key]: _attempt(get, r)) for key in late])))
    notes = [
        f"{venue.key}: {enrichment.what} {f'of {key} ' if enrichment.per_symbol else ''}missing ({error})"
        for key, (_, error) in results.items() if error is not None
    ]
    if skipped:
        notes.append(f"{venue.key}: {enrichment.what} left out for {len(skipped)} instruments beyond the first "
                     f"{PER_SYMBOL_LIMIT} (the venue serves it per symbol)")
    try:
        notes.extend(enrichment.apply({key: payload for key, (payload, error) in results.items() if error is None}))
    except VenueError as error:  # an answer in an unexpected shape costs only this enrichment
        notes.append(f"{venue.key}: {enrichment.what} missing ({error})")
    return notes

