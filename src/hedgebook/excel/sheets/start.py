"""Start: what hedgebook is, three steps, the Refresh button, the last refresh and each venue's status."""

from __future__ import annotations

from ...core.dates import to_naive_utc
from ...market import MarketSnapshot
from .. import layout as L
from .formats import Formats, define, headers, set_widths, title, write_cell
from .formulas import FUNCTIONS_AS_BUILT, functions_missing_formula, functions_status_formula

REFRESH_MACRO = "SampleCall"
"""The macro of xlwings' quickstart VBA project: runs ``main()`` of the .py named like the workbook."""
BUTTON_SIZE = {"width": 140, "height": 32}


def build(book, sheet, fmt: Formats, snapshot: MarketSnapshot) -> None:
    title(sheet, fmt, "hedgebook", "Rebalance a crypto portfolio with futures, and keep your coins.")
    lines = [
        ("What it does", fmt.bold),
        ("Selling an overweight coin realizes a taxable gain. hedgebook moves exposure instead: it shorts a", fmt.text),
        ("future on the overweight asset, goes long the underweight one, and shows what that costs and risks.",
         fmt.text),
        ("Three steps", fmt.bold),
        ("1. Holdings: enter what you own (yellow cells), the hedge venue and your target weights.", fmt.text),
        ("2. Press Refresh (or xlwings ribbon > Run main): prices, funding and dated futures are loaded.", fmt.text),
        ("3. Read the plan: Rebalance (weights), Orders (what to place), Carry, Costs, Risk, History.", fmt.text),
        ("Signs: negative = short. Funding rate > 0 means longs pay shorts. Cost > 0 means you pay.", fmt.subtitle),
    ]
    for offset, (text, style) in enumerate(lines):
        sheet.write_string(L.START_TEXT.row + offset, L.START_TEXT.col, text, style)
    sheet.insert_button(L.REFRESH_BUTTON.row, L.REFRESH_BUTTON.col,
                        {"macro": REFRESH_MACRO, "caption": "Refresh", **BUTTON_SIZE})
    target = L.LITE_BUTTON_TARGET
    sheet.insert_textbox(target.row, target.col, "Refresh in xlwings Lite (Mac, web)",
                         {**BUTTON_SIZE, "width": 200, "url": f"internal:'{L.START}'!{target.a1()}",
                          "tip": "Runs the Refresh script of xlwings Lite (addin/lite/README.md)",
                          "fill": {"color": "#1F3864"}, "line": {"none": True},
                          "font": {"color": "white", "bold": True, "size": 10},
                          "align": {"vertical": "middle", "horizontal": "center"}})
    label_col = L.START_TEXT.col
    sheet.write_string(L.LAST_REFRESH.row, label_col, "Last refresh (UTC)", fmt.bold)
    sheet.write_datetime(L.LAST_REFRESH.row, L.LAST_REFRESH.col, to_naive_utc(snapshot.fetched_at), fmt.out_date)
    define(book, L.LAST_REFRESH_NAME, L.LAST_REFRESH)
    sheet.write_string(L.DATA_LABEL.row, label_col, "Data", fmt.bold)
    write_cell(sheet, L.DATA_LABEL.row, L.DATA_LABEL.col, snapshot.label, fmt.out_text)
    define(book, L.DATA_LABEL_NAME, L.DATA_LABEL)
    sheet.write_string(L.FUNCTIONS_STATUS.row, label_col, "Worksheet functions", fmt.bold)
    sheet.write_formula(L.FUNCTIONS_STATUS.row, L.FUNCTIONS_STATUS.col, functions_status_formula(), fmt.out_text,
                        FUNCTIONS_AS_BUILT)
    define(book, L.FUNCTIONS_STATUS_NAME, L.FUNCTIONS_STATUS)
    missing = L.FUNCTIONS_MISSING
    sheet.write_formula(missing.row, missing.col, functions_missing_formula(), fmt.hidden_number, 0)
    define(book, L.FUNCTIONS_MISSING_NAME, missing)
    headers(sheet, fmt, L.VENUE_STATUS, height=18)
    sheet.print_area(0, 0, L.VENUE_STATUS.last_row, 2)  # Refresh may list more venues than the build
    set_widths(sheet, L.COLUMN_WIDTHS[L.START])
    sheet.hide_gridlines(2)
