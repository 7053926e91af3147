"""How long the ``hedgebook`` command takes to start: ``--help`` and ``--version``, each a fresh process.

Run:  python benchmarks/startup.py [--runs N] [--before REV]

Prints the median of N runs (default 21) of each against the target (0.25 s on this project's 2-core machine), and
what the command imports at start (none of NumPy, pandas, requests or rich may be among it).  ``--before REV`` also
times the command as it was at a git revision (checked out into a temporary folder), for the figures before and
after a change.  Python's own start-up (``python -c pass``) is printed beside, for scale.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 0.25
HEAVY = ("numpy", "pandas", "requests", "rich", "urllib3", "keyring")


def median_seconds(arguments: list[str], runs: int, source: Path) -> float:
    """The median wall time of ``python -m hedgebook.cli <arguments>`` run from ``source``'s code."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "hedgebook.cli", *arguments], cwd=source, capture_output=True,
                       check=False, env={"PYTHONPATH": str(source / "src"), "PATH": ""})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_alone(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def heavy_imports(source: Path) -> list[str]:
    """The heavy libraries importing the command loads."""
    probe = (f"import sys; import hedgebook.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=source, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(source / "src"), "PATH": ""})
    return out.stdout.split()


def report(label: str, source: Path, runs: int) -> None:
    for arguments in (["--help"], ["--version"]):
        seconds = median_seconds(arguments, runs, source)
        verdict = "ok" if seconds <= TARGET_S else "ABOVE TARGET"
        print(f"{label:8} hedgebook {arguments[0]:10} median {seconds:6.3f} s  (target {TARGET_S} s) {verdict}")
    print(f"{label:8} imports at start: {', '.join(heavy_imports(source)) or 'none of ' + ', '.join(HEAVY)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--before", metavar="REV", help="also time the command at this git revision")
    args = parser.parse_args()
    print(f"python -c pass: median {python_alone(args.runs):.3f} s")
    if args.before:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["git", "worktree", "add", "--detach", folder, args.before], cwd=ROOT, check=True,
                           capture_output=True)
            try:
                report("before", Path(folder), args.runs)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", folder], cwd=ROOT, check=False,
                               capture_output=True)
    report("now", ROOT, args.runs)


if __name__ == "__main__":
    main()
