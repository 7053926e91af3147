"""Building a plan workbook with XlsxWriter: every sheet, its formulas with cached values, the Refresh button.

Every formula cell carries the value the same ``core`` function computes
(through :class:`hedgebook.app.plan.Plan`), so the workbook shows
correct numbers in any spreadsheet program before the add-in is loaded.
Each sheet is written by its module in :mod:`hedgebook.excel.sheets`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xlsxwriter
import xlsxwriter.worksheet

from ..app.plan import Plan
from ..app.summary import summary_of
from ..market import MarketSnapshot
from ..market.text import clean_text
from . import layout as L
from .regions import COT_CHANGE, REGIONS, Written, write_regions
from .sheets import (
    as_built,
    carry,
    context,
    costs,
    history,
    holdings,
    market,
    orders,
    positions,
    rebalance,
    risk,
    settings,
    start,
)
from .sheets.as_built import stale_warning_formula
from .sheets.formats import Formats, NewSheetCells, page_setup, stale_statuses
from .sheets.formulas import QUIET, Placement, functions_warning_formula

DYNAMIC_ARRAY_FUNCTION = re.compile(
    r"(ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|MAKEARRAY|MAP|RANDARRAY|"
    r"REDUCE|SCAN|SINGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|"
    r"XLOOKUP)\(")
"""Functions XlsxWriter stores with a ``_xlfn.`` prefix.  hedgebook's formulas use none; a user's may."""


class Worksheet(xlsxwriter.worksheet.Worksheet):
    """XlsxWriter's worksheet, writing a formula without the 29 prefix substitutions it runs on each (more than
    half of a workbook's build) when the formula calls none of the functions they are for."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if DYNAMIC_ARRAY_FUNCTION.search(formula) or expand_future_functions or self.use_future_functions:
            return super()._prepare_formula(formula, expand_future_functions)
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")


"""Pages wide and tall of the sheets that are not one page wide (0 = as many as needed)."""
CURRENT_EXCEL_CALC_ID = 191029
"""The calculation engine id Excel 2019 and Microsoft 365 write.  Excel recalculates every formula on open
when a file's id is older than its own (XlsxWriter's default is Excel 2007's, 124519): where hedgebook's
worksheet functions are not loaded, that turns every cached figure into #NAME?."""
BUILD_TIME = dt.datetime(2025, 1, 14, 8, 0, 0)
"""Document creation time written into every built file, so builds are reproducible."""
WORKBOOK_CODE_NAME = "ThisWorkbook"
VBA_PROJECT = "xl/vbaProject.bin"
_SHEET_CODE_NAME = re.compile(rb"<sheetPr[^>]*\bcodeName=\"([^\"]+)\"")
_WORKBOOK_CODE_NAME = re.compile(rb"<workbookPr[^>]*\bcodeName=\"([^\"]+)\"")


@dataclass(frozen=True)
class Kept:
    """What rebuilding a user's workbook keeps from it.

    Attributes
    ----------
    vba_project : bytes, optional
        The workbook's own VBA project (the wrappers "Import Functions"
        wrote, the user's modules); None = xlwings' quickstart project.
    code_names : dict
        Sheet name → its VBA code name, and ``""`` → the workbook's.
    input_formulas : dict
        ``(sheet, row, col)`` → a formula the user typed in an input cell.
    holding_offsets : list of int, optional
        The row (0 = the first) of each holding in the Holdings table.
    position_offsets : list of int, optional
        The row of each typed position in the Positions table.
    account_offsets : list of int, optional
        The row of each typed account in the Accounts block.
    """

    vba_project: bytes | None = None
    code_names: dict[str, str] = field(default_factory=dict)
    input_formulas: dict[tuple[str, int, int], str] = field(default_factory=dict)
    holding_offsets: list[int] | None = None
    position_offsets: list[int] | None = None
    account_offsets: list[int] | None = None

    @classmethod
    def from_file(cls, path: Path, contents) -> "Kept":
        """What to keep of the workbook at ``path``, which was read as ``contents`` (a ``WorkbookContents``)."""
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            vba = archive.read(VBA_PROJECT) if VBA_PROJECT in names else None
            code_names = _code_names(archive, names)
        return cls(vba, code_names, dict(contents.input_formulas), list(contents.holding_offsets),
                   list(contents.position_offsets), list(contents.account_offsets))


def _code_names(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → VBA code name, and "" → the workbook's, as the file's XML holds them."""
    from xml.etree import ElementTree

    found: dict[str, str] = {}
    workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
    match = _WORKBOOK_CODE_NAME.search(workbook)
    if match:
        found[""] = match.group(1).decode()
    if not workbook or "xl/_rels/workbook.xml.rels" not in names:
        return found
    relations = {rel.get("Id"): rel.get("Target") for rel in ElementTree.fromstring(
        archive.read("xl/_rels/workbook.xml.rels"))}
    for sheet in ElementTree.fromstring(workbook).iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        target = relations.get(sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"), "")
        member = "xl/" + target.lstrip("/").removeprefix("xl/")
        if member in names:
            match = _SHEET_CODE_NAME.search(archive.read(member)[:4096])
            if match:
                found[sheet.get("name")] = match.group(1).decode()
    return found


def sheet_code_names(kept: dict[str, str]) -> dict[str, str]:
    """Each sheet's VBA code name: the one the workbook had, else ``Sheet<n>`` by position, never one in use.

    A sheet new to the layout (Positions, say) must not take the code name
    an older workbook gave another sheet: VBA needs them unique.
    """
    names = (*L.SHEETS, L.CONF_SHEET)
    used = {kept[name].lower() for name in names if name in kept}
    found = {}
    for index, name in enumerate(names):
        if name in kept:
            found[name] = kept[name]
            continue
        number = index + 1
        while f"sheet{number}" in used:
            number += 1
        found[name] = f"Sheet{number}"
        used.add(found[name].lower())
    return found


def extract_vba_project(target_dir: Path) -> Path:
    """xlwings' quickstart VBA project (``xl/vbaProject.bin``), extracted into ``target_dir``."""
    quickstart = Path(importlib.util.find_spec("xlwings").origin).parent / "quickstart.xlsm"
    target = target_dir / "vbaProject.bin"
    with zipfile.ZipFile(quickstart) as archive:
        target.write_bytes(archive.read("xl/vbaProject.bin"))
    return target


STATUS_COLUMNS = (L.VENUE_STATUS.column("Status"), L.MARKET_TABLE.column("status"),
                  L.holdings_column("Holdings_Status"), L.holdings_column("Holdings_Hedge"),
                  L.positions_column("Positions_Status"), L.ORDERS_TABLE.column("Status"))
"""The columns that say "ok" of the data: written when it was fresh, they say when it is not any more."""


def build_workbook(
    path: Path,
    plan: Plan,
    snapshot: MarketSnapshot,
    *,
    udf_module: str,
    cot: pd.DataFrame | None = None,
    keep: Kept | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write a plan workbook (``.xlsm``: it carries the Refresh button's macro).

    Parameters
    ----------
    path : Path
        Target file, ``.xlsm``.
    plan : Plan
        Inputs and every computed figure (cached values).
    snapshot : MarketSnapshot
        Written to the Market sheet; its label and errors go to Start.
    udf_module : str
        Module named on the hidden ``xlwings.conf`` sheet for "Import Functions".
    cot : DataFrame, optional
        CFTC Commitments of Traders for the Context sheet.
    keep : Kept, optional
        What to keep of the workbook this one replaces: its VBA project and
        code names, the formulas typed in its inputs, where its holdings sit.
    now : datetime, optional
        UTC; Start's data age is measured to it (a formula, it ages when recalculated).  Default: when the plan's
        data was checked, so that a build is reproducible.
    """
    keep = keep or Kept()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
        book.set_calc_mode("auto", calc_id=CURRENT_EXCEL_CALC_ID)
        book.calc_on_load = False  # cached values stand; a program without hedgebook's functions keeps them
        book.set_properties({"title": "hedgebook plan", "author": "hedgebook", "created": BUILD_TIME,
                             "comments": "Rebalance a crypto portfolio with futures, keeping the coins."})
        if keep.vba_project is not None:
            project = Path(scratch) / "vbaProject.bin"
            project.write_bytes(keep.vba_project)
        else:
            project = extract_vba_project(Path(scratch))
        book.add_vba_project(str(project))
        book.set_vba_name(keep.code_names.get("", WORKBOOK_CODE_NAME))
        fmt = Formats(book)
        sheets = {name: book.add_worksheet(name, worksheet_class=Worksheet) for name in L.SHEETS}
        code_names = sheet_code_names(keep.code_names)
        for name, sheet in sheets.items():
            sheet.set_vba_name(code_names[name])
            page_setup(sheet)  # a sheet's builder may change it
        conf = book.add_worksheet(L.CONF_SHEET)
        conf.set_vba_name(code_names[L.CONF_SHEET])
        conf.write_string(L.XLWINGS_CONF_MODULE.row, L.XLWINGS_CONF_MODULE.col - 1, "UDF Modules")
        conf.write_string(L.XLWINGS_CONF_MODULE.row, L.XLWINGS_CONF_MODULE.col, clean_text(udf_module))
        conf.hide()

        shown = write_regions(NewSheetCells(sheets, fmt), Written(plan, snapshot, cot), (*REGIONS, COT_CHANGE))
        place = Placement(keep.holding_offsets, keep.input_formulas, keep.position_offsets, keep.account_offsets)
        start.build(book, sheets[L.START], fmt, snapshot, summary_of(plan, now))
        holdings.build(book, sheets[L.HOLDINGS], fmt, plan, place)
        positions.build(book, sheets[L.POSITIONS], fmt, plan, place)
        settings.build(book, sheets[L.SETTINGS], fmt, plan, place)
        market.build(sheets[L.MARKET], fmt, snapshot.table, snapshot.label, snapshot.fetched_at)
        rebalance.build(book, sheets[L.REBALANCE], fmt, plan, place)
        orders.build(sheets[L.ORDERS], fmt, plan, shown)
        carry.build(book, sheets[L.CARRY], fmt, plan, place)
        costs.build(sheets[L.COSTS], fmt, plan, place)
        risk.build(book, sheets[L.RISK], fmt, plan, shown, place)
        history.build(book, sheets[L.HISTORY], fmt, plan, place)
        context.build(sheets[L.CONTEXT], fmt, cot, shown)
        as_built.build(book, sheets[L.ORDERS], plan, place)
        warnings = {L.REBALANCE: functions_warning_formula(), L.COSTS: functions_warning_formula(),
                    L.ORDERS: stale_warning_formula(),  # values: stale after an edit, whatever recalculates
                    L.CARRY: functions_warning_formula(stale_warning_formula()),
                    L.RISK: functions_warning_formula(stale_warning_formula())}
        for name, formula in warnings.items():
            sheets[name].write_formula(L.TITLE_ROW, L.FUNCTIONS_WARNING_COL, "=" + formula, fmt.warning, QUIET)
        for column in STATUS_COLUMNS:
            stale_statuses(sheets[column.sheet], fmt, column)
        sheets[L.START].activate()
        book.close()
    return path
