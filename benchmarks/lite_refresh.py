"""How long xlwings Lite's Refresh waits for five venues: all at once (the browser's ``fetch``, read ahead) against
one after the other (the synchronous ``XMLHttpRequest`` it used before), in a stand-in browser.

Run:  python benchmarks/lite_refresh.py [--latency-ms 100,150,200,250,300]

Each venue answers every request after its own latency (the stand-in ``fetch`` sleeps, then answers from the local
replay of :mod:`benchmarks.synthetic`, in the venues' documented shapes). Printed: each venue alone, the five at
once and their ratio to the slowest alone (target: at most 1.5), and the five one after the other (before).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import replay_for  # noqa: E402
from hedgebook.market import MarketConfig, fetch_market  # noqa: E402
from hedgebook.market.browser_fetch import read_ahead  # noqa: E402
from hedgebook.market.transport import MAX_RESPONSE_BYTES  # noqa: E402

VENUES = ("binance", "bybit", "okx", "deribit", "bingx")
TARGET_RATIO = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", default="100,150,200,250,300",
                        help="each venue's latency per request, ms, in the order " + ", ".join(VENUES))
    args = parser.parse_args()
    latency = dict(zip(VENUES, (float(ms) / 1000 for ms in args.latency_ms.split(","))))
    replay = replay_for(2)
    config = MarketConfig(urls={venue: f"http://{venue}.replay" for venue in VENUES}, in_browser=True, timeout=10)

    def venue_of(url: str) -> str:
        return urlsplit(url).hostname.split(".")[0]

    def answer(url: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(url)
        return 200, {"Content-Type": "application/json"}, replay.answer(parts.path, dict(parse_qsl(parts.query))) \
            or b"{}"

    async def fetch_answer(url, headers, timeout_s, max_bytes):
        await asyncio.sleep(latency[venue_of(url)])
        return answer(url)

    def read(venue, answers):
        fetch_market([venue], ["BTC", "ETH"], config=replace(config, browser_request=answers))

    def at_once(venues) -> float:
        started = time.perf_counter()
        answers = asyncio.run(read_ahead(venues, read, fetch_answer, 10.0, MAX_RESPONSE_BYTES))
        snapshot = fetch_market(list(venues), ["BTC", "ETH"], config=replace(config, browser_request=answers))
        assert not snapshot.errors, snapshot.errors
        return time.perf_counter() - started

    def one_after_the_other() -> float:
        def synchronous(url, headers, timeout_s):
            time.sleep(latency[venue_of(url)])
            return answer(url)
        started = time.perf_counter()
        snapshot = fetch_market(list(VENUES), ["BTC", "ETH"], config=replace(config, browser_request=synchronous))
        assert not snapshot.errors, snapshot.errors
        return time.perf_counter() - started

    alone = {venue: at_once([venue]) for venue in VENUES}
    for venue, seconds in alone.items():
        print(f"{venue:9} alone           {seconds:6.2f} s  ({latency[venue] * 1000:.0f} ms a request)")
    together = at_once(VENUES)
    slowest = max(alone.values())
    verdict = "ok" if together <= TARGET_RATIO * slowest else "ABOVE TARGET"
    print(f"five at once (now)        {together:6.2f} s  = {together / slowest:.2f} x the slowest alone "
          f"(target <= {TARGET_RATIO}) {verdict}")
    print(f"one after the other (before) {one_after_the_other():6.2f} s  (the sum of the venues)")


if __name__ == "__main__":
    main()
