"""Reading the venues from a browser concurrently, each request with a timeout (xlwings Lite's ``async`` Refresh).

A page has no threads, and its synchronous ``XMLHttpRequest`` has no timeout: one venue that never answers would
hold the whole refresh, and venues would be read one after the other.  So the answers are fetched first, with the
browser's ``fetch`` (Pyodide's ``pyfetch``), every venue at once, each request bounded by a timeout and its body by
:data:`~hedgebook.market.transport.MAX_RESPONSE_BYTES`; then the usual synchronous reading runs on those answers
(:class:`Answers` is its ``browser_request``), so what is parsed, checked and written is exactly what a refresh on
Windows does.

A venue's requests come in rounds (its list, then per-symbol details that depend on it): :func:`read_ahead` runs
each venue's reading against the answers fetched so far, collects the requests it still lacks, fetches them, and
goes again until it lacks none, each venue on its own, all at once.  A request that timed out is answered as a
timeout, one the browser withheld (CORS, no network) as blocked: never one for the other.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable, Mapping

from .browser import ANSWER_TOO_LARGE as TOO_LARGE
from .browser import NO_ANSWER_IN_TIME as TIMED_OUT
from .browser import BrowserAnswer

FetchAnswer = Callable[[str, Mapping[str, str], float, int], Awaitable[BrowserAnswer]]
"""``await fetch_answer(url, headers, timeout_s, max_bytes)``: one GET through the browser's ``fetch``; raises
:class:`asyncio.TimeoutError` past ``timeout_s``; status 0 = the browser withheld the answer."""
MAX_ROUNDS = 8
"""Rounds of requests a venue may need (its list, per-symbol details, pages); past them its reading stands."""


VOLATILE_PARAMETERS = ("timestamp",)
"""Query parameters a venue's request carries that change from one reading to the next (BingX's ``timestamp``):
two requests that differ only there are the same request."""


def same_request(url: str) -> str:
    """``url`` without its :data:`VOLATILE_PARAMETERS`: what an answer is kept under."""
    base, _, query = url.partition("?")
    if not query:
        return url
    kept = [part for part in query.split("&") if part.split("=", 1)[0] not in VOLATILE_PARAMETERS]
    return base + ("?" + "&".join(kept) if kept else "")


class Lacking(Exception):
    """A request whose answer has not been fetched yet (the reading that asked is run again once it is)."""


@dataclass
class Answers:
    """The answers fetched, by URL, served to the synchronous reading as the browser would answer them.

    While reading ahead (``record`` True), a request not fetched yet is noted in ``lacking`` and refused; afterwards
    a request never fetched is answered as withheld (it was not asked before: nothing is sent now).
    """

    by_url: dict[str, BrowserAnswer] = field(default_factory=dict)
    lacking: set[tuple[str, tuple]] = field(default_factory=set)
    record: bool = False

    def __call__(self, url: str, headers: Mapping[str, str], timeout_s: float) -> BrowserAnswer:
        if same_request(url) in self.by_url:
            return self.by_url[same_request(url)]
        if self.record:
            self.lacking.add((url, tuple(sorted(headers.items()))))
            raise Lacking(url)
        return 0, {}, b""


async def fetch_into(answers: Answers, requests: Iterable[tuple[str, tuple]], fetch_answer: FetchAnswer,
                     timeout_s: float, max_bytes: int) -> None:
    """Fetch ``requests`` (URL, headers) all at once into ``answers``: a timeout stored as :data:`TIMED_OUT`."""
    async def one(url: str, headers: tuple) -> None:
        try:
            answers.by_url[same_request(url)] = await asyncio.wait_for(
                fetch_answer(url, dict(headers), timeout_s, max_bytes), timeout_s)
        except asyncio.TimeoutError:
            answers.by_url[same_request(url)] = (TIMED_OUT, {}, b"")

    await asyncio.gather(*(one(url, headers) for url, headers in requests))


async def read_ahead(venues: Iterable[str], read: Callable[[str, Answers], Any], fetch_answer: FetchAnswer,
                     timeout_s: float, max_bytes: int, answers: Answers | None = None) -> Answers:
    """Fetch every answer ``read(venue, answers)`` needs, for every venue at once, round after round per venue.

    ``read`` runs the synchronous reading of one venue with ``answers`` as its browser (it may raise anything; a
    failure is the reading's own, and shows again when the refresh reads for real).
    """
    answers = answers or Answers()

    async def venue_rounds(venue: str) -> None:
        for _ in range(MAX_ROUNDS):
            mine = Answers(answers.by_url, set(), record=True)
            try:
                read(venue, mine)
            except Exception:  # noqa: BLE001  (what the reading refuses is said when it reads for real)
                pass
            if not mine.lacking:
                return
            await fetch_into(answers, mine.lacking, fetch_answer, timeout_s, max_bytes)

    await asyncio.gather(*(venue_rounds(venue) for venue in dict.fromkeys(venues)))
    return answers


async def pyfetch_answer(url: str, headers: Mapping[str, str], timeout_s: float, max_bytes: int) -> BrowserAnswer:
    """One GET through the browser's ``fetch`` (Pyodide only): status 0 when the browser withholds the answer; the
    body read chunk by chunk and cut at ``max_bytes`` (:data:`TOO_LARGE`)."""
    from pyodide.http import pyfetch  # noqa: PLC0415  (exists only under Pyodide)

    try:
        response = await pyfetch(url, method="GET", headers=dict(headers))
    except Exception:  # noqa: BLE001  (a TypeError "Failed to fetch": CORS, or no network)
        return 0, {}, b""
    answer_headers = {name: value for name, value in response.headers.items()}
    declared = answer_headers.get("content-length") or answer_headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        return TOO_LARGE, answer_headers, b""
    body = bytearray()
    reader = response.js_response.body.getReader()
    while True:
        chunk = await reader.read()
        if chunk.done:
            break
        body += chunk.value.to_bytes()
        if len(body) > max_bytes:
            reader.cancel()
            return TOO_LARGE, answer_headers, b""
    return int(response.status), answer_headers, bytes(body)
