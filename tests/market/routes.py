"""Answers in a venue's documented shape, served two ways: by a local HTTP server, or as plain data.

A route is (path, query, body): a request matches when its path is the
route's and the route's query parameters are among the request's (other
parameters, such as BingX's timestamp, may vary).  The most specific match
wins.  :func:`serve` registers routes on a pytest-httpserver; :class:`Recorded`
answers :class:`hedgebook.market.request.Request` objects from the same routes
without any server, so a venue's parsing is tested on recorded bodies.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from werkzeug import Response

from hedgebook.market.errors import VenueBadAnswer


@dataclass(frozen=True)
class Route:
    path: str
    body: Any
    query: Mapping[str, str] = field(default_factory=dict)

    def matches(self, path: str, params: Mapping[str, Any]) -> bool:
        return path == self.path and all(str(params.get(k)) == str(v) for k, v in self.query.items())


def route(path: str, body: Any, **query: Any) -> Route:
    return Route(path, body, {k: str(v) for k, v in query.items()})


def _best(routes: list[Route], path: str, params: Mapping[str, Any]) -> Route | None:
    matching = [r for r in routes if r.matches(path, params)]
    return max(matching, key=lambda r: len(r.query)) if matching else None


def serve(server, routes: list[Route]) -> None:
    """Register ``routes`` on a pytest-httpserver: one handler per path, choosing by query."""
    by_path: dict[str, list[Route]] = defaultdict(list)
    for r in routes:
        by_path[r.path].append(r)
    for path, candidates in by_path.items():
        server.expect_request(path).respond_with_handler(_handler(candidates))


def _handler(candidates: list[Route]) -> Callable:
    texts = {id(r): json.dumps(r.body) for r in candidates}  # encoded once, as a venue's cache would

    def handler(request):
        chosen = _best(candidates, request.path, request.args)
        if chosen is None:
            return Response(json.dumps({"msg": "no such route in the test"}), 404, content_type="application/json")
        return Response(texts[id(chosen)], 200, content_type="application/json")

    return handler


class Recorded:
    """A Getter answering from routes, no network; ``asked`` lists the requests in order.

    ``overrides`` maps a path to its answer instead: a body, an exception to
    raise, or a function of the request.
    """

    def __init__(self, routes: list[Route], overrides: Mapping[str, Any] | None = None):
        self.routes = list(routes)
        self.overrides = dict(overrides or {})
        self.asked: list = []

    def __call__(self, request) -> Any:
        self.asked.append(request)
        if request.path in self.overrides:
            answer = self.overrides[request.path]
            if isinstance(answer, Exception):
                raise answer
            return answer(request) if callable(answer) else answer
        chosen = _best(self.routes, request.path, request.params)
        if chosen is None:
            raise VenueBadAnswer(f"HTTP 404: no route for {request.path} {dict(request.params)}")
        return json.loads(json.dumps(chosen.body))  # a fresh copy, as a decoded answer is


def requests_to(server, prefix: str) -> int:
    """How many requests the server received whose path starts with ``prefix``."""
    return sum(1 for request, _ in server.log if request.path.startswith(prefix))
