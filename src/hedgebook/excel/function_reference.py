"""The worksheet-function reference, generated from the functions' own metadata (``__xlfunc__``): README's table
(each function, what it gives, an example and what it computes) and ``docs/FUNCTIONS.md`` (every argument's help).

Each example is run when the reference is written: the result shown is what the function gives, never typed here.
``python -m hedgebook.excel.function_reference`` rewrites both; a test fails when either is stale or a function has
no example.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import udfs

README_START, README_END = "<!-- functions: start -->", "<!-- functions: end -->"
"""README's generated section sits between these lines."""


@dataclass(frozen=True)
class Column:
    """A range of cells down a column (an array constant ``{a;b;c}`` in the example)."""

    values: tuple


@dataclass(frozen=True)
class Row:
    """A range of cells along a row (``{a,b,c}``): a tier ladder."""

    values: tuple


@dataclass(frozen=True)
class Sheet:
    """A range the example names on the workbook (computed there, not here), with what it holds."""

    reference: str
    gives: str


SPOT = Column((60_000, 61_200, 59_400, 60_600, 62_400))
HEDGE = Column((60_030, 61_260, 59_410, 60_650, 62_420))
DATED = Column((61_200, 62_350, 60_500, 61_700, 63_480))
RATES, INTERVALS = Column((0.0001, 0.0001, 0.00005, 0.0002)), Column((8, 8, 4, 8))
CAPS, MAINT = Row((50_000, 250_000, 1_000_000, 10_000_000)), Row((0.004, 0.005, 0.01, 0.025))
LEVERAGES = Row((125, 100, 50, 20))
HISTORY = "History!B5:G9304"
EXAMPLES: dict[str, tuple] = {
    "ANNUALIZEDBASIS": (60_000, 61_200, dt.datetime(2025, 3, 28), dt.datetime(2025, 1, 14)),
    "BASIS": (60_000, 61_200),
    "BASISVOL": (SPOT, DATED),
    "DATEDCARRY": (-15_000, 60_000, 61_200, 30, 73),
    "DATEDHEDGECOST": (-15_000, 60_000, 61_200, 120, 73, 0.0005, 5),
    "ENTRYAFTER": (-0.25, 60_000, -0.072, 80_000),
    "EXPECTEDFUNDING": (-15_000, RATES, INTERVALS, 30),
    "FUNDINGAPR": (0.0001, 8),
    "FUNDINGAPRMEAN": (RATES, INTERVALS),
    "FUNDINGAPRVOL": (RATES, INTERVALS),
    "FUNDINGCOST": (-15_000, 0.0001, 30, 8),
    "FUTREBALCOST": (15_000, 0.0001, 30, 8, 0.0005, 5),
    "HEDGEEFFECTIVENESS": (SPOT, HEDGE),
    "HEDGENOTIONAL": (65_000, 0.5, 100_000),
    "HEDGERATIO": (SPOT, HEDGE),
    "HEDGESIZE": (65_000, 0.5, 100_000, 60_000, 1, 0.001),
    "HISTORYFIT": (Sheet(HISTORY, "per holding: β, R² and the dated basis volatility"), 100, 90),
    "HISTORYFUNDING": (Sheet(HISTORY, ""), Sheet("Rebalance!J5:J104", ""), 30,
                       Sheet("90", "per holding: the funding over 30 days from history, and at −1 / +1 s.d.")),
    "HISTORYFUNDINGAPR": (Sheet(HISTORY, "per holding: funding APR over 30 and 90 days, and its volatility"), 100,
                          90),
    "LIQPRICE": (80_000, -0.322, 8_586.67, 0.004),
    "MAINTRATE": (8_000_000, CAPS, MAINT),
    "MARGIN": (15_000, 3),
    "MARGINAFTER": (-0.25, 60_000, 5_000, -0.072, 80_000, 3),
    "NETEXPOSURE": (65_000, -15_000, 100_000),
    "POSITIONNOTIONAL": (-0.25, 80_000),
    "POSITIONPNL": (-0.25, 60_000, 80_000),
    "REBALANCE": (Column(("BTC", "ETH")), Column((65_000, 35_000)), Column((0, 0)), Column((0.5, 0.5)),
                  Column((60_000, 3_000)), Column((1, 1)), Column((0.001, 0.001))),
    "ROLLCOST": (-15_000, 61_200, 62_400, 0.0005, 5),
    "ROLLCOUNT": (120, 73),
    "SPOTREBALCOST": (-15_000, 60_000, 20_000, 0.001, 10, 0.25),
    "STRESSPNL": (65_000, -15_000, -0.2),
    "SWITCHGAIN": (-15_000, 0.0001, 60_000, 61_200, 73, 8, 0.0005, 5),
}
"""An example of each worksheet function, in the worked example's numbers where they fit."""


def _formula_value(value: Any) -> str:
    if isinstance(value, Sheet):
        return value.reference
    if isinstance(value, (Column, Row)):
        return "{" + (";" if isinstance(value, Column) else ",").join(_formula_value(v) for v in value.values) + "}"
    if isinstance(value, dt.datetime):
        return f"DATE({value.year},{value.month},{value.day})"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)


def _cells(value: Any) -> Any:
    """What Excel hands a function for the example's argument: a range as rows of cells."""
    if isinstance(value, Column):
        return [[v] for v in value.values]
    if isinstance(value, Row):
        return [list(value.values)]
    return [[value]]


def _shown(result: Any) -> str:
    """A result as a reader checks it: numbers to 6 significant digits, a table row by row."""
    if isinstance(result, list):
        rows = [row if isinstance(row, list) else [row] for row in result]
        if len(rows) == 1 and len(rows[0]) == 1:
            return _shown(rows[0][0])
        return "; ".join(", ".join(_shown(cell) for cell in row) for row in rows)
    if isinstance(result, bool) or result is None:
        return str(result)
    if isinstance(result, (int, float)):
        if isinstance(result, float) and not math.isfinite(result):
            return str(result)
        return f"{float(result):,.6g}".replace(",", " ")
    return str(result)


def signature(name: str) -> str:
    """``NAME(a, b, [c])``: the arguments as Excel's function wizard lists them, optional ones in brackets."""
    args = udfs.__dict__[name].__xlfunc__["args"]
    return f"{name}(" + ", ".join(f"[{a['name']}]" if "optional" in a else a["name"] for a in args) + ")"


def example(name: str) -> tuple[str, str]:
    """The example's formula and what the function gives for it (run now)."""
    arguments = EXAMPLES[name]
    formula = f"={name}(" + ",".join(_formula_value(a) for a in arguments) + ")"
    on_sheet = [a.gives for a in arguments if isinstance(a, Sheet) and a.gives]
    if on_sheet:
        return formula, on_sheet[0]
    return formula, _shown(udfs.__dict__[name](*(_cells(a) for a in arguments)))


def readme_section() -> str:
    """README's table: every worksheet function, what it gives (units, sign), an example and its result."""
    lines = [README_START, "", "| function | gives (units, sign) | example | result |", "|---|---|---|---|"]
    for name in udfs.WORKSHEET_FUNCTIONS:
        formula, result = example(name)
        gives = udfs.__dict__[name].__xlfunc__["ret"]["doc"].replace("|", "/")
        lines.append(f"| `{signature(name)}` | {gives} | `{formula}` | {result} |")
    lines += ["", "Every argument's units and default: [docs/FUNCTIONS.md](docs/FUNCTIONS.md). Generated by "
              "`python -m hedgebook.excel.function_reference` from the functions themselves.", "", README_END]
    return "\n".join(lines)


def functions_document() -> str:
    """``docs/FUNCTIONS.md``: each function with every argument's help."""
    lines = ["# Worksheet functions", "",
             "Generated by `python -m hedgebook.excel.function_reference` from the functions' own metadata (what "
             "Excel's function wizard shows). An argument in brackets is optional. A range is read row by row; a "
             "blank row gives a blank cell.", ""]
    for name in udfs.WORKSHEET_FUNCTIONS:
        meta = udfs.__dict__[name].__xlfunc__
        formula, result = example(name)
        lines += [f"## {name}", "", meta["ret"]["doc"], "", f"`{signature(name)}`", ""]
        lines += [f"- `{a['name']}`{' (optional)' if 'optional' in a else ''}: {a['doc']}" for a in meta["args"]]
        lines += ["", f"Example: `{formula}` gives {result}.", ""]
    return "\n".join(lines)


def with_section(readme: str) -> str:
    """``readme`` with its generated section replaced by the current one."""
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(readme):
        raise ValueError(f"README has no {README_START} ... {README_END} section")
    return pattern.sub(lambda _: readme_section(), readme)


def main(root: Path | None = None) -> None:
    root = root or Path(__file__).resolve().parents[3]
    readme = root / "README.md"
    readme.write_text(with_section(readme.read_text(encoding="utf-8")), encoding="utf-8")
    (root / "docs" / "FUNCTIONS.md").write_text(functions_document(), encoding="utf-8")
    print(f"wrote {readme} and {root / 'docs' / 'FUNCTIONS.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
