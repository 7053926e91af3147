"""A workbook as hedgebook reads and writes it: the :class:`Cells` interface, and its two engines.

:class:`OpenpyxlCells` reads a file without Excel (its cached values and, for the typed cells, its formulas);
:class:`XlwingsCells` reads and writes the workbook open in Excel (or in xlwings Lite), where Excel computes the
formulas.  :mod:`hedgebook.excel.reading` reads a plan through either.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Protocol, Sequence

import pandas as pd

from ..core.dates import to_naive_utc
from ..market.text import clean_text
from . import layout as L


class Cells(Protocol):
    """What a reader needs from an open workbook."""

    @property
    def sheet_names(self) -> Sequence[str]:
        """The workbook's sheets, in order."""

    def refers_to(self, name: str) -> str | None:
        """What a defined name refers to (``'Holdings'!$A$5:$A$16``), or None when there is no such name."""

    def values(self, block: L.Block) -> list[list[Any]]:
        """The values of a block, row by row (always 2-D)."""

    def rows_until_blank(self, table: L.Table) -> list[list[Any]]:
        """The data rows of ``table`` up to the first whose first cell is blank, ``len(table.titles)`` wide."""

    def formulas(self, block: L.Block) -> list[list[str | None]]:
        """The formula typed in each cell of a block (``"=B5*2"``), None where a cell holds a value; all None
        where the program that opened the workbook computes formulas itself (Excel)."""

    def last_row(self, sheet: str) -> int:
        """The last row (1-based) of ``sheet`` that holds anything."""


class OpenpyxlCells:
    """:class:`hedgebook.excel.reading.Cells` over a workbook openpyxl opened read-only: its cached values
    (``book``) and, for the typed cells, its formulas (``formulas``, the same file opened without values)."""

    def __init__(self, book, formulas=None):
        self.book = book
        self.formulas_book = formulas

    @property
    def sheet_names(self) -> Sequence[str]:
        return self.book.sheetnames

    def refers_to(self, name: str) -> str | None:
        defined = self.book.defined_names.get(name)
        return None if defined is None else defined.attr_text

    def values(self, block: L.Block) -> list[list[Any]]:
        sheet = self.book[block.sheet]
        rows = sheet.iter_rows(min_row=block.first.row1, max_row=block.last.row1, min_col=block.first.col1,
                               max_col=block.last.col1, values_only=True)
        return [list(row) + [None] * (block.cols - len(row)) for row in rows] or [[None] * block.cols]

    def formulas(self, block: L.Block) -> list[list[str | None]]:
        if self.formulas_book is None:
            return [[None] * block.cols for _ in range(block.rows)]
        rows = self.formulas_book[block.sheet].iter_rows(
            min_row=block.first.row1, max_row=block.last.row1, min_col=block.first.col1, max_col=block.last.col1)
        found = [[_formula(cell) for cell in row] + [None] * (block.cols - len(row)) for row in rows]
        return found + [[None] * block.cols for _ in range(block.rows - len(found))]

    def last_row(self, sheet: str) -> int:
        worksheet = self.book[sheet]
        worksheet.reset_dimensions()  # the file's own claim of its size is not trusted
        last = 0
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if any(value not in (None, "") for value in row):
                last = number
        return last

    def rows_until_blank(self, table: L.Table) -> list[list[Any]]:
        rows = []
        width = len(table.titles)
        sheet = self.book[table.sheet]
        for row in sheet.iter_rows(min_row=table.first_row + 1, min_col=table.first_col + 1,
                                   max_col=table.first_col + width, values_only=True):
            if not row or row[0] in (None, ""):
                break
            rows.append(list(row) + [None] * (width - len(row)))
        return rows


def _formula(cell: Any) -> str | None:
    """A cell's formula, by the cell's type: text typed as such (``'=ETH`` in Excel) is not one."""
    if getattr(cell, "data_type", "f") != "f":
        return None
    value = getattr(cell, "value", None)
    text = getattr(value, "text", value)  # an array formula's text
    return text if isinstance(text, str) and text.startswith("=") else None


FORMULA_STARTS = ("=", "+", "-", "@")
"""A text cell beginning with one of these would be read by Excel as a formula."""


def as_text(value: Any) -> Any:
    """``value`` made safe to write with xlwings: no control characters, and text that looks like a formula
    gets a leading quote."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def xlwings_value(value: Any) -> Any:
    """A value as xlwings writes it: times naive UTC, NaN and NaT blank, text made safe."""
    if isinstance(value, (dt.datetime, dt.date)) or value is pd.NaT:
        return to_naive_utc(value)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return as_text(value)


class XlwingsCells:
    """:class:`hedgebook.excel.reading.Cells` over an open ``xlwings.Book`` (or anything with its API)."""

    def __init__(self, book):
        self.book = book

    @property
    def sheet_names(self) -> Sequence[str]:
        return [sheet.name for sheet in self.book.sheets]

    def refers_to(self, name: str) -> str | None:
        return self.book.names[name].refers_to if name in self.book.names else None

    def _range(self, block: L.Block):
        return self.book.sheets[block.sheet].range((block.first.row1, block.first.col1),
                                                   (block.last.row1, block.last.col1))

    def values(self, block: L.Block) -> list[list[Any]]:
        return self._range(block).options(ndim=2).value

    def rows_until_blank(self, table: L.Table) -> list[list[Any]]:
        sheet = self.book.sheets[table.sheet]
        first = sheet.range((table.first_row + 1, table.first_col + 1))
        if first.value in (None, ""):
            return []
        last_row = first.end("down").row
        block = L.Block(table.sheet, table.first_row, table.first_col, last_row - 1,
                        table.first_col + len(table.titles) - 1)
        return self.values(block)

    def formulas(self, block: L.Block) -> list[list[str | None]]:
        return [[None] * block.cols for _ in range(block.rows)]  # Excel computes them: their values are read

    def last_row(self, sheet: str) -> int:
        return self.book.sheets[sheet].used_range.last_cell.row

    def write(self, cell: L.Cell, rows: list[list[Any]], styles: Sequence[str] = ()) -> None:
        """Write rows of values from ``cell`` down and right; the cells keep their styles (``styles``, a new
        workbook's, is not used)."""
        if rows:
            self.book.sheets[cell.sheet].range((cell.row1, cell.col1)).value = [[xlwings_value(v) for v in row]
                                                                                for row in rows]

    def clear(self, block: L.Block) -> None:
        self._range(block).clear_contents()

    def write_formulas(self, cell: L.Cell, formulas: list[str]) -> None:
        """Write one row of formulas (hedgebook's own, never text from the network) from ``cell`` right."""
        if formulas:
            self._range(L.Block(cell.sheet, cell.row, cell.col, cell.row, cell.col + len(formulas) - 1)).formula = [
                list(formulas)]
