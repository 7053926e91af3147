"""A local replay of every venue for N assets, in each venue's documented shape, answering like a distant venue:
after ``latency_s``, over HTTP/1.1 with keep-alive.  The bodies are the tests' data (:mod:`tests.market.venues.bodies`,
plain data modules); no test module is imported.

The replay is an asyncio server that answers from bodies encoded once, so that a benchmark measures the client,
not the test server's own work per answer on the same cores.  Any other path gets ``{}`` (the
per-symbol comparison client).  The few requests ccxt makes that hedgebook does not (the same last prices at
Binance's ``/fapi/v2``, Bybit's listing of instruments not yet trading) are answered too, so that both clients
of the side-by-side (:mod:`benchmarks.peer`) read the same replay.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from urllib.parse import parse_qsl, urlsplit

from hedgebook.market import VENUES
from tests.market.routes import Route, route
from tests.market.venues import venue_module

CATCH_ALL = b"{}"


class Replay:
    """Encoded answers by path; a request's answer is its path's route whose query is among the request's
    parameters, the most specific first (as :mod:`tests.market.routes` chooses)."""

    def __init__(self, routes: list[Route]):
        self._by_path: dict[str, dict[tuple, bytes]] = defaultdict(dict)
        self._key_sets: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for r in routes:
            keys = tuple(sorted(r.query))
            self._by_path[r.path][tuple(r.query[k] for k in keys) + keys] = json.dumps(r.body).encode()
            if keys not in self._key_sets[r.path]:
                self._key_sets[r.path].append(keys)
        for key_sets in self._key_sets.values():
            key_sets.sort(key=len, reverse=True)

    def answer(self, path: str, params: dict[str, str]) -> bytes | None:
        for keys in self._key_sets.get(path, ()):
            if all(k in params for k in keys):
                body = self._by_path[path].get(tuple(params[k] for k in keys) + keys)
                if body is not None:
                    return body
        return None


async def serve_replay(replay: Replay, latency_s: float, host: str = "127.0.0.1") -> asyncio.AbstractServer:
    """Serve ``replay`` at ``host`` on a free port (``server.sockets[0].getsockname()[1]``), each answer
    ``latency_s`` late."""

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1]
                close = any(line.lower() == "connection: close" for line in lines[1:])
                parts = urlsplit(target)
                body = replay.answer(parts.path, dict(parse_qsl(parts.query))) or CATCH_ALL
                await asyncio.sleep(latency_s)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(connection, host, 0, backlog=1024)


def serve_hosts(build, arguments: tuple, hosts: dict[str, str], latency_s: float, address_queue) -> None:
    """A child process's work: ``build(*arguments)`` (a replay), served at each venue's host of ``hosts`` with
    ``latency_s`` added to every answer; the venues' URLs are put on ``address_queue``, then it serves until
    terminated."""

    async def run():
        replay, urls, servers = build(*arguments), {}, []
        for key, host in hosts.items():
            server = await serve_replay(replay, latency_s, host)
            servers.append(server)
            urls[key] = f"http://{host}:{server.sockets[0].getsockname()[1]}"
        address_queue.put(urls)
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(run())


def replay_for(count: int) -> Replay:
    """:func:`replay_of` the first ``count`` of :func:`asset_names`."""
    return replay_of(asset_names(count))


def asset_names(count: int) -> list[str]:
    """BTC, ETH, then A2, A3, ...: ``count`` assets."""
    return ["BTC", "ETH"][:count] + [f"A{i}" for i in range(2, count)]


def asset_prices(assets: list[str]) -> dict[str, float]:
    """BTC 60 000, ETH 3 000, the others 10 + their position."""
    return {a: 60_000.0 if a == "BTC" else 3_000.0 if a == "ETH" else 10.0 + i for i, a in enumerate(assets)}


def peer_routes(key: str, routes: list[Route]) -> list[Route]:
    """The answers ccxt asks for at other addresses than hedgebook: the same bodies, or an empty listing."""
    if key == "binance":
        return [Route("/fapi/v2/ticker/price", r.body, r.query) for r in routes if r.path == "/fapi/v1/ticker/price"]
    if key == "bybit":
        from tests.market.venues.bodies.bybit import envelope

        return [route("/v5/market/instruments-info", envelope(category, [], ""), category=category, limit=1000,
                      status="PreLaunch") for category in ("linear", "inverse")]
    return []


def replay_of(assets: list[str]) -> Replay:
    """Every venue listing ``assets``, with the answers ccxt asks for at other addresses."""
    prices, routes = asset_prices(assets), []
    for key in VENUES:
        venue_routes = venue_module(key).synthetic_routes(prices)
        routes += venue_routes + peer_routes(key, venue_routes)
    return Replay(routes)


def venue_hosts() -> dict[str, str]:
    """A loopback address of its own for each venue (127.0.0.2, ...), as each venue is a host of its own: a
    client keeps its connections per host."""
    return {key: f"127.0.0.{i + 2}" for i, key in enumerate([*VENUES, "cftc"])}
