"""Start's "Import positions" button in classic Excel: ``hedgebook accounts`` inside the open workbook.

The button runs the same macro as Refresh; :func:`pressed_import` tells them apart by the caption of the button
that ran it (Excel's ``Application.Caller``, known on Windows; elsewhere the macro refreshes, and the command line
imports).  :func:`import_positions` reads each venue with a key (:func:`hedgebook.market.private.read_accounts`),
writes what :func:`hedgebook.app.accounts.import_accounts` says into the typed cells of Positions and Accounts
(rows of other venues untouched), then refreshes, which values every position.  Nothing is written when a key may do
more than read.  xlwings Lite offers no such button: a secret does not belong in a browser page.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Callable

from ..app.accounts import AccountImport, import_accounts
from ..app.funding_received import keep_readings
from ..app.inputs import FROM_VENUE, AccountInput, PositionInput
from ..app.planning import plan_from_market
from ..app.refresh import utc_now
from ..core.errors import HedgebookError
from ..market import MarketConfig
from ..market.keys import keys_to_use
from ..market.private import read_accounts
from . import layout as L
from .accounts_io import position_rows
from .macros import ALERT_TITLE, refresh_message
from .macros import refresh as refresh_workbook
from .reading import locate, read_workbook
from .safe_file import WorkbookError
from .sheets.positions import position_offsets
from .workbook_cells import XlwingsCells

OLDER_WORKBOOK = ("this workbook was built before Import positions (its Positions sheet has no Source column): save "
                  "and close it, run `hedgebook refresh <file>` once to bring it up to date, or use "
                  "`hedgebook accounts <file>`")


def pressed_import(book) -> bool:
    """Whether the macro was run by the Import positions button (Excel on Windows says which shape ran it)."""
    try:
        caller = book.app.api.Caller
        if not isinstance(caller, str):
            return False
        return str(book.sheets[L.START].api.Buttons(caller).Caption) == L.IMPORT_CAPTION
    except Exception:  # no COM (a Mac, a stand-in), or not a button: Refresh, as before
        return False


def import_positions(book, *, read: Callable | None = None, refresh: Callable[[Any], Any] | None = None,
                     now=utc_now) -> AccountImport:
    """Import every venue with a key into the open workbook ``book``, then refresh it (``refresh(book)``).

    Raises
    ------
    HedgebookError
        No venue with a key, a key that can move funds or trade (nothing written), a workbook built before the
        Source column, a bad input cell.
    """
    cells = XlwingsCells(book)
    if cells.refers_to("Positions_Source") is None:
        raise WorkbookError(OLDER_WORKBOOK)
    contents = read_workbook(cells, default_module="")
    keys = keys_to_use(None)
    readings, failures = (read or _read)(keys, False)
    instant = now()
    outcome = import_accounts(contents.inputs, contents.market, readings, failures,
                              lambda inputs: plan_from_market(inputs, contents.market, contents.last_refresh or instant,
                                                              now=instant, tiers=contents.tiers,
                                                              histories=contents.histories, sample=contents.sample))
    if outcome.write:
        _, notes = keep_readings(readings, outcome.plan, int(instant.timestamp() * 1000))  # Refresh reads them back
        outcome = replace(outcome, warnings=outcome.warnings + notes)
        venues = set(outcome.read)
        _write_positions(cells, contents, [marked.position for marked in outcome.plan.positions], venues)
        _write_accounts(cells, contents, outcome.plan.accounts, venues)
        try:
            said = refresh_message((refresh or refresh_workbook)(book))
        except HedgebookError as error:
            said = f"Refresh stopped: {error}"
        if said:
            outcome = replace(outcome, warnings=[*outcome.warnings, f"The positions are written. {said}"])
    return outcome


def main_import(book) -> None:
    """What the Import positions button runs: the import, then one message saying what it did (or why not)."""
    try:
        imported = import_positions(book)
    except HedgebookError as error:
        book.app.alert(f"Import stopped, nothing was changed: {error}", title=ALERT_TITLE)
        return
    book.app.alert(import_message(imported), title=ALERT_TITLE)


def import_message(outcome: AccountImport) -> str:
    """What the user is told after Import positions."""
    failed = "; ".join(f"{venue}: {message}" for venue, message in outcome.errors.items())
    if not outcome.write:
        return f"Import stopped, nothing was changed: {outcome.problem}" + (f" ({failed})" if failed else "")
    read = ", ".join(f"{venue} {count}" for venue, count in outcome.read.items())
    lines = [f"Imported positions: {read}."]
    if failed:
        lines.append(f"Not read, their rows kept: {failed}.")
    lines += outcome.warnings
    return " ".join(lines)


def _read(keys, allow_trading: bool):
    return read_accounts(keys, MarketConfig.from_environment(), allow_trading)


def _write_positions(cells: XlwingsCells, contents, positions: list[PositionInput], venues: set[str]) -> None:
    """Clear the rows of the venues read and write what they hold into the first free rows (others untouched)."""
    place = locate(cells, "Positions_Venue", L.positions_column("Positions_Venue"))
    width = L.POSITIONS_INPUT.cols
    kept, gone = position_rows(contents, venues)
    for offset in gone:
        cells.clear(L.Block(place.sheet, place.first_row + offset, place.first_col, place.first_row + offset,
                            place.first_col + width - 1))
    for position, offset in zip(positions, position_offsets(len(positions), kept)):
        if position.venue not in venues:
            continue
        if offset >= L.MAX_POSITIONS:
            raise WorkbookError(f"more than {L.MAX_POSITIONS} positions: the Positions sheet holds {L.MAX_POSITIONS}")
        cells.write(L.Cell(place.sheet, place.first_row + offset, place.first_col), [[
            position.venue, position.contract, position.contracts, _blank(position.entry_price), position.margin_mode,
            _blank(position.margin), FROM_VENUE, _blank(position.venue_liquidation_price)]])


def _write_accounts(cells: XlwingsCells, contents, accounts: list[AccountInput], venues: set[str]) -> None:
    """The collateral of each venue read where its venue was typed, a new venue in the next free row (the others
    untouched: a formula typed there stays)."""
    place = locate(cells, L.ACCOUNTS_COLUMNS[0].name, L.accounts_column(L.ACCOUNTS_COLUMNS[0].name))
    offsets = position_offsets(len(accounts), contents.account_offsets)
    for account, offset in zip(accounts, offsets):
        if account.venue not in venues:
            continue
        if offset >= L.MAX_ACCOUNTS:
            raise WorkbookError(f"more than {L.MAX_ACCOUNTS} accounts: the Accounts block holds {L.MAX_ACCOUNTS}")
        cells.write(L.Cell(place.sheet, place.first_row + offset, place.first_col),
                    [[account.venue, _blank(account.collateral)]])


def _blank(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
