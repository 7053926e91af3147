"""Context: open interest of the holdings' futures by venue, and the CFTC Commitments of Traders (values)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import layout as L
from ..rows import cot_rows
from ..widths import COLUMN_WIDTHS
from .formats import Formats, headers, set_widths, title, write_cell

COT_TITLE = "CFTC Commitments of Traders, CME crypto futures (contracts; net = long - short)"
COT_NOT_LOADED = "Not loaded: press Refresh (needs a network connection)."
POSITIONING_TITLE = ("Open interest against price (changes over 7 and 30 days, from each hedge's history): rising "
                     "open interest with rising price = new longs, conviction")
NO_POSITIONING = "No open-interest history yet (the venue publishes none, or Refresh has not read it)."
COT_CHANGE_TITLE = "CFTC: change over the weeks loaded (contracts; net = long - short)"


CONTEXT_PRINT_SCALE = 55
"""Percent: the widest block (the CFTC report's first columns) fits a landscape page at it, legibly."""


def _one_block_per_page(sheet) -> None:
    """A page per block: the open interest, the positioning and the CFTC change side by side on screen, each on a
    page of its own on paper (a break before each), and the report below on pages of its own.  Pages are not
    fitted to the width (that would shrink three blocks onto one page): a fixed scale instead."""
    sheet.fit_page = False
    sheet.set_print_scale(CONTEXT_PRINT_SCALE)
    sheet.set_v_pagebreaks([L.POSITIONING_TABLE.first_col, L.COT_CHANGE_TABLE.first_col])
    sheet.set_h_pagebreaks([L.COT_TITLE_CELL.row])
    sheet.print_across()  # the three blocks first, then the report


def build(sheet, fmt: Formats, cot: pd.DataFrame | None, shown: dict[str, list]) -> None:
    """The Context sheet around its blocks of rows, ``shown`` (:func:`hedgebook.excel.regions.write_regions`)."""
    title(sheet, fmt, "Context", "Open interest of your assets' futures, and large traders' positions at CME.")
    headers(sheet, fmt, L.OPEN_INTEREST_TABLE)
    sheet.write_string(L.POSITIONING_TABLE.header_row - 1, L.POSITIONING_TABLE.first_col, POSITIONING_TITLE, fmt.bold)
    headers(sheet, fmt, L.POSITIONING_TABLE)
    if not shown["positioning"]:
        sheet.write_string(L.POSITIONING_TABLE.first_row, L.POSITIONING_TABLE.first_col, NO_POSITIONING,
                           fmt.subtitle)
    sheet.write_string(L.COT_CHANGE_TABLE.header_row - 1, L.COT_CHANGE_TABLE.first_col, COT_CHANGE_TITLE, fmt.bold)
    headers(sheet, fmt, L.COT_CHANGE_TABLE)
    sheet.write_string(L.COT_TITLE_CELL.row, L.COT_TITLE_CELL.col, COT_TITLE, fmt.bold)
    report = cot_rows(cot)
    if not report:
        sheet.write_string(L.COT_HEADER.row, L.COT_HEADER.col, COT_NOT_LOADED, fmt.subtitle)
    else:
        cot_table = L.COT_TABLE
        headers(sheet, fmt, cot_table, titles=report[0])
        for offset, record in enumerate(report[1: 1 + cot_table.max_rows]):
            for col, value in enumerate(record):
                style = fmt.mkt_date if isinstance(value, (pd.Timestamp, dt.datetime)) else (
                    fmt.mkt_text if isinstance(value, str) else fmt.mkt_number)
                write_cell(sheet, cot_table.first_row + offset, col, value, style)
    last_col = L.COT_CHANGE_TABLE.first_col + len(L.COT_CHANGE_TABLE.titles) - 1
    _one_block_per_page(sheet)
    last_row = L.COT_TABLE.first_row + len(report) - 2 if report else L.COT_HEADER.row
    sheet.print_area(0, 0, last_row, max(len(L.COT_TABLE.titles) - 1, last_col))
    set_widths(sheet, COLUMN_WIDTHS[L.CONTEXT])
