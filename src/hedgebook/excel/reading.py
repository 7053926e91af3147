"""Reading a plan workbook, whatever opens it: one reader over a small cell-access interface.

The headless reader (openpyxl, :mod:`.workbook_io`) and Refresh in Excel
(xlwings, :mod:`.macros`) each implement :class:`Cells`; :func:`read_workbook`
does the rest, so both read the same cells with the same rules and words.
Where a defined name exists (``Holdings_Asset``, ``Settings_AsOf``,
``Start_DataLabel`` ...) the cells are found through it, so rows a user
inserts in Excel move the names and are still read right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

import pandas as pd

from ..app.cell_reader import InputError, cell_text, is_blank
from ..app.inputs import SETTING_FIELDS, PlanInputs, holding_rows, holdings_from_rows, settings_from_values
from ..core.dates import to_utc
from ..market import COLUMNS as MARKET_COLUMNS
from ..market.cot import COT_COLUMNS
from ..market.table import TIME_COLUMNS, normalize_types
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


@dataclass
class WorkbookContents:
    """What a plan workbook holds that a refresh does not recompute.

    Attributes
    ----------
    inputs : PlanInputs
        Holdings and settings, as typed.
    market : DataFrame
        The Market sheet: the last market data.
    data_label : str
        What the market data is (live, sample, from when).
    cot : DataFrame or None
        The CFTC report on Context, when one was loaded.
    last_refresh : datetime or None
        When the market data was refreshed, UTC.
    udf_module : str
        The "UDF Modules" of the hidden xlwings.conf sheet.
    extra_sheets : list of str
        Sheets that are not hedgebook's.
    holding_offsets : list of int
        Where each holding is in the Holdings rows (0 = the first row): rows
        without an asset are skipped, so a holding is not always at its index.
    input_formulas : dict
        ``(sheet, row, col)`` (0-based) → the formula the user typed in an input
        cell, so that a rewrite of the workbook keeps it.
    """

    inputs: PlanInputs
    market: pd.DataFrame
    data_label: str = ""
    cot: pd.DataFrame | None = None
    last_refresh: dt.datetime | None = None
    udf_module: str = ""
    extra_sheets: list[str] = field(default_factory=list)
    holding_offsets: list[int] = field(default_factory=list)
    input_formulas: dict[tuple[str, int, int], str] = field(default_factory=dict)


def locate(cells: Cells, name: str, default: L.Block) -> L.Block:
    """The block a defined name points to, or ``default`` (the layout's place) when there is no such name."""
    return L.parse_reference(cells.refers_to(name)) or default


def _single(cells: Cells, name: str, default: L.Cell) -> Any:
    return cells.values(locate(cells, name, default.block()).first.block())[0][0]


def read_workbook(cells: Cells, *, default_module: str) -> WorkbookContents:
    """Everything :class:`WorkbookContents` describes.

    Raises
    ------
    ValueError
        When the workbook is not a hedgebook plan.
    hedgebook.app.inputs.InputError
        When a typed cell holds a bad value (the message names sheet, row, column and value).
    """
    names = list(cells.sheet_names)
    missing = [sheet for sheet in (L.HOLDINGS, L.SETTINGS, L.MARKET) if sheet not in names]
    if missing:
        raise ValueError(f"not a hedgebook plan: no sheet {missing[0]!r}")
    formulas: dict[tuple[str, int, int], str] = {}
    holdings, offsets = _holdings(cells, formulas)
    inputs = PlanInputs(tuple(holdings), _settings(cells, formulas))
    label = _single(cells, L.DATA_LABEL_NAME, L.DATA_LABEL) if L.START in names else ""
    last_refresh = _single(cells, L.LAST_REFRESH_NAME, L.LAST_REFRESH) if L.START in names else None
    module = cells.values(L.XLWINGS_CONF_MODULE.block())[0][0] if L.CONF_SHEET in names else None
    return WorkbookContents(
        inputs=inputs,
        market=market_from_rows(cells.rows_until_blank(L.MARKET_TABLE)),
        data_label=str(label or ""),
        cot=cot_from_rows(cells.values(L.COT_TABLE.header()), cells.rows_until_blank(L.COT_TABLE))
        if L.CONTEXT in names else None,
        last_refresh=to_utc(last_refresh) if isinstance(last_refresh, (dt.datetime, dt.date)) else None,
        udf_module=str(module or default_module),
        extra_sheets=[sheet for sheet in names if sheet not in (*L.SHEETS, L.CONF_SHEET)],
        holding_offsets=offsets,
        input_formulas=formulas,
    )


def _holdings(cells: Cells, formulas: dict):
    inputs = [column for column in L.HOLDINGS_COLUMNS if column.is_input]
    places = [locate(cells, column.name, L.holdings_column(column.name)) for column in inputs]
    columns = [cells.values(place) for place in places]
    first = places[0]
    rows = [[column[i][0] if i < len(column) else None for column in columns] for i in range(len(columns[0]))]
    _refuse_rows_below(cells, first, places)
    for column, place in zip(inputs, places):
        for offset, (formula,) in enumerate(cells.formulas(place)):
            if formula:
                asset = cell_text(rows[offset][0]).upper() if offset < len(rows) else ""
                where = f"{place.sheet} row {place.first_row + offset + 1} ({asset}), {column.title}"
                _keep_formula(formulas, where, place.sheet, place.first_row + offset, place.first_col, formula,
                              columns[inputs.index(column)][offset][0])
    holdings = holdings_from_rows(rows, first_row=first.first.row1, sheet=first.sheet)
    return holdings, [offset for offset, _ in holding_rows(rows)]


def _refuse_rows_below(cells: Cells, first: L.Block, places: list[L.Block]) -> None:
    """A holding typed below the table would be neither planned nor kept: refuse, naming it."""
    last = cells.last_row(first.sheet)
    if last <= first.last.row1:
        return
    left, right = min(p.first_col for p in places), max(p.last_col for p in places)
    below = cells.values(L.Block(first.sheet, first.last_row + 1, left, last - 1, right))
    for offset, row in enumerate(below):
        if any(not is_blank(value) for value in row):
            row_number = first.last.row1 + 1 + offset
            raise InputError(
                f"{first.sheet} row {row_number} ({cell_text(row[0]).upper() or 'no asset'}) is below the table "
                f"(rows {first.first.row1}–{first.last.row1}): hedgebook would neither plan nor keep it; move it "
                "into the table, or remove it")


def _keep_formula(formulas: dict, where: str, sheet: str, row: int, col: int, formula: str, value: Any) -> None:
    if value is None:
        raise InputError(f"{where}: the formula {formula[:60]} has no computed value (the file was saved by a "
                         "program that does not compute formulas); open and save it in a spreadsheet program, "
                         "or type the value")
    formulas[(sheet, row, col)] = formula


def _settings(cells: Cells, formulas: dict):
    places = [locate(cells, name, L.SETTINGS_TABLE.cell("Value", offset).block())
              for offset, name in enumerate(L.SETTINGS_NAMES)]
    values = [cells.values(place.first.block())[0][0] for place in places]
    for setting, place, value in zip(SETTING_FIELDS, places, values):
        (formula,), = cells.formulas(place.first.block())
        if formula:
            _keep_formula(formulas, f"{place.sheet} row {place.first.row1}, {setting.title}", place.sheet,
                          place.first_row, place.first_col, formula, value)
    return settings_from_values(values, first_row=places[0].first.row1, sheet=L.SETTINGS)


def market_from_rows(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """The market table from the Market sheet's rows (times as the sheet holds them: naive UTC)."""
    frame = pd.DataFrame([list(row)[: len(MARKET_COLUMNS)] for row in rows], columns=list(MARKET_COLUMNS))
    for column in TIME_COLUMNS:
        frame[column] = [to_utc(v) if isinstance(v, (dt.datetime, dt.date)) else None for v in frame[column]]
    return normalize_types(frame)


def cot_from_rows(header: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]]) -> pd.DataFrame | None:
    """The CFTC report kept on Context, or None when the block does not hold one."""
    if not header or list(header[0])[: len(COT_COLUMNS)] != list(COT_COLUMNS):
        return None
    return pd.DataFrame([list(row)[: len(COT_COLUMNS)] for row in rows], columns=list(COT_COLUMNS))
