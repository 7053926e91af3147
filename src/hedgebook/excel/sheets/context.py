"""Context: open interest of the holdings' futures by venue, and the CFTC Commitments of Traders (values)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ...app.figures import PlanBook
from ...app.rows import cot_rows, open_interest_rows
from .. import layout as L
from .formats import Formats, headers, title, write_cell, write_rows

COT_TITLE = "CFTC Commitments of Traders, CME crypto futures (contracts; net = long - short)"
COT_NOT_LOADED = "Not loaded: press Refresh (needs a network connection)."


def build(sheet, fmt: Formats, data: PlanBook, table: pd.DataFrame, cot: pd.DataFrame | None) -> None:
    title(sheet, fmt, "Context", "Open interest of your assets' futures, and large traders' positions at CME.")
    headers(sheet, fmt, L.OPEN_INTEREST_TABLE)
    write_rows(sheet, L.OPEN_INTEREST_TABLE, open_interest_rows(data.holdings, table)[: L.CONTEXT_MAX_ROWS],
               (fmt.mkt_text, fmt.mkt_text, fmt.mkt_text, fmt.mkt_count, fmt.mkt_millions, fmt.mkt_weight))
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
    if report:  # the report on a page of its own, not split over the open interest's
        sheet.set_h_pagebreaks([L.COT_TITLE_CELL.row])
        sheet.print_area(0, 0, L.COT_TABLE.first_row + len(report) - 2, len(L.COT_TABLE.titles) - 1)
    else:  # one page: the open interest and the line saying the report is not loaded
        sheet.print_area(0, 0, L.COT_HEADER.row, len(L.OPEN_INTEREST_TABLE.titles) - 1)
        sheet.fit_to_pages(1, 1)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 5, 18)
    sheet.set_column(6, 20, 12)
