"""One test module per venue (``test_<key>.py``), and its bodies in the documented shape (``bodies/<key>.py``).

Each bodies module provides ``ROUTES`` (every answer the venue gives, see
:mod:`tests.market.routes`), ``FAULT`` (a path every refresh requests, its
body, and a field of it to rename), ``ERROR_BODY`` (the venue's error
inside a successful answer), ``SPEC_PATH`` (its cached instrument list, or
None) and ``synthetic_routes(prices)`` (the venue listing many assets, for
the benchmarks).  Adding a venue adds its module here; the all-venue tests
(fault injection, soak, refresh paths, benchmarks) find it through
:func:`venue_module`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from hedgebook.market import VENUES

from ..routes import serve


@dataclass(frozen=True)
class Fault:
    """Where to break a venue: a path every refresh requests, its normal body, a field of it to rename."""

    path: str
    body: Any
    field: str


def venue_module(key: str):
    """The bodies module of venue ``key`` (:mod:`tests.market.venues.bodies`)."""
    return importlib.import_module(f"{__name__}.bodies.{key}")


def serve_venue(server, key: str) -> None:
    serve(server, venue_module(key).ROUTES)


def serve_all(server) -> None:
    """Every venue's answers on one server."""
    for key in VENUES:
        serve_venue(server, key)


def read_recorded(key: str, assets=None, routes=None, overrides=None):
    """Read venue ``key`` from recorded bodies, no server: (table by symbol, VenueResult, the Recorded getter)."""
    from hedgebook.market.table import to_table
    from hedgebook.market.venues.base import read_venue

    from ..routes import Recorded

    getter = Recorded(venue_module(key).ROUTES if routes is None else routes, overrides)
    wanted = None if assets is None else frozenset(a.upper() for a in assets)
    result = read_venue(VENUES[key](), wanted, getter)
    return to_table(result.rows).set_index("symbol"), result, getter
