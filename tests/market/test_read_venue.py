"""read_venue: a venue's requests, parse and enrichments driven through any getter, no server needed."""

import json

import pytest

from hedgebook.market import VENUES
from hedgebook.market.errors import VenueServerError
from hedgebook.market.request import Request, answer
from hedgebook.market.table import make_row
from hedgebook.market.venues.base import PER_SYMBOL_LIMIT, Enrichment, Venue, VenueResult, per_symbol, read_venue

from .routes import Recorded, route


class Listing(Venue):
    """A venue of ``count`` instruments whose open interest is served per symbol."""

    key = "listing"
    default_url = "http://unused"

    def __init__(self, count):
        self.count = count

    def requests(self, assets):
        return {"list": Request("/list")}

    def parse(self, answers, assets):
        rows = [make_row(self.key, symbol, symbol, "USDT", "perp", "linear", mark_price=2.0)
                for symbol in answers["list"]]
        return VenueResult(rows)

    def enrichments(self, rows, assets):
        def fill(row, payload, reader):
            row["open_interest"] = reader.number(payload, "openInterest", "oi")

        return [per_symbol(self.key, "open interest", rows, lambda s: Request("/oi", {"symbol": s}), fill)]


def test_per_symbol_requests_are_bounded_and_the_rest_is_said():
    symbols = [f"S{i}" for i in range(PER_SYMBOL_LIMIT + 5)]
    getter = Recorded([route("/list", symbols), route("/oi", {"openInterest": "1"})])
    result = read_venue(Listing(len(symbols)), None, getter)
    assert sum(r.path == "/oi" for r in getter.asked) == PER_SYMBOL_LIMIT
    assert [row["open_interest"] for row in result.rows[:PER_SYMBOL_LIMIT]] == [1.0] * PER_SYMBOL_LIMIT
    assert result.rows[-1]["open_interest"] != result.rows[-1]["open_interest"]  # NaN: left out
    assert result.rows[0]["open_interest_usd"] == 2.0  # derived columns recomputed after the fill
    assert result.warnings == [f"listing: open interest left out for 5 instruments beyond the first "
                               f"{PER_SYMBOL_LIMIT} (the venue serves it per symbol)"]


def test_one_symbol_failing_costs_only_that_symbol():
    def oi(request):
        if request.params["symbol"] == "B":
            raise VenueServerError("server error (HTTP 503)")
        return {"openInterest": "7"}

    result = read_venue(Listing(2), None, Recorded([route("/list", ["A", "B"])], {"/oi": oi}))
    assert [row["open_interest"] for row in result.rows][0] == 7.0
    assert result.warnings == ["listing: open interest of B missing (server error (HTTP 503))"]


def test_a_bulk_enrichment_in_an_unexpected_shape_costs_only_itself():
    class Broken(Listing):
        def enrichments(self, rows, assets):
            def apply(answers):
                raise VenueServerError("unexpected answer from lots: no 'symbols'")

            return [Enrichment("lot sizes", {"lots": Request("/lots")}, apply, per_symbol=False)]

    result = read_venue(Broken(1), None, Recorded([route("/list", ["A"]), route("/lots", {})]))
    assert len(result.rows) == 1
    assert result.warnings == ["listing: lot sizes missing (unexpected answer from lots: no 'symbols')"]


def test_pages_are_followed_until_the_last():
    pages = {None: {"items": [1], "next": "b"}, "b": {"items": [2], "next": "c"}, "c": {"items": [3], "next": ""}}
    getter = Recorded([route("/p", body, **({"cursor": key} if key else {})) for key, body in pages.items()])
    request = Request("/p", next_page=lambda payload: {"cursor": payload["next"]} if payload["next"] else None)
    assert [page["items"] for page in answer(getter, request)] == [[1], [2], [3]]
    assert [r.params.get("cursor") for r in getter.asked] == [None, "b", "c"]


class Rounds:
    """A Gather that records each round's request paths (a round = one call of gather)."""

    def __init__(self, getter):
        self.getter, self.rounds = getter, []

    def __call__(self, calls):
        before = len(self.getter.asked)
        results = [call() for call in calls]
        self.rounds.append([r.path for r in self.getter.asked[before:]])
        return results


def peek_from(getter):
    """A peek that knows every spec request's answer (a filled spec cache), and counts nothing as asked."""
    def peek(request):
        return json.loads(json.dumps(getter.answer_for(request))) if request.cached else None

    return peek


def read_binance(assets, known_specs, routes=None):
    from .venues.bodies.binance import ROUTES

    getter = RecordedWithLookup(ROUTES if routes is None else routes)
    rounds = Rounds(getter)
    result = read_venue(VENUES["binance"](), frozenset(assets), getter, rounds,
                        peek_from(getter) if known_specs else None)
    return result, rounds.rounds


class RecordedWithLookup(Recorded):
    def answer_for(self, request):
        from .routes import _best

        return _best(self.routes, request.path, request.params).body


def test_with_the_specs_known_the_per_symbol_requests_go_out_in_the_first_round():
    cold, cold_rounds = read_binance({"BTC"}, known_specs=False)
    warm, warm_rounds = read_binance({"BTC"}, known_specs=True)
    assert sorted(cold_rounds[0]) == ["/fapi/v1/exchangeInfo", "/fapi/v1/fundingInfo", "/fapi/v1/premiumIndex",
                                      "/fapi/v1/ticker/price"]
    assert cold_rounds[1] == ["/fapi/v1/openInterest"] * 2  # the perpetual and the quarterly: a second round
    assert len(warm_rounds) == 2 and warm_rounds[1] == []  # one round: the second has nothing left to ask
    assert sorted(warm_rounds[0]) == ["/fapi/v1/fundingInfo", "/fapi/v1/openInterest", "/fapi/v1/openInterest",
                                      "/fapi/v1/premiumIndex", "/fapi/v1/ticker/price"]
    assert warm.rows == cold.rows and warm.warnings == cold.warnings
    assert {row["symbol"]: row["open_interest_usd"] for row in warm.rows} == \
        {"BTCUSDT": 80_000 * 60_000, "BTCUSDT_250328": 4_000 * 61_200}


def test_a_symbol_the_live_answers_drop_costs_one_request_and_changes_nothing():
    """The specs name the symbols asked early; the rows kept come from the live answers, and a request asked
    early for a row that is not kept is simply not used."""
    class LiveFilter(Listing):
        blank_live_answer = []

        def requests(self, assets):
            return {"list": Request("/list", cached=True), "live": Request("/live")}

        def parse(self, answers, assets):
            live = set(answers["live"]) or None
            rows = [make_row(self.key, s, s, "USDT", "perp", "linear", mark_price=2.0)
                    for s in answers["list"] if live is None or s in live]
            return VenueResult(rows)

    routes = [route("/list", ["A", "B"]), route("/live", ["A"]), route("/oi", {"openInterest": "3"})]
    getter = RecordedWithLookup(routes)
    rounds = Rounds(getter)
    result = read_venue(LiveFilter(2), None, getter, rounds, peek_from(getter))
    assert [row["symbol"] for row in result.rows] == ["A"] and result.rows[0]["open_interest"] == 3.0
    assert sorted(rounds.rounds[0]) == ["/live", "/oi", "/oi"] and rounds.rounds[1] == []


def test_a_failed_early_request_costs_only_its_symbol():
    def oi(request):
        if request.params["symbol"] == "BTCUSDT_250328":
            raise VenueServerError("server error (HTTP 503)")
        return {"openInterest": "5", "symbol": request.params["symbol"], "time": 0}

    from .venues.bodies.binance import ROUTES

    getter = RecordedWithLookup(ROUTES, {"/fapi/v1/openInterest": oi})
    rounds = Rounds(getter)
    result = read_venue(VENUES["binance"](), frozenset({"BTC"}), getter, rounds, peek_from(getter))
    assert result.warnings == ["binance: open interest of BTCUSDT_250328 missing (server error (HTTP 503))"]
    assert len(rounds.rounds) == 2 and rounds.rounds[1] == []


@pytest.mark.parametrize("key", ["binance", "binance_coinm", "bingx", "mexc", "okx", "bybit"])
def test_the_symbols_named_by_the_specs_alone_are_those_the_live_answers_keep(key):
    """A venue's rows from its specs alone (no prices) list the same symbols as the full reading."""
    from .venues import venue_module

    venue = VENUES[key]()
    getter = RecordedWithLookup(venue_module(key).ROUTES)
    wanted = frozenset({"BTC", "ETH"})
    specs = {name: answer(getter, request) for name, request in venue.requests(wanted).items() if request.cached}
    full = read_venue(venue, wanted, getter)
    assert [row["symbol"] for row in venue.spec_rows(specs, wanted)] == [row["symbol"] for row in full.rows]


def test_a_venue_that_cannot_name_its_symbols_from_the_specs_keeps_two_rounds():
    assert VENUES["deribit"]().spec_rows({}, None) == []


def test_margin_tiers_known_to_the_spec_cache_are_read_without_a_second_round():
    from .venues.bodies.okx import ROUTES

    getter = RecordedWithLookup(ROUTES)
    cold_rounds = Rounds(getter)
    cold = read_venue(VENUES["okx"](), frozenset({"BTC"}), getter, cold_rounds)
    warm_getter = RecordedWithLookup(ROUTES)
    warm_rounds = Rounds(warm_getter)
    warm = read_venue(VENUES["okx"](), frozenset({"BTC"}), warm_getter, warm_rounds, peek_from(warm_getter))
    assert "/api/v5/public/position-tiers" in cold_rounds.rounds[1]
    assert all("position-tiers" not in path and "instruments" not in path
               for round_ in warm_rounds.rounds for path in round_)
    assert warm.rows == cold.rows and warm.warnings == cold.warnings
    assert any(row.get("tiers") is not None for row in warm.rows)


def test_requests_stamped_with_the_time_are_made_anew_each_refresh(monkeypatch):
    """BingX stamps each request with the time: a kept early request would go out with an old stamp."""
    from hedgebook.market.venues import bingx

    from .venues.bodies.bingx import ROUTES

    getter = RecordedWithLookup(ROUTES)
    specs = {}

    def peek(request):  # the same decoded listing every refresh, as the spec cache hands it out
        if not request.cached:
            return None
        key = (request.path, request.name)
        specs.setdefault(key, getter.answer_for(request))
        return specs[key]

    stamps = []
    for now in (1_000, 2_000):
        monkeypatch.setattr(bingx, "now_ms", lambda now=now: now)
        asked = RecordedWithLookup(ROUTES)
        read_venue(VENUES["bingx"](), frozenset({"BTC"}), asked, Rounds(asked), peek)
        stamps.append({r.params["timestamp"] for r in asked.asked if r.path.endswith("openInterest")})
    assert stamps == [{1_000}, {2_000}]
