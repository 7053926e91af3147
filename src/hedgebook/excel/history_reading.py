"""The History sheet read back: each holding's daily history block, a bad cell read as a missing day and named."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..app.daily_history import DailyHistory
from ..core.dates import from_excel_serial
from . import layout as L
from .workbook_cells import Cells

HISTORY_RULES = {"Spot close": ("a price", lambda v: v > 0), "Hedge close": ("a price", lambda v: v > 0),
                 "Dated close": ("a price", lambda v: v > 0), "Funding hours": ("an interval", lambda v: v > 0),
                 "Funding (day)": ("a rate", lambda v: True),
                 "Open interest (coins)": ("an open interest", lambda v: v >= 0)}
"""What each History column holds, and the values it can hold; any other is a missing day."""


def _history_value(value: Any, title: str, where: str, notes: list[str]) -> float:
    """A History cell as a number; blank, text or a value the column cannot hold is a missing day (NaN), said in
    ``notes`` (naming the sheet and cell) unless it is blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    what, allowed = HISTORY_RULES.get(title, ("a number", lambda v: True))
    number = _float(value)
    if number != number or not math.isfinite(number) or not allowed(number):
        notes.append(f"{where}: {value!r} is not {what}; read as a missing day")
        return math.nan
    return number


def read_histories(cells: Cells, notes: list[str] | None = None) -> list[DailyHistory]:
    """The History sheet's blocks (values only; a block whose heading or dates cannot be read is skipped); a cell
    that is text or a value its column cannot hold (a close of 0 or below) is a missing day, and ``notes`` names it."""
    notes = [] if notes is None else notes
    last = L.history_table(L.MAX_HOLDINGS - 1).last_row
    column = cells.values(L.Block(L.HISTORY, L.HEADER_ROW, 0, last, 0))
    found = []
    for offset in range(L.MAX_HOLDINGS):
        title = L.history_title(offset)
        if title.row - L.HEADER_ROW >= len(column) or not isinstance(column[title.row - L.HEADER_ROW][0], str):
            continue
        heading = cells.values(L.Block(L.HISTORY, title.row, 0, title.row, 4))[0]
        table = L.history_table(offset)
        rows = cells.values(table.data("Date (UTC)", L.HISTORY_VALUES[-1]))
        first = _day(rows[0][0]) if rows else None
        if first is None or not all(isinstance(text, str) and text for text in heading[:3]):
            continue
        data = table.data("Date (UTC)", L.HISTORY_VALUES[-1])
        columns = [tuple(_history_value(row[k], title, f"{L.HISTORY}!{L.column_letter(data.first_col + k)}"
                                        f"{data.first.row1 + r}", notes) for r, row in enumerate(rows))
                   for k, title in enumerate(L.HISTORY_VALUES, start=1)]
        found.append(DailyHistory.from_columns(str(heading[0]), str(heading[1]), str(heading[2]),
                                               str(heading[3] or ""), first, columns, str(heading[4] or "")))
    return found


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return from_excel_serial(value).date()
    return None


def _float(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
