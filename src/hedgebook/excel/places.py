"""The primitives of a place in a workbook: a :class:`Cell`, a :class:`Block` of cells, a :class:`Table` with its
column titles, and Excel's A1 addresses.

Each gives its position both ways: 0-based (``row``, ``col``: XlsxWriter) and 1-based (``row1``, ``col1``:
openpyxl, xlwings).  Where each thing of a plan workbook is lives in :mod:`hedgebook.excel.layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER_ROW = 3
"""Row (0-based) of the column titles on the table sheets (Excel row 4); data starts on the next row."""


def column_letter(col: int) -> str:
    """Excel column letters of a 0-based column: 0 → ``A``, 26 → ``AA``."""
    letters = ""
    n = col + 1
    while n:
        n, remainder = divmod(n - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def a1(row: int, col: int, absolute: bool = False) -> str:
    """Excel address of a 0-based cell, e.g. ``a1(4, 0) == "A5"``."""
    letters = column_letter(col)
    return f"${letters}${row + 1}" if absolute else f"{letters}{row + 1}"


@dataclass(frozen=True)
class Cell:
    """One cell: ``row``/``col`` are 0-based, ``row1``/``col1`` 1-based."""

    sheet: str
    row: int
    col: int

    @property
    def row1(self) -> int:
        return self.row + 1

    @property
    def col1(self) -> int:
        return self.col + 1

    def a1(self, absolute: bool = False) -> str:
        """``"C16"`` (or ``"$C$16"``)."""
        return a1(self.row, self.col, absolute)

    def ref(self) -> str:
        """Absolute reference with the sheet, e.g. ``'Start'!$C$16`` (for defined names)."""
        return f"'{self.sheet}'!{self.a1(absolute=True)}"

    def offset(self, rows: int = 0, cols: int = 0) -> "Cell":
        return Cell(self.sheet, self.row + rows, self.col + cols)

    def block(self) -> "Block":
        """This cell as a one-cell :class:`Block`."""
        return Block(self.sheet, self.row, self.col, self.row, self.col)


@dataclass(frozen=True)
class Block:
    """A rectangle of cells, bounds inclusive; 0-based ``first_row``..``last_row``, ``first_col``..``last_col``."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def first(self) -> Cell:
        return Cell(self.sheet, self.first_row, self.first_col)

    @property
    def last(self) -> Cell:
        return Cell(self.sheet, self.last_row, self.last_col)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def cols(self) -> int:
        return self.last_col - self.first_col + 1

    def ref(self) -> str:
        """Absolute reference with the sheet, e.g. ``'Holdings'!$A$5:$A$16``."""
        return f"'{self.sheet}'!{self.first.a1(True)}:{self.last.a1(True)}"

    def relative(self) -> str:
        """``"B5:B16"``: the block on its own sheet."""
        return f"{self.first.a1()}:{self.last.a1()}"


_REFERENCE = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def column_index(letters: str) -> int:
    """0-based column of Excel column letters: ``A`` → 0, ``AA`` → 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def parse_reference(text: str | None) -> Block | None:
    """The block a defined name refers to (``='Holdings'!$A$5:$A$16``, ``Start!$C$16``); None if not one block."""
    match = _REFERENCE.match((text or "").strip())
    if not match:
        return None
    quoted, plain, first_col, first_row, last_col, last_row = match.groups()
    sheet = quoted.replace("''", "'") if quoted is not None else plain
    first = (int(first_row) - 1, column_index(first_col))
    last = (int(last_row) - 1, column_index(last_col)) if last_col else first
    return Block(sheet, first[0], first[1], last[0], last[1])


@dataclass(frozen=True)
class Table:
    """A table: a header row of titles at ``header_row`` and up to ``max_rows`` data rows below it."""

    sheet: str
    titles: tuple[str, ...]
    max_rows: int
    header_row: int = HEADER_ROW
    first_col: int = 0

    @property
    def first_row(self) -> int:
        """Row (0-based) of the first data row."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.first_row + self.max_rows - 1

    def col(self, title: str) -> int:
        """0-based column of the column titled ``title``."""
        try:
            return self.first_col + self.titles.index(title)
        except ValueError:
            raise KeyError(f"{self.sheet} has no column {title!r}") from None

    def letter(self, title: str) -> str:
        return column_letter(self.col(title))

    def cell(self, title: str, index: int) -> Cell:
        """The cell of data row ``index`` (0-based) in the column ``title``."""
        return Cell(self.sheet, self.first_row + index, self.col(title))

    def ref(self, title: str, index: int) -> str:
        """A relative reference to that cell from another sheet, e.g. ``Rebalance!I5``."""
        return f"{self.sheet}!{self.cell(title, index).a1()}"

    def column(self, title: str, rows: int | None = None) -> Block:
        """The data cells of one column (all ``max_rows``, or the first ``rows``)."""
        col = self.col(title)
        return Block(self.sheet, self.first_row, col, self.first_row + (rows or self.max_rows) - 1, col)

    def data(self, first: str | None = None, last: str | None = None) -> Block:
        """The data rows, from column ``first`` to column ``last`` (default: every column)."""
        return Block(self.sheet, self.first_row, self.col(first or self.titles[0]), self.last_row,
                     self.col(last or self.titles[-1]))

    def header(self) -> Block:
        return Block(self.sheet, self.header_row, self.first_col, self.header_row,
                     self.first_col + len(self.titles) - 1)


@dataclass(frozen=True)
class NamedColumn:
    """A column of Holdings: its title, defined name, and whether the user types it."""

    title: str
    name: str
    is_input: bool
