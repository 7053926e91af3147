"""Refresh of all venues against a local server that adds latency to every response.

Run:  python benchmarks/refresh.py [--latency-ms 100] [--runs 5] [--assets BTC,ETH]

Prints, per venue, the requests made and the wall time of that venue alone
(its chain of dependent requests), then the same for all venues refreshed
together, as medians over the runs.  Instrument specs are not cached
(HEDGEBOOK_NO_CACHE) so every run is a cold refresh.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from pytest_httpserver import HTTPServer
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hedgebook.market import VENUES, fetch_market  # noqa: E402
from tests.market.servers import serve_all  # noqa: E402


class SlowServer(HTTPServer):
    """A threaded local server that waits ``latency_s`` before every answer, like a distant venue."""

    def __init__(self, latency_s: float):
        super().__init__(host="127.0.0.1", port=0, threaded=True)
        self.latency_s = latency_s

    def dispatch(self, request):
        time.sleep(self.latency_s)
        return super().dispatch(request)


def serve_forever(latency_s: float, port_queue) -> None:
    """Run the slow server in its own process (own GIL), as a real venue would be."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = SlowServer(latency_s)
    server.start()
    serve_all(server)
    port_queue.put(server.port)
    while True:
        time.sleep(3600)


def measure(venues, assets, runs):
    times, counts = [], None
    for _ in range(runs):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            snapshot = fetch_market(venues, assets, timeout=10)
        times.append(time.perf_counter() - start)
        if snapshot.errors:
            raise SystemExit(f"benchmark server failed: {snapshot.errors}")
        counts = snapshot.requests
    return statistics.median(times), counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--assets", default="BTC,ETH", help="comma-separated, or 'all'")
    args = parser.parse_args(argv)
    assets = None if args.assets.lower() == "all" else args.assets.split(",")

    port_queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve_forever, args=(args.latency_ms / 1000.0, port_queue), daemon=True)
    server.start()
    base_url = f"http://127.0.0.1:{port_queue.get(timeout=30)}"
    os.environ["HEDGEBOOK_NO_CACHE"] = "1"
    os.environ["HEDGEBOOK_CACHE_DIR"] = tempfile.mkdtemp()
    for key in VENUES:
        os.environ[f"HEDGEBOOK_URL_{key.upper()}"] = base_url

    table = Table(title=f"Refresh against a local server adding {args.latency_ms:g} ms per response "
                        f"(assets {args.assets}, median of {args.runs})", title_justify="left")
    for name in ("venue", "requests", "wall s", "dependent steps"):
        table.add_column(name, justify="left" if name == "venue" else "right")
    longest = 0.0
    for key in VENUES:
        seconds, counts = measure([key], assets, args.runs)
        longest = max(longest, seconds)
        table.add_row(key, str(counts[key]), f"{seconds:.3f}", f"{seconds / (args.latency_ms / 1000):.1f}")
    seconds, counts = measure(list(VENUES), assets, args.runs)
    table.add_row("all venues", str(sum(counts.values())), f"{seconds:.3f}", "", style="bold")
    Console().print(table)
    print(f"all venues together: {seconds:.3f} s = {seconds / longest:.2f} × the slowest single venue ({longest:.3f} s)")
    server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
