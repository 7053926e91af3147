"""Refresh in xlwings Lite: the refresh of the classic add-in, its message returned as text.

Lite runs :func:`refresh` from the ``Refresh`` script of ``addin/lite/main.py``.
The market is read through the browser (:mod:`hedgebook.market.browser`);
what is written, and what is kept when a venue fails, is exactly what
:func:`hedgebook.excel.macros.refresh` does on Windows.
"""

from __future__ import annotations

from ..core.errors import HedgebookError
from .macros import refresh as refresh_open_book
from .macros import refresh_message

ALL_WELL = "Refreshed: every venue answered and every order was computed."


def refresh(book, **options) -> str:
    """Refresh the workbook open in Excel; the message to show (Lite prints it in its output pane).

    ``options`` go to :func:`hedgebook.excel.macros.refresh` (tests give their own market).
    """
    try:
        outcome = refresh_open_book(book, **options)
    except HedgebookError as error:
        return f"Refresh stopped, nothing was changed: {error}"
    return refresh_message(outcome) or ALL_WELL
