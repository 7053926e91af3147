"""Start: what hedgebook is, three steps, the Refresh button, the last refresh and each venue's status."""

from __future__ import annotations

import math
from typing import Any

from ...app.summary import PlanSummary
from ...core.dates import to_naive_utc
from ...market import MarketSnapshot
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import STALE_FORMULA, Formats, cached, define, headers, set_widths, title, write_cell
from .formulas import FUNCTIONS_AS_BUILT, functions_missing_formula, functions_status_formula

REFRESH_MACRO = "SampleCall"
"""The macro of xlwings' quickstart VBA project: runs ``main()`` of the .py named like the workbook."""
BUTTON_SIZE = {"width": 140, "height": 32}
IMPORT_NOTE = ("Import positions (Excel on Windows; elsewhere: hedgebook accounts FILE) reads your positions and "
               "wallets with read-only API keys (hedgebook keys set VENUE). Not in xlwings Lite: a secret does not "
               "belong in a browser page.")


GLANCE_STYLES = {"portfolio_value": "out_money", "order_count": "out_count", "gross_notional": "out_money",
                 "nearest_liquidation": "out_weight", "nearest_liquidation_contract": "out_text",
                 "venues_above_limit": "out_text", "data_as_of": "out_date", "data_age_days": "out_age",
                 "sample": "out_yes_no"}
"""Each dashboard line's style (a :class:`Formats` attribute)."""


def glance_values(summary: PlanSummary) -> dict[str, Any]:
    """The value each dashboard cell holds (:data:`hedgebook.excel.layout.GLANCE`), as Refresh writes it."""
    return {
        "portfolio_value": summary.portfolio_value, "order_count": summary.order_count,
        "gross_notional": summary.gross_notional, "nearest_liquidation": summary.nearest_liquidation,
        "nearest_liquidation_contract": summary.nearest_liquidation_contract or "no liquidation price",
        "venues_above_limit": ", ".join(summary.venues_above_limit) or "none",
        "data_as_of": summary.data_as_of, "data_age_days": summary.data_age_days, "sample": int(summary.sample),
    }


"""True once the data is older than Settings' Stale after (hours)."""


def data_age_formula() -> str:
    """Start_DataAge: days from the data's time to now (it ages with the file)."""
    return f"=NOW()-{L.GLANCE_NAME['data_as_of']}"


def data_age_text_formula() -> str:
    """The data's time and age in words: "as of … UTC, N min / hours / days old"."""
    age = L.GLANCE_NAME["data_age_days"]
    return (f'="as of "&TEXT({L.GLANCE_NAME["data_as_of"]},"yyyy-mm-dd hh:mm")&" UTC, "&IF({age}<1/24,'
            f'INT({age}*1440)&" min",IF({age}<2,INT({age}*24)&" hours",INT({age})&" days"))&" old"')


def data_age_text(summary: PlanSummary) -> str:
    """What :func:`data_age_text_formula` shows, for its cached value."""
    if summary.data_as_of is None or summary.data_age_days != summary.data_age_days:
        return "as of: unknown"
    age = summary.data_age_days
    amount = (f"{math.floor(age * 1440)} min" if age < 1 / 24 else f"{math.floor(age * 24)} hours" if age < 2
              else f"{math.floor(age)} days")
    return f"as of {summary.data_as_of:%Y-%m-%d %H:%M} UTC, {amount} old"


def _glance(book, sheet, fmt: Formats, summary: PlanSummary) -> None:
    sheet.write_string(L.GLANCE_TITLE.row, L.GLANCE_TITLE.col, "At a glance", fmt.bold)
    values = glance_values(summary)
    for field, label, name in L.GLANCE:
        cell = L.GLANCE_CELL[field]
        sheet.write_string(cell.row, cell.col - 1, label, fmt.text)
        style = getattr(fmt, GLANCE_STYLES[field])
        if field == "data_age_days":
            sheet.write_formula(cell.row, cell.col, data_age_formula(), style, cached(values[field]))
        else:
            write_cell(sheet, cell.row, cell.col, values[field], style)
        define(book, name, cell)
    text = L.DATA_AGE_TEXT
    sheet.write_string(text.row, text.col - 1, "Data", fmt.bold)
    sheet.write_formula(text.row, text.col, data_age_text_formula(), fmt.bold, data_age_text(summary))
    age = L.GLANCE_CELL["data_age_days"]
    for cell in (age, text):  # red once the data is past Stale after: its statuses were written when it was fresh
        sheet.conditional_format(cell.row, cell.col, cell.row, cell.col, {
            "type": "formula", "criteria": f"={STALE_FORMULA}", "format": fmt.stale_flag})


INSTALL_STEPS = (
    "Install the add-in (once; the file alone is enough to read the plan)",
    "Windows or Mac Excel, with Python 3.10 or later (python.org or the Microsoft Store):",
    "1. Get hedgebook (its zip, or a clone); in its folder, in a terminal:",
    "     python -m venv .venv, activate it, then: pip install .",
    "2. From that same terminal: xlwings addin install",
    "3. Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings:",
    "     tick Trust access to the VBA project object model",
    "4. A file you downloaded: right-click it > Properties > Unblock; open it, Enable Content",
    "5. xlwings tab > Import Functions, before you type, then press Refresh",
    "Mac or Excel on the web without Python: the xlwings Lite add-in (addin/lite/README.md)",
)
"""Start's install steps, below the dashboard: a user who received only the workbook has no README."""


def _install_steps(sheet, fmt: Formats) -> None:
    first = L.DATA_AGE_TEXT.row + 2
    for offset, text in enumerate(INSTALL_STEPS):
        sheet.write_string(first + offset, L.GLANCE_TITLE.col, text, fmt.bold if offset == 0 else fmt.text)


def build(book, sheet, fmt: Formats, snapshot: MarketSnapshot, summary: PlanSummary) -> None:
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
    sheet.insert_button(L.IMPORT_BUTTON.row, L.IMPORT_BUTTON.col,
                        {"macro": REFRESH_MACRO, "caption": L.IMPORT_CAPTION, "x_offset": 215, **BUTTON_SIZE,
                         "description": "Reads your open positions and wallets with read-only API keys"})
    sheet.write_string(L.IMPORT_BUTTON.row + 2, L.START_TEXT.col, IMPORT_NOTE, fmt.subtitle)
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
    _glance(book, sheet, fmt, summary)
    _install_steps(sheet, fmt)
    # Refresh may list more venues than the build
    sheet.print_area(0, 0, L.VENUE_STATUS.last_row, L.GLANCE_TITLE.col + 1)
    set_widths(sheet, COLUMN_WIDTHS[L.START])
    sheet.hide_gridlines(2)
