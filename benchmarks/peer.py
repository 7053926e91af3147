"""hedgebook and ccxt side by side, on one local replay of four venues.

ccxt is used as a competent user would use it: the asynchronous client, its rate limiter off, markets (and the
margin tiers hedgebook also reads) loaded once per venue, then every refresh sends all of its requests at once:
bulk funding rates, tickers, funding intervals, mark prices and open interests, and per symbol only where ccxt
has no bulk form (Binance's open interest, at most as many symbols as hedgebook asks for).  Open interest is read
from Bybit's tickers, which carry it.

Both clients read the same replay (:mod:`benchmarks.synthetic`, 100 ms added to every answer), and the values
they bring back are compared field by field, so the comparison cannot drift into comparing different work.

Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from benchmarks.synthetic import replay_of
from hedgebook.market import fetch_market
from hedgebook.market.venues.base import PER_SYMBOL_LIMIT

PEER_VENUES = ("binance", "binance_coinm", "bybit", "okx")
COMPARED_FIELDS = ("last_price", "mark_price", "index_price", "funding_rate", "funding_interval_h",
                   "next_funding_time", "open_interest_usd", "contract_size", "lot_size", "min_qty")
"""The market table's columns both clients fill (open interest in USD: each venue counts it in its own unit)."""
RELATIVE_TOLERANCE = 1e-9
DEFAULT_INTERVAL_H = 8.0
"""What Binance's fundingInfo leaves out: the symbols funding every 8 hours."""
MS = 1_000


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _hours(interval: Any) -> float:
    """ccxt's interval text ("8h") in hours."""
    return float(interval[:-1]) if isinstance(interval, str) and interval.endswith("h") else math.nan


@dataclass
class Peer:
    """One venue read through ccxt.

    Parameters
    ----------
    key : str
        hedgebook's venue key.
    url : str
        The replay's address, put in place of every address of ccxt's exchange.
    """

    key: str
    url: str

    EXCHANGES = {"binance": ("binanceusdm", ["linear"]), "binance_coinm": ("binancecoinm", ["inverse"]),
                 "bybit": ("bybit", ["linear", "inverse"]), "okx": ("okx", ["swap", "future"])}

    def __post_init__(self):
        import ccxt.async_support as ccxt

        name, types = self.EXCHANGES[self.key]
        self.exchange = getattr(ccxt, name)({"enableRateLimit": False, "options": {"fetchMarkets": {"types": types}}})
        api = self.exchange.urls["api"]
        for part, address in api.items():
            if isinstance(address, str):
                host_and_path = address.split("//", 1)[1]
                api[part] = self.url + (("/" + host_and_path.split("/", 1)[1]) if "/" in host_and_path else "")
        self.markets: list[dict] = []

    async def load(self, assets: list[str]) -> int:
        """Markets, then the margin tiers hedgebook reads (Bybit and OKX perpetuals); returns the request count."""
        ex = self.exchange
        await ex.load_markets()
        wanted = set(assets)
        self.markets = [m for m in ex.markets.values() if m["base"] in wanted and m["active"] is not False
                        and (m["swap"] or m["future"])]
        requests = 2 if self.key == "okx" else 4 if self.key == "bybit" else 1
        if self.key in ("bybit", "okx"):
            perpetuals = [m["symbol"] for m in self.markets if m["swap"]][:PER_SYMBOL_LIMIT]
            await asyncio.gather(*(ex.fetch_market_leverage_tiers(symbol) for symbol in perpetuals))
            requests += len(perpetuals)
        return requests

    async def refresh(self) -> tuple[dict[str, dict[str, float]], int]:
        """Every compared field of every market loaded, by venue symbol; and the request count."""
        return await getattr(self, f"_refresh_{self.key}")()

    def _specs(self, market: dict) -> dict[str, float]:
        return {"contract_size": _number(market.get("contractSize")), "lot_size": market["precision"]["amount"],
                "min_qty": market["limits"]["amount"]["min"]}

    async def _refresh_binance_futures(self) -> tuple[dict, int]:
        ex, symbols = self.exchange, [m["symbol"] for m in self.markets]
        per_symbol = symbols[:PER_SYMBOL_LIMIT]
        rates, intervals, prices, *interests = await asyncio.gather(
            ex.fetch_funding_rates(symbols), ex.fetch_funding_intervals(), ex.fetch_last_prices(symbols),
            *(ex.fetch_open_interest(symbol) for symbol in per_symbol))
        interest = dict(zip(per_symbol, interests))
        values = {}
        for market in self.markets:
            symbol, rate = market["symbol"], rates.get(market["symbol"], {})
            is_perp = market["swap"]
            oi = interest.get(symbol)
            amount = _number(oi["openInterestAmount"]) if oi else math.nan
            usd = amount * market["contractSize"] if market["inverse"] else amount * _number(rate.get("markPrice"))
            values[market["id"]] = {
                "last_price": _number(prices.get(symbol, {}).get("price")),
                "mark_price": _number(rate.get("markPrice")), "index_price": _number(rate.get("indexPrice")),
                "funding_rate": _number(rate.get("fundingRate")) if is_perp else math.nan,
                "funding_interval_h": _hours(intervals[symbol]["interval"]) if symbol in intervals
                else DEFAULT_INTERVAL_H if is_perp else math.nan,
                "next_funding_time": _number(rate.get("fundingTimestamp")) if is_perp else math.nan,
                "open_interest_usd": usd, **self._specs(market)}
        return values, 3 + len(per_symbol)

    _refresh_binance = _refresh_binance_coinm = _refresh_binance_futures

    async def _refresh_bybit(self) -> tuple[dict, int]:
        ex = self.exchange
        linear = [m["symbol"] for m in self.markets if m["linear"]]
        inverse = [m["symbol"] for m in self.markets if m["inverse"]]
        answers = await asyncio.gather(ex.fetch_tickers(linear, {"category": "linear"}),
                                       ex.fetch_tickers(inverse, {"category": "inverse"}))
        tickers = {**answers[0], **answers[1]}
        values = {}
        for market in self.markets:
            ticker = tickers.get(market["symbol"], {})
            info = ticker.get("info", {})
            is_perp = market["swap"]
            open_interest = _number(info.get("openInterest"))  # linear: coins; inverse: USD
            values[market["id"]] = {
                "last_price": _number(ticker.get("last")), "mark_price": _number(ticker.get("markPrice")),
                "index_price": _number(ticker.get("indexPrice")),
                "funding_rate": _number(info.get("fundingRate")) if is_perp else math.nan,
                "funding_interval_h": _number(market["info"].get("fundingInterval")) / 60 if is_perp else math.nan,
                "next_funding_time": _number(info.get("nextFundingTime")) if is_perp else math.nan,
                "open_interest_usd": open_interest if market["inverse"]
                else open_interest * _number(ticker.get("markPrice")), **self._specs(market)}
        return values, 2

    async def _refresh_okx(self) -> tuple[dict, int]:
        ex = self.exchange
        kinds = ("SWAP", "FUTURES")
        answers = await asyncio.gather(
            *(ex.fetch_tickers(None, {"instType": kind}) for kind in kinds),
            *(ex.fetch_mark_prices(None, {"instType": kind}) for kind in kinds),
            *(ex.fetch_open_interests(None, {"instType": kind}) for kind in kinds),
            ex.fetch_funding_rates(),
            *(ex.publicGetMarketIndexTickers({"quoteCcy": quote}) for quote in ("USD", "USDT", "USDC")))
        tickers, marks, interests = ({**answers[i], **answers[i + 1]} for i in (0, 2, 4))
        rates = answers[6]
        index = {record["instId"]: _number(record.get("idxPx")) for answer in answers[7:]
                 for record in answer.get("data", [])}
        values = {}
        for market in self.markets:
            symbol, is_perp = market["symbol"], market["swap"]
            rate = rates.get(symbol, {}) if is_perp else {}
            interest = interests.get(symbol, {})
            values[market["id"]] = {
                "last_price": _number(tickers.get(symbol, {}).get("last")),
                "mark_price": _number(marks.get(symbol, {}).get("markPrice")),
                "index_price": index.get(market["info"]["instFamily"], math.nan),
                "funding_rate": _number(rate.get("fundingRate")),
                "funding_interval_h": _hours(rate.get("interval")),
                "next_funding_time": _number(rate.get("fundingTimestamp")),
                "open_interest_usd": _number(interest.get("openInterestValue")), **self._specs(market)}
        return values, len(answers)

    async def close(self) -> None:
        await self.exchange.close()


async def _together(coroutines) -> list:
    return await asyncio.gather(*coroutines)


async def _peers(urls: dict[str, str]) -> list[Peer]:
    """One ccxt client per venue, made inside the event loop that will run them."""
    return [Peer(key, urls[key]) for key in PEER_VENUES]


async def _ccxt_cold(urls: dict[str, str], assets: list[str]) -> tuple[float, dict, int]:
    start = time.perf_counter()
    peers = await _peers(urls)
    try:
        async def venue(peer: Peer):
            loaded = await peer.load(assets)
            values, asked = await peer.refresh()
            return values, loaded + asked

        results = await asyncio.gather(*(venue(peer) for peer in peers))
        values = _by_venue(peers, results)
        _as_table(values)
    finally:
        await asyncio.gather(*(peer.close() for peer in peers))
    return time.perf_counter() - start, values, sum(count for _, count in results)


async def _ccxt_warm(peers: list[Peer]) -> tuple[float, dict, int]:
    start = time.perf_counter()
    results = await asyncio.gather(*(peer.refresh() for peer in peers))
    values = _by_venue(peers, results)
    _as_table(values)
    return time.perf_counter() - start, values, sum(count for _, count in results)


def _as_table(values: dict) -> pd.DataFrame:
    """ccxt's values as one table, as hedgebook's refresh ends with one (its market table): the same work."""
    return pd.DataFrame.from_dict(values, orient="index")


def _by_venue(peers: list[Peer], results: list[tuple[dict, int]]) -> dict:
    """The compared fields by ``(venue, symbol)``."""
    return {(peer.key, symbol): fields for peer, (found, _) in zip(peers, results) for symbol, fields in found.items()}


def _hedgebook(assets: list[str], cache_dir: str, compared: bool = True) -> tuple[float, dict, int]:
    """Wall seconds of one hedgebook refresh, the compared fields of its table (unless not ``compared``:
    picking them out is the benchmark's work, not the refresh's) and its request count."""
    os.environ["HEDGEBOOK_CACHE_DIR"] = cache_dir
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = fetch_market(PEER_VENUES, assets, timeout=30)
    seconds = time.perf_counter() - start
    if snapshot.errors:
        raise SystemExit(f"benchmark server failed: {snapshot.errors}")
    values = {}
    if not compared:
        return seconds, values, sum(snapshot.requests.values())
    for row in snapshot.table.to_dict("records"):
        fields = {name: row[name] for name in COMPARED_FIELDS}
        when = fields["next_funding_time"]
        fields["next_funding_time"] = math.nan if when is None or when != when else when.timestamp() * MS
        values[(row["venue"], row["symbol"])] = fields
    return seconds, values, sum(snapshot.requests.values())


def compare(ours: dict, theirs: dict) -> tuple[int, list[str]]:
    """How many values agree, and the ones that do not (missing on both sides agrees)."""
    agreed, differences = 0, []
    for key in sorted(set(ours) | set(theirs)):
        if key not in ours or key not in theirs:
            differences.append(f"{key[0]} {key[1]}: only {'hedgebook' if key in ours else 'ccxt'} lists it")
            continue
        for name in COMPARED_FIELDS:
            a, b = _number(ours[key][name]), _number(theirs[key][name])
            if (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE):
                agreed += 1
            else:
                differences.append(f"{key[0]} {key[1]} {name}: hedgebook {a!r}, ccxt {b!r}")
    return agreed, differences


@dataclass
class SideBySide:
    """One size's figures: medians of wall seconds, requests, and the comparison of the last runs' values."""

    assets: int
    ours_cold: float
    ours_warm: float
    ccxt_cold: float
    ccxt_warm: float
    ours_requests: tuple[int, int]
    ccxt_requests: tuple[int, int]
    agreed: int
    differences: list[str]


def side_by_side(urls: dict[str, str], assets: list[str], runs: int) -> SideBySide:
    """Cold and warm refreshes of both clients against the replay at ``urls`` (by venue), ``runs`` times each.

    Each client runs in a process of its own, kept for every run (a warm refresh is one in the same process as
    the one before, as in Excel); the two take turns, so that a slow moment of the machine slows both.  In one
    process, either client's garbage collections would walk the other's objects.
    """
    import multiprocessing
    import statistics

    times: dict[str, list[float]] = {"ours_cold": [], "ours_warm": [], "ccxt_cold": [], "ccxt_warm": []}
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as ours_process, context.Pool(1) as ccxt_process:
        ccxt_process.apply(_ccxt_step, (urls, assets, "load"))
        for _ in range(runs):
            folder = tempfile.mkdtemp()
            try:
                seconds, _, ours_cold_requests = ours_process.apply(_ours_step, (urls, assets, folder, True))
                times["ours_cold"].append(seconds)
                seconds, _, ccxt_cold_requests = ccxt_process.apply(_ccxt_step, (urls, assets, "cold"))
                times["ccxt_cold"].append(seconds)
                seconds, ours, ours_warm_requests = ours_process.apply(_ours_step, (urls, assets, folder, False))
                times["ours_warm"].append(seconds)
                seconds, theirs, ccxt_warm_requests = ccxt_process.apply(_ccxt_step, (urls, assets, "warm"))
                times["ccxt_warm"].append(seconds)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        ccxt_process.apply(_ccxt_step, (urls, assets, "close"))
    agreed, differences = compare(ours, theirs)
    median = {name: statistics.median(values) for name, values in times.items()}
    return SideBySide(len(assets), median["ours_cold"], median["ours_warm"], median["ccxt_cold"],
                      median["ccxt_warm"], (ours_cold_requests, ours_warm_requests),
                      (ccxt_cold_requests, ccxt_warm_requests), agreed, differences)


def _ours_step(urls: dict[str, str], assets: list[str], folder: str, cold: bool) -> tuple[float, dict, int]:
    """One hedgebook refresh in its benchmark process: cold (nothing of the specs kept) or warm."""
    for key, url in urls.items():
        os.environ[f"HEDGEBOOK_URL_{key.upper()}"] = url
    os.environ.pop("HEDGEBOOK_NO_CACHE", None)
    if cold:
        _forget_specs_in_memory()
    return _hedgebook(assets, folder)


_LOADED: dict[str, Any] = {}
"""The ccxt benchmark process's event loop and its clients with markets loaded (for warm refreshes)."""


def _ccxt_step(urls: dict[str, str], assets: list[str], step: str):
    """In ccxt's benchmark process: ``load`` the clients, a ``cold`` or ``warm`` refresh, or ``close``."""
    loop = _LOADED.setdefault("loop", asyncio.new_event_loop())
    if step == "load":
        _LOADED["peers"] = loop.run_until_complete(_peers(urls))
        loop.run_until_complete(_together(peer.load(assets) for peer in _LOADED["peers"]))
        return None
    if step == "cold":
        return loop.run_until_complete(_ccxt_cold(urls, assets))
    if step == "warm":
        return loop.run_until_complete(_ccxt_warm(_LOADED["peers"]))
    loop.run_until_complete(_together(peer.close() for peer in _LOADED.pop("peers")))
    return None


def _forget_specs_in_memory() -> None:
    """A cold refresh: no instrument spec kept from an earlier refresh of this process."""
    from hedgebook.market import spec_cache

    forget = getattr(spec_cache, "forget_decoded", None)
    if forget is not None:
        forget()


def _in_fresh_process(function, *args):
    """``function(*args)`` in a new Python process: a CPU figure is not charged with another client's garbage
    (one process holding both clients' objects makes every garbage collection of either walk them all)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def client_cpu(urls: dict[str, str], assets: list[str], runs: int) -> tuple[float, float]:
    """CPU seconds per warm refresh, hedgebook's and ccxt's, against a replay without latency, each client
    in a process of its own."""
    return _in_fresh_process(_ours_client_cpu, urls, assets, runs), _in_fresh_process(_ccxt_client_cpu, urls,
                                                                                       assets, runs)


def _ours_client_cpu(urls: dict[str, str], assets: list[str], runs: int) -> float:
    for key, url in urls.items():
        os.environ[f"HEDGEBOOK_URL_{key.upper()}"] = url
    os.environ.pop("HEDGEBOOK_NO_CACHE", None)
    folder = tempfile.mkdtemp()
    try:
        _hedgebook(assets, folder, compared=False)
        start = time.process_time()
        for _ in range(runs):
            _hedgebook(assets, folder, compared=False)
        return (time.process_time() - start) / runs
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _ccxt_client_cpu(urls: dict[str, str], assets: list[str], runs: int) -> float:
    async def ccxt_cpu():
        return await _ccxt_warm_cpu(await _peers(urls), assets, runs)

    return asyncio.run(ccxt_cpu())


async def _ccxt_warm_cpu(peers: list[Peer], assets: list[str], runs: int) -> float:
    """CPU seconds of this process per warm ccxt refresh (markets loaded first, one refresh not counted)."""
    try:
        await asyncio.gather(*(peer.load(assets) for peer in peers))
        await _ccxt_warm(peers)
        start = time.process_time()
        for _ in range(runs):
            await _ccxt_warm(peers)
        return (time.process_time() - start) / runs
    finally:
        await asyncio.gather(*(peer.close() for peer in peers))


def parse_cpu(assets: list[str], runs: int) -> tuple[float, float]:
    """CPU seconds of one warm refresh's decoding and parsing, hedgebook's and ccxt's, with the network taken
    out: both read the same JSON texts from memory, with instrument specs (ccxt: markets) already loaded; each
    in a process of its own."""
    return _in_fresh_process(_ours_parse_cpu, assets, runs), _in_fresh_process(_ccxt_parse_cpu, assets, runs)


def _ours_parse_cpu(assets: list[str], runs: int) -> float:
    from hedgebook.market import VENUES
    from hedgebook.market.answer_json import parse_json as _parse_json
    from hedgebook.market.table import to_table
    from hedgebook.market.venues.base import read_venue

    replay, wanted = replay_of(assets), frozenset(assets)

    def get(request):
        return _parse_json(replay.answer(request.path, {str(k): str(v) for k, v in request.params.items()}), 200)

    specs = {}

    def page(request):
        return request.path, tuple(sorted((str(k), str(v)) for k, v in request.params.items()))

    def keep(request):  # every spec answer (listings, margin tiers), decoded once, as the spec cache keeps them
        body = get(request)
        if request.cached:
            specs[page(request)] = body
        return body

    def peek(request):
        return specs.get(page(request)) if request.cached else None

    def ours_once(getter=get):
        rows = []
        for key in PEER_VENUES:
            rows += read_venue(VENUES[key](), wanted, getter, peek=peek).rows
        return to_table(rows)

    ours_once(keep)  # the first refresh: specs asked and kept
    ours_once()
    start = time.process_time()
    for _ in range(runs):
        ours_once()
    return (time.process_time() - start) / runs


def _ccxt_parse_cpu(assets: list[str], runs: int) -> float:
    from urllib.parse import parse_qsl, urlsplit

    replay = replay_of(assets)

    async def ccxt_cpu():
        peers = await _peers({key: "http://replay.invalid" for key in PEER_VENUES})
        for peer in peers:
            async def fetch(url, method="GET", headers=None, body=None, exchange=peer.exchange):
                parts = urlsplit(url)  # decoded as ccxt decodes (orjson where installed)
                return exchange.parse_json(replay.answer(parts.path, dict(parse_qsl(parts.query))).decode())

            peer.exchange.fetch = fetch
        return await _ccxt_warm_cpu(peers, assets, runs)

    return asyncio.run(ccxt_cpu())
