"""Building a plan workbook with XlsxWriter: every sheet, its formulas with cached values, the Refresh button.

Every formula cell carries the value the same ``core`` function computes
(through :class:`hedgebook.app.figures.PlanBook`), so the workbook shows
correct numbers in any spreadsheet program before the add-in is loaded.
Each sheet is written by its module in :mod:`hedgebook.excel.sheets`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import xlsxwriter

from ..app.figures import PlanBook
from ..market import MarketSnapshot
from ..market.text import clean_text
from . import layout as L
from .sheets import carry, context, costs, holdings, market, orders, rebalance, risk, settings, start
from .sheets.formats import Formats, page_setup

BUILD_TIME = dt.datetime(2025, 1, 14, 8, 0, 0)
"""Document creation time written into every built file, so builds are reproducible."""


def extract_vba_project(target_dir: Path) -> Path:
    """xlwings' quickstart VBA project (``xl/vbaProject.bin``), extracted into ``target_dir``."""
    quickstart = Path(importlib.util.find_spec("xlwings").origin).parent / "quickstart.xlsm"
    target = target_dir / "vbaProject.bin"
    with zipfile.ZipFile(quickstart) as archive:
        target.write_bytes(archive.read("xl/vbaProject.bin"))
    return target


def build_workbook(
    path: Path,
    book_data: PlanBook,
    snapshot: MarketSnapshot,
    *,
    udf_module: str,
    cot: pd.DataFrame | None = None,
) -> Path:
    """Write a plan workbook (``.xlsm``: it carries the Refresh button's macro).

    Parameters
    ----------
    path : Path
        Target file, ``.xlsm``.
    book_data : PlanBook
        Inputs and every computed figure (cached values).
    snapshot : MarketSnapshot
        Written to the Market sheet; its label and errors go to Start.
    udf_module : str
        Module named on the hidden ``xlwings.conf`` sheet for "Import Functions".
    cot : DataFrame, optional
        CFTC Commitments of Traders for the Context sheet.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
        book.set_properties({"title": "hedgebook plan", "author": "hedgebook", "created": BUILD_TIME,
                             "comments": "Rebalance a crypto portfolio with futures, keeping the coins."})
        book.add_vba_project(str(extract_vba_project(Path(scratch))))
        book.set_vba_name("ThisWorkbook")
        fmt = Formats(book)
        sheets = {name: book.add_worksheet(name) for name in L.SHEETS}
        for index, name in enumerate(L.SHEETS):
            sheets[name].set_vba_name(f"Sheet{index + 1}")
        conf = book.add_worksheet(L.CONF_SHEET)
        conf.set_vba_name(f"Sheet{len(L.SHEETS) + 1}")
        conf.write_string(L.XLWINGS_CONF_MODULE.row, L.XLWINGS_CONF_MODULE.col - 1, "UDF Modules")
        conf.write_string(L.XLWINGS_CONF_MODULE.row, L.XLWINGS_CONF_MODULE.col, clean_text(udf_module))
        conf.hide()

        start.build(book, sheets[L.START], fmt, snapshot)
        holdings.build(book, sheets[L.HOLDINGS], fmt, book_data)
        settings.build(book, sheets[L.SETTINGS], fmt, book_data)
        market.build(sheets[L.MARKET], fmt, snapshot.table, snapshot.label)
        rebalance.build(book, sheets[L.REBALANCE], fmt, book_data)
        orders.build(sheets[L.ORDERS], fmt, book_data)
        carry.build(sheets[L.CARRY], fmt, book_data)
        costs.build(sheets[L.COSTS], fmt, book_data)
        risk.build(book, sheets[L.RISK], fmt, book_data)
        context.build(sheets[L.CONTEXT], fmt, book_data, snapshot.table, cot)
        for sheet in sheets.values():
            page_setup(sheet)
        sheets[L.START].activate()
        book.close()
    return path
