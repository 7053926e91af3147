"""Pieces of formulas the calculation sheets share.

The calculation sheets (Rebalance, Carry, Costs, Risk) have one row per
holding slot; a formula reads its holding through ``INDEX(<defined name>, n)``
so that it evaluates headlessly as well as in Excel, and shows nothing where
the slot is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ...app.plan import Plan
from ..layout import FUNCTIONS_MISSING_NAME, HOLDINGS_NAME, HOLDINGS_TABLE, MAX_HOLDINGS
from ..udfs import WORKSHEET_FUNCTIONS
from .formats import cached, write_cell

HEDGE_PRICE = "Holdings_Price"


def index(name: str, n: int) -> str:
    """``INDEX(name,n)``: the n-th (1-based) cell of a defined name's column."""
    return f"INDEX({name},{n})"


def holding(name: str, offset: int) -> str:
    """``Holdings!H7``: the cell of a Holdings column (by its defined name) in the row of holding ``offset`` (0-based):
    the shorter spelling of ``INDEX(name, offset + 1)`` where a formula must stay short."""
    return HOLDINGS_TABLE.ref(HOLDINGS_NAME[name].title, offset)


NEEDS_FUNCTIONS = "needs add-in"
"""What a figure computed by (or from) a worksheet function shows where they do not answer, instead of #NAME?."""
_FUNCTION_CALL = re.compile(r"\b(?:" + "|".join(WORKSHEET_FUNCTIONS) + r")\(")
_HOLDINGS_REFERENCE = re.compile(rf"\b{HOLDINGS_TABLE.sheet}!\$?[A-Z]{{1,3}}\$?[0-9]+")
_CELL_REFERENCE = re.compile(r"(?<![A-Za-z_$])\$?[A-Z]{1,3}\$?[0-9]+(?![0-9A-Za-z_(])")


def uses_functions(formula: str) -> bool:
    """True when ``formula`` calls a worksheet function or reads another cell of a calculation sheet.

    The calculation sheets read inputs through defined names and each other through cell references, so
    a reference may carry a function's result: both are shown as :data:`NEEDS_FUNCTIONS` without them.  A
    reference to Holdings (see :func:`holding`) does not: it holds what the user typed and what Refresh wrote.
    """
    return bool(_FUNCTION_CALL.search(formula) or _CELL_REFERENCE.search(_HOLDINGS_REFERENCE.sub("", formula)))


def shielded(formula: str) -> str:
    """``formula``, or :data:`NEEDS_FUNCTIONS` where the worksheet functions are missing (no ``=``).

    IF evaluates only the branch it returns, so the functions are not called where they are missing.
    """
    return f'IF({FUNCTIONS_MISSING_NAME},"{NEEDS_FUNCTIONS}",{formula})' if uses_functions(formula) else formula


def guarded(key_cell: str, formula: str) -> str:
    """``formula``, shown only where ``key_cell`` is not blank (the row's asset, or its dated future), and
    shielded (see :func:`shielded`)."""
    return f'=IF({key_cell}="","",{shielded(formula)})'


def hedged(asset_cell: str, n: int, formula: str) -> str:
    """``formula``, shown only where the row has an asset and its hedge a price.

    Refresh leaves a hedge's price blank when no order may be computed from
    it (suspect, too old, missing): the figures of that order stay blank too.
    """
    return f'=IF(OR({asset_cell}="",{holding(HEDGE_PRICE, n - 1)}=""),"",{shielded(formula)})'


FUNCTIONS_NOT_LOADED = ("not loaded: this program cannot recalculate hedgebook's figures; to install the add-in, "
                        "see the steps on the right")
FUNCTIONS_LOADED = "loaded: the figures recalculate as you type"
FUNCTIONS_AS_BUILT = "the figures are as hedgebook computed them; they recalculate where its functions are loaded"
FUNCTIONS_PROBE = "NETEXPOSURE(1,1)"
"""A worksheet function call that cannot fail where the functions are loaded: its error means they are not."""


def functions_missing_formula() -> str:
    """The formula of the cell :data:`FUNCTIONS_MISSING_NAME` names: 1 where the functions are missing, else 0."""
    return f"=IF(ISERROR({FUNCTIONS_PROBE}),1,0)"


def array_shielded(formula: str, keys: str = "") -> str:
    """``formula`` for an array block (no ``=``), or :data:`NEEDS_FUNCTIONS` where the functions are missing (in
    the rows whose ``keys`` cell is not blank, when given).

    A missing function is an error value (``#NAME?``), which IFERROR turns into the message; hedgebook's functions
    return their own errors as text (``#VALUE! ...``, ``#N/A``), which it leaves as they are.  It does not read
    :data:`FUNCTIONS_MISSING_NAME`: LibreOffice recalculates every array formula as it opens a file (it keeps no
    array's cached values) while that cell keeps the value it was saved with, so an array reading it would show
    ``#NAME?``.
    """
    missing = f'IF({keys}="","","{NEEDS_FUNCTIONS}")' if keys else f'"{NEEDS_FUNCTIONS}"'
    return f"IFERROR({formula},{missing})"


def functions_status_formula() -> str:
    """Start's cell saying whether the worksheet functions answer in the program that recalculated the file."""
    return f'=IF({FUNCTIONS_MISSING_NAME},"{FUNCTIONS_NOT_LOADED}","{FUNCTIONS_LOADED}")'


QUIET = " "
"""What a warning cell shows when all is well: a space, not "".  A formula saved with an empty result has
no value in the file, which some programs take as a cell to recalculate on opening."""


def functions_warning_formula(otherwise: str = f'"{QUIET}"') -> str:
    """A calculation sheet's warning (no ``=``): what is missing where the worksheet functions are, else
    ``otherwise``."""
    return f'IF({FUNCTIONS_MISSING_NAME},"{FUNCTIONS_WARNING}",{otherwise})'


FUNCTIONS_WARNING = f"Worksheet functions not loaded: figures show '{NEEDS_FUNCTIONS}'"


def sizing_ratio(beta_cell: str) -> str:
    """The ratio a row counts its futures by (notional / ratio): its Rebalance β cell, 1 where that is blank (the
    β needed is unknown, and the order is withheld)."""
    return f"IF(ISNUMBER({beta_cell}),{beta_cell},1)"


def dated_hedge(n: int) -> str:
    """True where the n-th holding is hedged with a dated future (its dated alternative is its hedge)."""
    dated = index("Holdings_DatedSymbol", n)
    return f'AND({dated}<>"",{dated}={index("Holdings_Symbol", n)})'


@dataclass(frozen=True)
class Placement:
    """Where each holding (and position) sits in its table, and the formulas typed in input cells.

    A new workbook puts the holdings in the first rows; a rebuilt one keeps
    them where the user had them (rows left empty stay empty), and keeps
    the formulas the user typed (keyed by sheet, 0-based row and column of
    the layout).
    """

    holding_offsets: list[int] | None = None
    input_formulas: dict[tuple[str, int, int], str] = field(default_factory=dict)
    position_offsets: list[int] | None = None
    account_offsets: list[int] | None = None

    def slots(self, plan: Plan) -> Iterator[tuple[int, int, int | None]]:
        """``(offset, n, i)`` for every row of the table: 0-based offset, 1-based n, the holding's index or None."""
        offsets = self.holding_offsets if self.holding_offsets is not None else range(len(plan.holdings))
        index = {offset: i for i, offset in enumerate(offsets)}
        for offset in range(MAX_HOLDINGS):
            yield offset, offset + 1, index.get(offset)

    def rows_used(self, plan: Plan) -> int:
        """Rows of the table down to the last holding."""
        offsets = self.holding_offsets if self.holding_offsets is not None else range(len(plan.holdings))
        return max(offsets, default=-1) + 1

    def formula(self, sheet: str, row: int, col: int) -> str | None:
        """The formula the user typed at that (0-based) cell, if any."""
        return self.input_formulas.get((sheet, row, col))

    def write_typed(self, sheet, sheet_name: str, row: int, col: int, value, style) -> None:
        """Write a typed cell (0-based): the formula the user typed there, kept with ``value`` cached, else
        ``value``."""
        formula = self.formula(sheet_name, row, col)
        if formula:
            sheet.write_formula(row, col, formula, style, cached(value))
        else:
            write_cell(sheet, row, col, value, style)
