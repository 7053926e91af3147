"""Refresh in xlwings Lite: the refresh of the classic add-in, its message returned as text.

Lite runs :func:`refresh` from the ``Refresh`` script of ``addin/lite/main.py``.
The market is read through the browser (:mod:`hedgebook.market.browser`);
what is written, and what is kept when a venue fails, is exactly what
:func:`hedgebook.excel.macros.refresh` does on Windows.
"""

from __future__ import annotations

from dataclasses import replace

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


async def refresh_async(book, *, fetch_answer=None, config=None, **options) -> str:
    """:func:`refresh`, the venues read first with the browser's ``fetch``: all at once, each request bounded by
    the timeout (:mod:`hedgebook.market.browser_fetch`); then the refresh reads those answers and writes as on
    Windows. ``fetch_answer`` stands in for the browser's ``fetch`` (tests); ``config`` for the environment's."""
    from ..app.refresh import assets_to_read, venues_to_read
    from ..market import MarketConfig, fetch_market
    from ..market.browser_fetch import pyfetch_answer, read_ahead
    from ..market.cot import fetch_cot
    from ..market.transport import MAX_RESPONSE_BYTES
    from .reading import read_workbook
    from .workbook_cells import XlwingsCells

    try:
        contents = read_workbook(XlwingsCells(book), default_module="")
    except HedgebookError as error:
        return f"Refresh stopped, nothing was changed: {error}"
    base = replace(config or MarketConfig.from_environment(), in_browser=True)
    assets = assets_to_read(contents.inputs) or None

    def read(venue: str, answers) -> None:
        browser = replace(base, browser_request=answers)
        if venue == COT:
            fetch_cot(config=browser)
        else:
            fetch_market([venue], assets, config=browser)

    answers = await read_ahead([*venues_to_read(contents.inputs), COT], read, fetch_answer or pyfetch_answer,
                               base.timeout, MAX_RESPONSE_BYTES)
    read_config = replace(base, browser_request=answers)
    return refresh(book, fetch=lambda venues, assets, **kw: fetch_market(venues, assets, config=read_config, **kw),
                   fetch_cot=lambda **kw: fetch_cot(config=read_config, **kw), **options)


COT = "cftc"
"""The CFTC report, read ahead with the venues."""
