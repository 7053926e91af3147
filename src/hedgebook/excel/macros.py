"""Refresh inside Excel: xlwings' "Run main" and the Refresh button call :func:`main`.

:func:`refresh` reads the open workbook (:mod:`.reading`), runs
:func:`hedgebook.app.refresh.refresh` (progress in Excel's status bar), and,
when the outcome says to write, writes values: the Market sheet, the hedge
columns of Holdings, what the market says of each position on Positions,
the valuation time, Orders, Context, the last refresh and per-venue
status on Start, and the copy of the typed inputs that tells Orders it is
stale after an edit (:mod:`.sheets.as_built`).  The formulas recalculate by
themselves.  Text from the network is written as text, never as a formula.
Cells with a defined name are found through it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..app.daily_history import USER_STORE, history_from_store
from ..app.refresh import Fetch, FetchCot, RefreshOutcome, UpdateHistory, utc_now, venues_to_read
from ..app.refresh import refresh as run_refresh
from ..app.summary import PlanSummary, summary_of
from ..core.errors import HedgebookError
from ..market import fetch_market
from ..market.cot import fetch_cot
from . import layout as L
from .reading import WorkbookContents, locate, read_workbook
from .regions import COT_CHANGE, Written, write_regions
from .rows import (
    cot_rows,
)
from .safe_file import WorkbookError
from .sheets.carry import history_formulas, received_row
from .sheets.history import UP_TO_DATE, history_heading, history_rows
from .sheets.holdings import hedge_values, tier_values
from .sheets.market import market_rows
from .sheets.positions import marked_values, risk_values
from .sheets.rebalance import hedge_ratio_formula
from .sheets.risk import VENUE_TITLES, held_row, venue_row
from .sheets.start import glance_values
from .workbook_cells import XlwingsCells, xlwings_value

ALERT_TITLE = "hedgebook"
LEGACY_LAYOUT_IN_EXCEL = (
    "this workbook has the previous layout, with futures typed in USD on Holdings; they were never re-priced, "
    "so its plans over- or under-hedge as prices move. Save and close it, then run `hedgebook refresh <file>` "
    "once: it converts each USD amount into contracts on a new Positions sheet, says how, and keeps everything "
    "else you typed")


def _write_glance(cells: XlwingsCells, summary: PlanSummary) -> None:
    """Start's dashboard, by its defined names (a workbook built before it has none, and gets none)."""
    values = glance_values(summary)
    for field, _, name in L.GLANCE:
        place = L.parse_reference(cells.refers_to(name))
        if place is not None and field != "data_age_days":  # the age is a formula: it ages with the file
            cells.write(place.first, [[values[field]]])


def write_results(cells: XlwingsCells, outcome: RefreshOutcome, contents: WorkbookContents) -> None:
    """Write every value a refresh produces into the open workbook ``contents`` was read from."""
    snapshot, plan = outcome.snapshot, outcome.plan
    typed_inputs = _typed_inputs_after(cells, snapshot.fetched_at)  # read before writing: Lite reads no write back
    table = snapshot.table
    width = len(L.MARKET_TABLE.titles)
    if cells.values(L.MARKET_TABLE.header())[0][-1] != L.MARKET_TITLES[L.MARKET_AGE]:
        width -= 1  # a workbook built before the age column: its rows keep their width
    rows = [row[:width] for row in market_rows(table, snapshot.fetched_at)]
    gone = max(len(contents.market) - len(table), 0)  # rows of venues no longer in the table
    cells.write(L.MARKET_TABLE.data().first, rows + [[None] * width] * gone)
    hedge_by_offset = dict(zip(contents.holding_offsets,
                               (hedge_values(hedge, status) for hedge, status in zip(plan.hedges, plan.order_status))))
    for k, column in enumerate(c for c in L.HOLDINGS_COLUMNS if not c.is_input):
        place = locate(cells, column.name, L.holdings_column(column.name))
        cells.write(place.first, [[hedge_by_offset[i][k] if i in hedge_by_offset else None] for i in range(place.rows)])
    tiers_by_offset = dict(zip(contents.holding_offsets, (tier_values(hedge) for hedge in plan.hedges)))
    blank_tiers = tier_values(None)
    cells.write(L.TIERS_TABLE.data().first, [tiers_by_offset.get(i, blank_tiers) for i in range(L.MAX_HOLDINGS)])
    marked_by_offset = dict(zip(contents.position_offsets, (marked_values(p) for p in plan.positions)))
    marked_columns = [c for c in L.POSITIONS_COLUMNS if L.POSITIONS_MARKED.first_col <= L.POSITIONS_TABLE.col(c.title)
                      <= L.POSITIONS_MARKED.last_col]
    for k, column in enumerate(marked_columns):
        place = locate(cells, column.name, L.positions_column(column.name))
        cells.write(place.first, [[marked_by_offset[i][k] if i in marked_by_offset else None]
                                  for i in range(place.rows)])
    risk_by_offset = dict(zip(contents.position_offsets, (risk_values(r, m) for r, m in zip(plan.position_risks,
                                                                                           plan.positions))))
    risk_columns = [c for c in L.POSITIONS_COLUMNS if L.POSITIONS_RISK.first_col <= L.POSITIONS_TABLE.col(c.title)
                    <= L.POSITIONS_RISK.last_col]
    for k, column in enumerate(risk_columns):
        if cells.refers_to(column.name) is None:  # a workbook built before these columns has none
            continue
        place = locate(cells, column.name, L.positions_column(column.name))
        cells.write(place.first, [[risk_by_offset[i][k] if i in risk_by_offset else None] for i in range(place.rows)])
    held_header = L.Cell(L.RISK, L.RISK_TABLE.header_row, L.RISK_HELD.first_col)
    if cells.values(held_header.block())[0][0] == L.RISK_TABLE.titles[L.RISK_HELD.first_col - L.RISK_TABLE.first_col]:
        held_by_offset = dict(zip(contents.holding_offsets, (held_row(plan, i) for i in range(len(plan.holdings)))))
        cells.write(L.RISK_HELD.first, [held_by_offset.get(i, [None] * L.RISK_HELD.cols)
                                        for i in range(L.RISK_HELD.rows)])
    venue_header = L.Cell(L.RISK, L.RISK_TABLE.header_row, L.RISK_VENUE.first_col)
    if cells.values(venue_header.block())[0][0] == VENUE_TITLES[0]:  # a workbook built before has none
        venue_by_offset = dict(zip(contents.holding_offsets, (venue_row(plan, i) for i in range(len(plan.holdings)))))
        cells.write(L.RISK_VENUE.first, [venue_by_offset.get(i, [None] * L.RISK_VENUE.cols)
                                         for i in range(L.RISK_VENUE.rows)])
    cells.write(locate(cells, L.SETTING_NAME["as_of"], L.AS_OF.block()).first, [[snapshot.fetched_at]])
    written = Written(plan, snapshot, outcome.cot)
    write_regions(cells, written)
    report = cot_rows(outcome.cot)
    if report:
        write_regions(cells, written, (COT_CHANGE,))
        header = L.COT_TABLE.header()
        cells.clear(L.Block(L.CONTEXT, header.first_row, header.first_col, L.COT_TABLE.last_row, header.last_col))
        cells.write(header.first, report[: 1 + L.COT_MAX_ROWS])
    if L.HISTORY in cells.sheet_names:  # a workbook built before History has none
        _write_histories(cells, plan, contents)
    if cells.refers_to(L.HEDGE_RATIO_NAME) is not None:  # a workbook built before sizing by β has none
        for offset, hedge in zip(contents.holding_offsets, plan.hedges):  # a cross hedge is always sized by β
            cells.write_formulas(L.REBALANCE_TABLE.cell(L.HEDGE_RATIO_TITLE, offset),
                                 [hedge_ratio_formula(offset, bool(hedge.cross_asset))])
    cells.write(locate(cells, L.LAST_REFRESH_NAME, L.LAST_REFRESH.block()).first, [[snapshot.fetched_at]])
    cells.write(locate(cells, L.DATA_LABEL_NAME, L.DATA_LABEL.block()).first, [[snapshot.label]])
    _write_glance(cells, summary_of(plan, snapshot.fetched_at))
    if cells.refers_to(L.INPUTS_CHANGED_NAME) is not None:  # a workbook built before the copy has none
        for copy, values in zip(L.INPUTS_AS_BUILT, typed_inputs, strict=True):
            cells.write(copy.first, values)  # the inputs of these orders: an edit makes them stale


def _write_histories(cells: XlwingsCells, plan, contents: WorkbookContents) -> None:
    """History's blocks (values) where the holdings sit, and each block's status beside Carry."""
    last = L.history_table(L.MAX_HOLDINGS - 1).last_row
    cells.clear(L.Block(L.HISTORY, L.HEADER_ROW, 0, last, len(L.HISTORY_TITLES) - 1))
    notes = [[None] for _ in range(L.MAX_HOLDINGS)]
    for offset, item in zip(contents.holding_offsets, plan.histories):
        if item is None:
            continue
        table = L.history_table(offset)
        cells.write(L.history_title(offset), [history_heading(item)])
        cells.write(table.header().first, [list(L.HISTORY_TITLES)])
        days = [dt.datetime.combine(day, dt.time()) for day in item.days]  # a date, not its serial number
        cells.write(table.data().first, [[day, *row[1:]] for day, row in zip(days, history_rows(item))])
        notes[offset] = [item.note or UP_TO_DATE]
        if cells.refers_to(L.HISTORY_FIGURES_NAME) is None:  # a workbook built before: a row of formulas each
            cells.write_formulas(L.CARRY_HISTORY_TABLE.cell("Asset", offset), history_formulas(offset))
    cells.write(L.CARRY_HISTORY_TABLE.column("History").first, notes)
    received = L.CARRY_RECEIVED_TABLE
    if cells.values(L.Cell(L.CARRY, received.header_row, received.first_col).block())[0][0] == received.titles[0]:
        by_offset = dict(zip(contents.holding_offsets, (received_row(plan, i) for i in range(len(plan.holdings)))))
        blank = [None] * len(received.titles)
        cells.write(received.data().first, [by_offset.get(i, blank) for i in range(received.max_rows)])


def _typed_inputs_after(cells: XlwingsCells, valuation_time) -> list[list[list[Any]]]:
    """Every block of :data:`layout.TYPED_INPUTS` as it will be once Refresh has set the valuation time.

    Read before anything is written: a script of xlwings Lite reads the values the workbook had when it began.
    """
    blocks = [cells.values(block) for block in L.TYPED_INPUTS]
    settings = L.TYPED_INPUTS.index(L.SETTINGS_VALUES)
    as_of = locate(cells, L.SETTING_NAME["as_of"], L.AS_OF.block())
    offset = as_of.first_row - L.SETTINGS_VALUES.first_row
    if as_of.first_col == L.SETTINGS_VALUES.first_col and 0 <= offset < len(blocks[settings]):
        blocks[settings][offset][0] = xlwings_value(valuation_time)
    return blocks


def refresh(book, *, fetch: Fetch = fetch_market, fetch_cot: FetchCot = fetch_cot, timeout: float | None = None,
            now: Callable[[], dt.datetime] = utc_now, history: UpdateHistory | None | object = USER_STORE
            ) -> RefreshOutcome:
    """Refresh an open workbook (an ``xlwings.Book`` or anything with its ``sheets``/``names``/``range`` API).

    ``history`` brings the plan's history up to date (default: the user's history store; in a browser, where no
    store is kept, none: the History sheet stays as it is).

    Returns
    -------
    RefreshOutcome
        ``write`` says whether anything was written (nothing is when no venue
        answered or the plan cannot be computed; ``problem`` says why);
        ``errors`` names the venues that failed.

    Raises
    ------
    ValueError
        The workbook is not a plan, or an input cell is bad (nothing is fetched or written).
    """
    cells = XlwingsCells(book)
    contents = read_workbook(cells, default_module="")
    if contents.legacy_layout:
        raise WorkbookError(LEGACY_LAYOUT_IN_EXCEL)
    total = len(venues_to_read(contents.inputs))
    venues_done: list[str] = []

    def progress(venue: str, message: str) -> None:
        venues_done.append(venue)
        _status_bar(book, f"hedgebook: {len(venues_done)}/{total} venues read ({venue}: {message})")

    _status_bar(book, f"hedgebook: reading {total} venues...")
    try:
        outcome = run_refresh(contents.inputs, contents.market, fetch=fetch, fetch_cot=fetch_cot, now=now,
                              previous_cot=contents.cot, timeout=timeout, progress=progress,
                              previous_tiers=contents.tiers, history=_history(history, timeout),
                              previous_histories=contents.histories)
        if outcome.write:
            write_results(cells, outcome, contents)
    finally:
        _status_bar(book, False)
    return outcome


def _history(history, timeout: float | None):
    if history is not USER_STORE:
        return history
    from ..market import MarketConfig
    from ..market.browser import running_in_browser

    if running_in_browser():  # no store is kept in a browser: the History sheet stays as it is
        return None
    return history_from_store(config=MarketConfig.from_environment().with_timeout(timeout))


def _status_bar(book, text) -> None:
    app = getattr(book, "app", None)
    if app is not None:
        try:
            app.status_bar = text
        except Exception:  # the status bar is a courtesy; never fail a refresh over it
            pass


def main() -> None:
    """Entry point of xlwings' "Run main", of the Refresh button and of Import positions (told apart by the button
    that ran it)."""
    import xlwings as xw

    book = xw.Book.caller()
    from .import_positions import main_import, pressed_import

    if pressed_import(book):
        main_import(book)
        return
    try:
        outcome = refresh(book)
    except HedgebookError as error:
        book.app.alert(f"Refresh stopped, nothing was changed: {error}", title=ALERT_TITLE)
        return
    message = refresh_message(outcome)
    if message:
        book.app.alert(message, title=ALERT_TITLE)


def refresh_message(outcome: RefreshOutcome) -> str:
    """What the user must be told after a refresh in Excel (``""`` when all went well)."""
    failed = "; ".join(f"{venue}: {message}" for venue, message in outcome.errors.items())
    if not outcome.write:
        return f"Refresh stopped, nothing was changed: {outcome.problem}" + (f" ({failed})" if failed else "")
    lines = []
    if failed:
        lines.append(f"Some venues failed and kept their last values: {failed}.")
    withheld = [f"{asset}: {status}" for asset, status in zip(outcome.plan.rebalance.assets, outcome.plan.order_status)
                if status != "ok"]
    if withheld:
        lines.append("Orders withheld (see Orders): " + "; ".join(withheld) + ".")
    return ("Refreshed. " + " ".join(lines)) if lines else ""
