"""Cell formats of the plan workbook, and writing a value by its type.

Yellow cells are typed by the user, blue ones are computed, grey ones come
from the market.  Text is always written as text: a venue symbol such as
``=HYPERLINK(...)`` can never become a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # the writers of cell values also serve Refresh, which writes no workbook file
    import xlsxwriter

from ...core.dates import to_naive_utc
from ...market.text import clean_text
from ..layout import GLANCE_NAME, SETTING_NAME, SUBTITLE_ROW, TITLE_ROW, Block, Cell, Table, column_letter

PALETTE = {"input": "#FFF2CC", "output": "#E8EEF7", "header": "#1F3864", "title": "#1F3864", "market": "#F2F2F2"}
MONEY, WEIGHT, RATE, DATE = "#,##0.00;-#,##0.00", "0.00%", "0.0000%", "yyyy-mm-dd hh:mm"
DAY, RATIO = "yyyy-mm-dd", "0.000"
COINS = "[>=1000]#,##0;[>=1]#,##0.0000;0.00000000"
"""A quantity of coins to sensible decimals: whole above 1 000, four from 1, eight below (a satoshi)."""
COST = "[Red]#,##0.00;-#,##0.00;0.00"
"""A cost (> 0 = you pay): red when you pay, as everywhere in the workbook."""
GAIN = "#,##0.00;[Red]-#,##0.00;0.00"
"""A P&L or a saving (< 0 = you lose): red when you lose.  A short or a sale (a negative notional) is not red."""
A4_PAPER = 9
TITLE_HEIGHT = 24
"""Points: the title row is taller than the others."""


MAX_STEP_DECIMALS = 8
"""Decimals shown for a quantity whose order step is finer than this."""


def step_decimals(step: Any) -> int | None:
    """Decimals of an order step: 0.001 → 3, 1 → 0, 0.5 → 1; None when the step is unknown."""
    try:
        step = float(step)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(step) or step <= 0:
        return None
    for decimals in range(MAX_STEP_DECIMALS + 1):
        if abs(round(step, decimals) - step) <= step * 1e-9:
            return decimals
    return MAX_STEP_DECIMALS


class Formats:
    """Every format of the workbook, by role: ``in_*`` typed, ``out_*`` computed, ``mkt_*`` market data."""

    def __init__(self, book: xlsxwriter.Workbook):
        add = book.add_format
        base = {"font_name": "Calibri", "font_size": 10}
        self._add, self._cell_base, self._lots = add, base, {}
        self.title = add({**base, "bold": True, "font_size": 16, "font_color": PALETTE["title"]})
        self.subtitle = add({**base, "italic": True, "font_color": "#595959"})
        self.text = add(base)
        self.bold = add({**base, "bold": True})
        self.header = add({**base, "bold": True, "font_color": "white", "bg_color": PALETTE["header"],
                           "text_wrap": True, "valign": "vcenter", "border": 1})
        for role, fill in (("in", PALETTE["input"]), ("out", PALETTE["output"]), ("mkt", PALETTE["market"])):
            cell = {**base, "bg_color": fill, "border": 1, "border_color": "#BFBFBF"}
            setattr(self, f"{role}_text", add(cell))
            setattr(self, f"{role}_money", add({**cell, "num_format": MONEY}))
            setattr(self, f"{role}_cost", add({**cell, "num_format": COST}))
            setattr(self, f"{role}_gain", add({**cell, "num_format": GAIN}))
            setattr(self, f"{role}_weight", add({**cell, "num_format": WEIGHT}))
            setattr(self, f"{role}_rate", add({**cell, "num_format": RATE}))
            setattr(self, f"{role}_date", add({**cell, "num_format": DATE}))
            setattr(self, f"{role}_day", add({**cell, "num_format": DAY}))
            setattr(self, f"{role}_ratio", add({**cell, "num_format": RATIO}))
            setattr(self, f"{role}_number", add({**cell, "num_format": "#,##0.########"}))
            setattr(self, f"{role}_qty", add({**cell, "num_format": "#,##0.000000"}))
            setattr(self, f"{role}_count", add({**cell, "num_format": "#,##0"}))
            setattr(self, f"{role}_millions", add({**cell, "num_format": '#,##0.0,," m"'}))
            setattr(self, f"{role}_age", add({**cell, "num_format": "#,##0.0"}))
            setattr(self, f"{role}_inverse", add({**cell, "align": "center",
                                                  "num_format": '"inverse";"inverse";"linear"'}))
            setattr(self, f"{role}_coins", add({**cell, "num_format": COINS}))
        self.out_flag = add({**base, "bg_color": PALETTE["output"], "border": 1, "border_color": "#BFBFBF",
                             "num_format": '0;-0;""', "align": "center"})
        """A 0/1 flag that shows only its 1s."""
        self.out_yes_no = add({**base, "bg_color": PALETTE["output"], "border": 1, "border_color": "#BFBFBF",
                               "num_format": '"yes";"yes";"no"', "align": "left"})
        """A 1/0 flag shown as yes or no (never a raw TRUE/FALSE)."""
        self.stale_flag = book.add_format({"bold": True, "font_color": "#C00000", "bg_color": "#FCE4D6"})
        """Conditional: a figure past its limit (the data's age past Stale after)."""
        self.stale_status = book.add_format({"font_color": "#C00000", "num_format": ';;;@" (stale now)"'})
        """Conditional: a status written when the data was fresh, the data since past Stale after."""
        self.hidden_figure = book.add_format({"num_format": ";;;"})
        """Conditional: a figure that does not apply to its row, shown as nothing."""
        self.total_money = add({**base, "bold": True, "num_format": MONEY, "top": 1})
        self.total_cost = add({**base, "bold": True, "num_format": COST, "top": 1})
        self.total_gain = add({**base, "bold": True, "num_format": GAIN, "top": 1})
        self.total_label = add({**base, "bold": True, "top": 1})
        self.warning = add({**base, "bold": True, "font_color": "#C00000"})
        self.hidden_number = add({**base, "num_format": ";;;"})  # a value for formulas, shown as nothing
        self.header_percent = add({**base, "bold": True, "font_color": "white", "bg_color": PALETTE["header"],
                                   "num_format": "+0%;-0%", "border": 1, "align": "center"})

    def lot_quantity(self, step: Any, role: str = "out") -> Any:
        """The format of a quantity in contracts, to the decimals of its order step (``role``: out, mkt, in)."""
        decimals = step_decimals(step)
        if decimals is None:
            return getattr(self, f"{role}_qty")
        key = (role, decimals)
        if key not in self._lots:
            fill = {"in": PALETTE["input"], "out": PALETTE["output"], "mkt": PALETTE["market"]}[role]
            self._lots[key] = self._add({**self._cell_base, "bg_color": fill, "border": 1, "border_color": "#BFBFBF",
                                         "num_format": _lot_format(decimals)})
        return self._lots[key]

    def exact_quantity(self, value: Any, role: str = "out") -> Any:
        """The format of a quantity in contracts with the decimals it has (a multiple of its lot, so its own
        decimals are the lot's): -0.25 → 2, 0 → none."""
        try:
            value = abs(float(value))
        except (TypeError, ValueError):
            return getattr(self, f"{role}_qty")
        return self.lot_quantity(value or 1.0, role)


def _lot_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def cached(x: Any) -> Any:
    """A formula's cached value: a number, text, TRUE/FALSE, or ``""`` where the cell shows nothing."""
    if x is None:
        return ""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str):
        return clean_text(x)
    x = float(x)
    return "" if not math.isfinite(x) else x


def write_cell(sheet, row: int, col: int, value: Any, fmt, date_fmt=None) -> None:
    """Write a value by its type at a 0-based position: text always as text (without control characters, which
    XML cannot hold), a number only when finite, NaN, infinities and None as a blank."""
    if value is None or (isinstance(value, (float, np.floating)) and not math.isfinite(value)):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, (dt.datetime, pd.Timestamp)) or value is pd.NaT:
        moment = to_naive_utc(value)
        if moment is None:
            sheet.write_blank(row, col, None, date_fmt or fmt)
        else:
            sheet.write_datetime(row, col, moment, date_fmt or fmt)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, clean_text(str(value)), fmt)


def write_rows(sheet, table: Table, rows: Iterable[Iterable[Any]], styles: Iterable) -> int:
    """Write rows into a table's data rows, one style per column; returns how many rows were written."""
    styles = tuple(styles)
    count = 0
    for offset, row in enumerate(rows):
        for col, (value, style) in enumerate(zip(row, styles)):
            write_cell(sheet, table.first_row + offset, table.first_col + col, value, style)
        count += 1
    return count


class NewSheetCells:
    """The cells of a workbook being built, for :func:`hedgebook.excel.regions.write_regions`: ``sheets`` by name,
    each value written by its type (:func:`write_cell`) in its column's style, a :class:`Formats` attribute."""

    def __init__(self, sheets: dict, fmt: Formats):
        self.sheets = sheets
        self.fmt = fmt

    def clear(self, block) -> None:
        """Nothing to clear: a new sheet is empty."""

    def write(self, cell: Cell, rows: list[list[Any]], styles: Iterable[str] = ()) -> None:
        formats = [getattr(self.fmt, style) for style in styles]
        for offset, row in enumerate(rows):
            for col, (value, style) in enumerate(zip(row, formats)):
                write_cell(self.sheets[cell.sheet], cell.row + offset, cell.col + col, value, style)


STALE_FORMULA = f"{GLANCE_NAME['data_age_days']}*24>{SETTING_NAME['stale_after_hours']}"
"""True once the data is older than Settings' Stale after (its age is a formula: it ages with the file)."""


def stale_statuses(sheet, fmt: "Formats", column: Block) -> None:
    """A status column: each "ok…" cell says "(stale now)" once the data is past Stale after, but the sample's (it is
    valued at its own time). A status is written when the data is fresh; the file is read later."""
    first = f"${column_letter(column.first_col)}{column.first.row1}"
    sheet.conditional_format(column.first_row, column.first_col, column.last_row, column.last_col, {
        "type": "formula", "criteria": f'=AND(LEFT({first},2)="ok",{GLANCE_NAME["sample"]}=0,{STALE_FORMULA})',
        "format": fmt.stale_status})


def write_array(sheet, first_row: int, first_col: int, formula: str, style, values: list[list[Any]],
                row_styles: list | None = None, column_styles: list | None = None) -> None:
    """One legacy array formula over ``values``' block, every cell with its cached value (XlsxWriter caches the
    first only): a program that does not recalculate, or lacks hedgebook's functions, still shows each figure.
    ``row_styles`` styles each row (a contract count in its hedge's lot), ``column_styles`` each column."""
    def style_of(r: int, c: int):
        return column_styles[c] if column_styles else row_styles[r] if row_styles else style

    last_row, last_col = first_row + len(values) - 1, first_col + len(values[0]) - 1
    sheet.write_array_formula(first_row, first_col, last_row, last_col, formula, style_of(0, 0),
                              cached(values[0][0]))
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            shown = cached(value)
            if r or c:
                write_cell(sheet, first_row + r, first_col + c, None if shown == "" else shown, style_of(r, c))


def title(sheet, fmt: Formats, text: str, subtitle: str) -> None:
    """The sheet's title and one line saying what it is."""
    sheet.write_string(TITLE_ROW, 0, clean_text(text), fmt.title)
    sheet.write_string(SUBTITLE_ROW, 0, clean_text(subtitle), fmt.subtitle)
    sheet.set_row(TITLE_ROW, TITLE_HEIGHT)


def headers(sheet, fmt: Formats, table: Table, height: float = 30, titles: Iterable[str] | None = None) -> None:
    """A table's header row (its titles, or ``titles`` in their place)."""
    for offset, text in enumerate(titles if titles is not None else table.titles):
        sheet.write_string(table.header_row, table.first_col + offset, clean_text(str(text)), fmt.header)
    sheet.set_row(table.header_row, height)


def define(book, name: str, cell: Cell) -> None:
    """A defined name for one cell."""
    book.define_name(name, "=" + cell.ref())


def set_widths(sheet, widths: Iterable[tuple[int, int, float]]) -> None:
    """Set the column widths of one sheet (:data:`hedgebook.excel.layout.COLUMN_WIDTHS`), in order."""
    for first, last, width in widths:
        sheet.set_column(first, last, width)


def page_setup(sheet) -> None:
    """Landscape A4, one page wide and as many tall as needed, the title rows repeated on every page (a table's
    builder extends them to its header, :func:`print_rows`); the sheet's name and page number in the footer."""
    sheet.set_landscape()
    sheet.set_paper(A4_PAPER)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(TITLE_ROW, SUBTITLE_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer("&L&8hedgebook: &A&R&8page &P of &N")


def print_rows(sheet, table: Table, rows_used: int, last_col: int, *, minimum_last_row: int = 0) -> None:
    """Print from the top to the last used row of ``table`` (at least ``minimum_last_row``), columns to
    ``last_col``, the title rows down to its header repeated on every page: not the table's empty rows."""
    last_row = max(table.first_row + max(rows_used, 1) - 1, minimum_last_row)
    sheet.print_area(0, 0, last_row, last_col)
    sheet.repeat_rows(TITLE_ROW, table.header_row)
