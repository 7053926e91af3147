"""Refresh inside Excel: xlwings' "Run main" and the Refresh button call :func:`main`.

:func:`refresh` reads the inputs from the open workbook, fetches only the
venues and assets the plan needs (progress in Excel's status bar), keeps a
failed venue's previous rows marked stale, and writes values: the Market
sheet, the hedge columns of Holdings, Orders, Context, and the last-refresh
time and per-venue status on Start.  The formulas recalculate by themselves.
Text from the network is written as text, never as a formula.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable

import pandas as pd

from ..market import COLUMNS as MARKET_COLUMNS
from ..market import MarketSnapshot, fetch_market
from ..market.cot import fetch_cot
from . import layout as L
from .model import (
    HoldingInput,
    PlanBook,
    Settings,
    compute_plan,
    cot_rows,
    open_interest_rows,
    order_rows,
    quotes_from_market,
    venue_status_rows,
)
from .workbook_io import (
    fetch_cot_or_keep,
    holdings_from_rows,
    market_from_rows,
    merge_fresh,
    needed_venues,
    settings_from_values,
)

COT_BLOCK_ROWS = 60

FORMULA_STARTS = ("=", "+", "-", "@")
"""A text cell beginning with one of these would be read by Excel as a formula."""


def as_text(value: Any) -> Any:
    """``value`` made safe to write with xlwings: text that looks like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, float) and value != value:
        return None
    return as_text(value)


def _rows(sheet, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list]:
    """Cell values of a block (0-based bounds, inclusive) as a 2-D list."""
    return sheet.range((first_row + 1, first_col + 1), (last_row + 1, last_col + 1)).options(ndim=2).value


def _write(sheet, row: int, col: int, rows: list[list]) -> None:
    if rows:
        sheet.range((row + 1, col + 1)).value = [[_cell(v) for v in line] for line in rows]


def read_book_inputs(book) -> tuple[list[HoldingInput], Settings, pd.DataFrame]:
    """Holdings, Settings and the current Market table of an open workbook.

    Raises
    ------
    ValueError
        An input cell holds a bad value (the message names it).
    """
    holdings = holdings_from_rows(_rows(book.sheets[L.HOLDINGS], L.FIRST_ROW, 0, L.LAST_ROW, 5))
    settings = settings_from_values(
        [line[0] for line in _rows(book.sheets[L.SETTINGS], L.FIRST_ROW, L.SETTINGS_VALUE_COLUMN,
                                   L.FIRST_ROW + len(L.SETTINGS_ROWS) - 1, L.SETTINGS_VALUE_COLUMN)])
    market = book.sheets[L.MARKET]
    first = market.range((L.MARKET_FIRST_ROW + 1, 1))
    last = first.end("down").row if first.value else L.MARKET_FIRST_ROW
    records = _rows(market, L.MARKET_FIRST_ROW, 0, max(last - 1, L.MARKET_FIRST_ROW), len(MARKET_COLUMNS) - 1)
    return holdings, settings, market_from_rows(records)


def write_results(book, snapshot: MarketSnapshot, data: PlanBook, previous_rows: int,
                  cot: pd.DataFrame | None = None) -> None:
    """Write every value a refresh produces into the open workbook."""
    market = book.sheets[L.MARKET]
    table = snapshot.table
    stale_rows = max(previous_rows - len(table), 0)
    _write(market, L.MARKET_FIRST_ROW, 0, [[getattr(r, c) for c in MARKET_COLUMNS] for r in table.itertuples()]
           + [[None] * len(MARKET_COLUMNS)] * stale_rows)
    holdings = book.sheets[L.HOLDINGS]
    first = L.HOLDINGS_COLUMN["Holdings_Symbol"]
    _write(holdings, L.FIRST_ROW, first, [
        [q.symbol, q.price, q.spot_price, q.funding_rate, q.interval_h, q.contract_size, q.lot_size, q.inverse,
         q.dated_symbol, q.dated_price, q.expiry, q.status] for q in data.quotes
    ])
    book.sheets[L.SETTINGS].range((L.FIRST_ROW + len(L.SETTINGS_ROWS), L.SETTINGS_VALUE_COLUMN + 1)).value = _cell(
        snapshot.fetched_at)
    orders = book.sheets[L.ORDERS]
    orders.range((L.FIRST_ROW + 1, 1), (L.FIRST_ROW + L.MAX_HOLDINGS, len(L.ORDERS_COLUMNS))).clear_contents()
    _write(orders, L.FIRST_ROW, 0, order_rows(data))
    context = book.sheets[L.CONTEXT]
    context.range((L.FIRST_ROW + 1, 1), (L.FIRST_ROW + L.CONTEXT_MAX_ROWS, 6)).clear_contents()
    _write(context, L.FIRST_ROW, 0, open_interest_rows(data.holdings, snapshot.table)[: L.CONTEXT_MAX_ROWS])
    report = cot_rows(cot)
    if report:  # a report that could not be read leaves the last one in place
        context.range((L.COT_FIRST_ROW + 1, 1), (L.COT_FIRST_ROW + COT_BLOCK_ROWS, len(report[0]))).clear_contents()
        _write(context, L.COT_FIRST_ROW, 0, report)
    start = book.sheets[L.START]
    start.range((L.LAST_REFRESH_ROW + 1, 3)).value = _cell(snapshot.fetched_at)
    start.range((L.LAST_REFRESH_ROW + 2, 3)).value = as_text(snapshot.label)
    start.range((L.START_STATUS_ROW + 1, 1), (L.START_STATUS_ROW + 20, 3)).clear_contents()
    _write(start, L.START_STATUS_ROW, 0, venue_status_rows(snapshot))


def refresh(book, *, fetch: Callable[..., MarketSnapshot] = fetch_market, cot_fetch: Callable = fetch_cot,
            timeout: float = 10.0) -> MarketSnapshot:
    """Refresh an open workbook (an ``xlwings.Book`` or anything with its ``sheets``/``range`` API).

    ``cot_fetch`` reads the CFTC report for the Context sheet.

    Returns
    -------
    MarketSnapshot
        What was written; ``errors`` names the venues that failed.
    """
    holdings, settings, previous = read_book_inputs(book)
    venues = needed_venues(holdings)
    done: list[str] = []

    def progress(venue: str, message: str) -> None:
        done.append(venue)
        _status_bar(book, f"hedgebook: {len(done)}/{len(venues)} venues read ({venue}: {message})")

    _status_bar(book, f"hedgebook: reading {len(venues)} venues...")
    try:
        fresh = fetch(venues, sorted({h.asset for h in holdings}) or None, timeout=timeout, progress=progress)
        snapshot = merge_fresh(fresh, previous)
        quotes = quotes_from_market(holdings, snapshot.table, snapshot.fetched_at)
        data = compute_plan(holdings, dataclasses.replace(settings, as_of=snapshot.fetched_at), quotes)
        cot, problem = fetch_cot_or_keep(None, timeout, cot_fetch)
        if problem:
            snapshot.warnings.append(problem)
        write_results(book, snapshot, data, len(previous), cot)
    finally:
        _status_bar(book, False)
    return snapshot


def _status_bar(book, text) -> None:
    app = getattr(book, "app", None)
    if app is not None:
        try:
            app.status_bar = text
        except Exception:  # the status bar is a courtesy; never fail a refresh over it
            pass


def main() -> None:
    """Entry point of xlwings' "Run main" and of the Refresh button."""
    import xlwings as xw

    book = xw.Book.caller()
    try:
        snapshot = refresh(book)
    except ValueError as error:
        book.app.alert(f"Refresh stopped, nothing was changed: {error}", title="hedgebook")
        return
    if snapshot.errors:
        failed = "; ".join(f"{venue}: {message}" for venue, message in snapshot.errors.items())
        book.app.alert(f"Refreshed, but some venues failed and kept their last values: {failed}", title="hedgebook")
