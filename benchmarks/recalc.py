"""One full recalculation of the demo workbook, counted: the cells that call hedgebook's worksheet functions, the
calls one recalculation makes, and its Python time.

Run:  python benchmarks/recalc.py [--file WORKBOOK]

The workbook (by default the demo's, 100 holding rows, two of them used) is evaluated headlessly with the
`formulas` package (the test extra), every hedgebook function registered and counted.  In classic xlwings each
call is a round trip from Excel to Python, so the calls of one recalculation are what an edit costs.  Issue 23's
target: at most 60 cells calling the functions, whatever the number of holdings.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from hedgebook.excel import udfs  # noqa: E402
from hedgebook.excel.project import write_project  # noqa: E402

CALL_SITE_TARGET = 60
FORMULA_LENGTH_TARGET = 200


def call_sites(path: Path) -> tuple[Counter, int]:
    """Per sheet, the cells whose formula calls a hedgebook function; and the longest formula, characters."""
    pattern = re.compile(r"\b(" + "|".join(sorted(udfs.WORKSHEET_FUNCTIONS, key=len, reverse=True)) + r")\(")
    sites, longest = Counter(), 0
    for sheet in openpyxl.load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", None)
                if isinstance(text, str) and text.startswith("="):
                    longest = max(longest, len(text))
                    if pattern.search(text):
                        sites[sheet.title] += 1
    return sites, longest


def excel_value(x):
    """One `formulas` value as Excel hands it to a worksheet function (blank as None, an error as its text)."""
    from formulas.tokens.operand import XlError
    from schedula import EMPTY

    if x is EMPTY or (isinstance(x, str) and x == ""):
        return None
    if isinstance(x, XlError):
        return str(x)
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.floating, np.integer)):
        return float(x)
    return x


def as_excel_passes(argument):
    """A `formulas` argument as Excel hands it to a worksheet function: one value, or rows of values."""
    from formulas.ranges import Ranges

    cells = np.asarray(argument.value if isinstance(argument, Ranges) else argument, dtype=object)
    if cells.size == 1:
        return excel_value(cells.reshape(-1)[0])
    return [[excel_value(x) for x in row] for row in np.atleast_2d(cells)]


def recalculate(path: Path) -> tuple[Counter, Counter, float, float]:
    """One full recalculation of ``path``: the calls and the seconds per function, the seconds spent in hedgebook's
    functions, and the seconds of the whole recalculation (after loading the model)."""
    import formulas

    calls: Counter = Counter()
    spent = [0.0]
    by_function: Counter = Counter()

    def counted(name, function):
        def call(*arguments):
            calls[name] += 1
            start = time.perf_counter()
            try:
                return function(*(as_excel_passes(a) for a in arguments))
            finally:
                took = time.perf_counter() - start
                spent[0] += took
                by_function[name] += took

        return call

    functions = formulas.get_functions()
    for name in udfs.WORKSHEET_FUNCTIONS:
        functions[name] = counted(name, getattr(udfs, name))
    model = formulas.ExcelModel().loads(str(path)).finish()
    start = time.perf_counter()
    model.calculate()
    return calls, by_function, spent[0], time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="a plan workbook (default: the demo's, built here)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        path = args.file or write_project(Path(scratch), "recalcplan").workbook
        sites, longest = call_sites(path)
        calls, seconds, in_functions, whole = recalculate(path)
    console = Console()
    table = Table(title=f"One full recalculation of {path.name}")
    for column in ("figure", "value", "target"):
        table.add_column(column)
    table.add_row("cells calling hedgebook's functions", f"{sum(sites.values()):,}", f"<= {CALL_SITE_TARGET}")
    table.add_row("  by sheet", ", ".join(f"{sheet} {n:,}" for sheet, n in sites.most_common()), "")
    table.add_row("longest formula (characters)", f"{longest:,}", f"<= {FORMULA_LENGTH_TARGET}")
    table.add_row("function calls in one recalculation", f"{sum(calls.values()):,}", "")
    table.add_row("  most called", ", ".join(f"{name} {n:,}" for name, n in calls.most_common(4)), "")
    table.add_row("Python time in hedgebook's functions (s)", f"{in_functions:.2f}", "")
    table.add_row("  slowest (s)", ", ".join(f"{name} {t:.3f}" for name, t in seconds.most_common(4)), "")
    table.add_row("whole recalculation, `formulas` included (s)", f"{whole:.1f}", "")
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
