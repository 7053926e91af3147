"""Reading a plan workbook, whatever opens it: one reader over a small cell-access interface.

The headless reader (openpyxl, :mod:`.workbook_io`) and Refresh in Excel
(xlwings, :mod:`.macros`) each implement :class:`Cells`; :func:`read_workbook`
does the rest, so both read the same cells with the same rules and words.
Where a defined name exists (``Holdings_Asset``, ``Settings_AsOf``,
``Start_DataLabel`` ...) the cells are found through it, so rows a user
inserts in Excel move the names and are still read right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

import pandas as pd

from ..app.cell_reader import InputError, cell_number, cell_text, is_blank
from ..app.daily_history import DailyHistory
from ..app.inputs import LEGACY_FUTURES_TITLE, SETTING_FIELDS, LegacyFutures, PlanInputs
from ..app.typed_rows import (
    accounts_from_rows,
    holding_rows,
    holdings_from_rows,
    positions_from_rows,
    settings_from_values,
    venue_maint_rates_from_rows,
)
from ..core.dates import to_utc
from ..core.errors import HedgebookError
from ..market import COLUMNS as MARKET_COLUMNS
from ..market.cot import COT_COLUMNS
from ..market.sample import SAMPLE_LABEL_START
from ..market.table import TIME_COLUMNS, normalize_types
from ..market.tiers import MAX_TIERS, SHIPPED, MarginTiers, tiers_from_ladder
from . import layout as L
from .history_reading import read_histories
from .safe_file import WorkbookError
from .workbook_cells import Cells


@dataclass
class WorkbookContents:
    """What a plan workbook holds that a refresh does not recompute.

    Attributes
    ----------
    inputs : PlanInputs
        Holdings and settings, as typed.
    market : DataFrame
        The Market sheet: the last market data.
    data_label : str
        What the market data is (live, sample, from when).
    cot : DataFrame or None
        The CFTC report on Context, when one was loaded.
    last_refresh : datetime or None
        When the market data was refreshed, UTC.
    sample : bool
        The market data is the bundled sample (valued at its own time, on any date).
    udf_module : str
        The "UDF Modules" of the hidden xlwings.conf sheet.
    extra_sheets : list of str
        Sheets that are not hedgebook's.
    holding_offsets : list of int
        Where each holding is in the Holdings rows (0 = the first row): rows
        without an asset are skipped, so a holding is not always at its index.
    input_formulas : dict
        ``(sheet, row, col)`` (0-based, in the layout's places) → the formula
        the user typed in an input cell, so that a rewrite of the workbook keeps it.
    position_offsets : list of int
        Where each position is in the Positions rows (0 = the first row).
    legacy_layout : bool
        The workbook has the previous layout (futures typed in USD on
        Holdings, no Positions sheet): only a rewrite can bring it up to date.
    account_offsets : list of int
        Where each account is in the Accounts rows beside Positions.
    tiers : dict
        ``(venue, symbol)`` → the margin tiers beside Holdings (those the last
        refresh found for each hedge contract).
    histories : list of DailyHistory
        The History sheet's blocks, as the last refresh wrote them.
    """

    inputs: PlanInputs
    market: pd.DataFrame
    data_label: str = ""
    cot: pd.DataFrame | None = None
    last_refresh: dt.datetime | None = None
    sample: bool = False
    udf_module: str = ""
    extra_sheets: list[str] = field(default_factory=list)
    holding_offsets: list[int] = field(default_factory=list)
    input_formulas: dict[tuple[str, int, int], str] = field(default_factory=dict)
    position_offsets: list[int] = field(default_factory=list)
    legacy_layout: bool = False
    account_offsets: list[int] = field(default_factory=list)
    tiers: dict[tuple[str, str], MarginTiers] = field(default_factory=dict)
    histories: list[DailyHistory] = field(default_factory=list)


def locate(cells: Cells, name: str, default: L.Block) -> L.Block:
    """The block a defined name points to, or ``default`` (the layout's place) when there is no such name."""
    return L.parse_reference(cells.refers_to(name)) or default


def _single(cells: Cells, name: str, default: L.Cell) -> Any:
    return cells.values(locate(cells, name, default.block()).first.block())[0][0]


def _sample(cells: Cells, label: str) -> bool:
    """Whether the workbook holds the bundled sample: Start's ``Start_Sample`` flag, or, in a workbook built before
    it, the sample's own label."""
    place = L.parse_reference(cells.refers_to(L.GLANCE_NAME["sample"]))
    if place is None:
        return label.startswith(SAMPLE_LABEL_START)
    return cells.values(place.first.block())[0][0] in (1, 1.0, True)


def read_workbook(cells: Cells, *, default_module: str) -> WorkbookContents:
    """Everything :class:`WorkbookContents` describes.

    Raises
    ------
    WorkbookError
        When the workbook is not a hedgebook plan, or a part of it cannot be read.
    InputError
        When a typed cell holds a bad value (the message names sheet, row, column and value).
    """
    try:
        return _read_workbook(cells, default_module)
    except HedgebookError:
        raise
    except ValueError as error:  # a value no reader above named: the workbook, not a traceback
        raise WorkbookError(f"cannot be read as a plan ({error})") from None


def _read_workbook(cells: Cells, default_module: str) -> WorkbookContents:
    names = list(cells.sheet_names)
    missing = [sheet for sheet in (L.HOLDINGS, L.SETTINGS, L.MARKET) if sheet not in names]
    if missing:
        raise WorkbookError(f"not a hedgebook plan: no sheet {missing[0]!r}")
    formulas: dict[tuple[str, int, int], str] = {}
    legacy = is_legacy_layout(cells)
    if legacy:
        holdings, offsets, legacy_futures, notes = _legacy_holdings(cells, formulas)
        positions, position_offsets = [], []
    else:
        holdings, offsets = _holdings(cells, formulas)
        legacy_futures, notes = [], []
        positions, position_offsets = _positions(cells, formulas) if L.POSITIONS in names else ([], [])
    accounts, account_offsets = _accounts(cells, formulas) if L.POSITIONS in names else ([], [])
    histories = read_histories(cells, notes) if L.HISTORY in names else []
    inputs = PlanInputs(tuple(holdings), _settings(cells, formulas), tuple(positions), tuple(legacy_futures),
                        tuple(notes), tuple(accounts))
    label = _single(cells, L.DATA_LABEL_NAME, L.DATA_LABEL) if L.START in names else ""
    last_refresh = _single(cells, L.LAST_REFRESH_NAME, L.LAST_REFRESH) if L.START in names else None
    sample = _sample(cells, str(label or ""))
    module = cells.values(L.XLWINGS_CONF_MODULE.block())[0][0] if L.CONF_SHEET in names else None
    return WorkbookContents(
        inputs=inputs,
        market=market_from_rows(cells.rows_until_blank(L.MARKET_TABLE), cells.values(L.MARKET_TABLE.header())[0]),
        data_label=str(label or ""),
        cot=cot_from_rows(cells.values(L.COT_TABLE.header()), cells.rows_until_blank(L.COT_TABLE))
        if L.CONTEXT in names else None,
        last_refresh=to_utc(last_refresh) if isinstance(last_refresh, (dt.datetime, dt.date)) else None,
        sample=sample,
        udf_module=str(module or default_module),
        extra_sheets=[sheet for sheet in names if sheet not in (*L.SHEETS, L.CONF_SHEET)],
        holding_offsets=offsets,
        input_formulas=formulas,
        position_offsets=position_offsets,
        legacy_layout=legacy,
        account_offsets=account_offsets,
        tiers=_tiers(cells, holdings, offsets) if not legacy else {},
        histories=histories,
    )


def is_legacy_layout(cells: Cells) -> bool:
    """Whether the workbook has the previous layout: futures typed in USD on Holdings (column D)."""
    if cells.refers_to("Holdings_Futures") is not None:
        return True
    header = cells.values(L.Cell(L.HOLDINGS, L.HOLDINGS_TABLE.header_row, 3).block())[0][0]
    return cell_text(header) == LEGACY_FUTURES_TITLE


def _read_columns(cells: Cells, sheet_columns, places: list[L.Block], standard: list[L.Block], formulas: dict,
                  label_column: int = 0) -> list[list[Any]]:
    """The rows of a table's typed columns, keeping each typed formula at its place in the layout."""
    columns = _columns(cells.values, places)
    rows = [[column[i][0] if i < len(column) else None for column in columns] for i in range(len(columns[0]))]
    _refuse_rows_below(cells, places[0], places)
    typed = _columns(cells.formulas, places)
    for k, (column, place, home) in enumerate(zip(sheet_columns, places, standard)):
        for offset, (formula,) in enumerate(typed[k]):
            if formula and offset < home.rows:
                label = cell_text(rows[offset][label_column]).upper() if offset < len(rows) else ""
                where = f"{place.sheet} row {place.first_row + offset + 1} ({label}), {column.title}"
                _keep_formula(formulas, where, home.sheet, home.first_row + offset, home.first_col, formula,
                              columns[k][offset][0])
    return rows


def _columns(read, places: list[L.Block]) -> list[list[list[Any]]]:
    """Each place's cells (one column each); side by side on the same rows, as the layout has them, they
    are read in one pass."""
    first = places[0]
    side_by_side = all(p.sheet == first.sheet and p.first_row == first.first_row and p.last_row == first.last_row
                       and p.first_col == first.first_col + k and p.cols == 1 for k, p in enumerate(places))
    if not side_by_side:
        return [read(place) for place in places]
    block = read(L.Block(first.sheet, first.first_row, first.first_col, first.last_row,
                         first.first_col + len(places) - 1))
    return [[[row[k] if k < len(row) else None] for row in block] for k in range(len(places))]


def _holdings(cells: Cells, formulas: dict):
    inputs = [column for column in L.HOLDINGS_COLUMNS if column.is_input]
    standard = [L.holdings_column(column.name) for column in inputs]
    places = [locate(cells, column.name, home) for column, home in zip(inputs, standard)]
    rows = _read_columns(cells, inputs, places, standard, formulas)
    holdings = holdings_from_rows(rows, first_row=places[0].first.row1, sheet=places[0].sheet)
    return holdings, [offset for offset, _ in holding_rows(rows)]


LATER_POSITION_NAMES = ("Positions_MarginMode", "Positions_Margin", "Positions_Source", "Positions_VenueLiquidation")
"""The typed columns of Positions added after its first layout: an older workbook may not have them."""


def _positions(cells: Cells, formulas: dict):
    columns = [column for column in L.POSITIONS_COLUMNS if column.is_input]
    header = cells.values(L.POSITIONS_TABLE.header())[0]
    if cells.refers_to(columns[0].name) is not None:  # a workbook from before a typed column has no name for it
        inputs = [column for column in columns if cells.refers_to(column.name) is not None]
    else:  # no names: the later columns are read where their titles are (an older workbook has none)
        inputs = [column for column in columns if column.name not in LATER_POSITION_NAMES
                  or cell_text(header[L.POSITIONS_TABLE.col(column.title)]) == column.title]
    standard = [L.positions_column(column.name) for column in inputs]
    places = [locate(cells, column.name, home) for column, home in zip(inputs, standard)]
    read = _read_columns(cells, inputs, places, standard, formulas, label_column=1)
    where = [columns.index(column) for column in inputs]  # a column the workbook lacks stays blank in its place
    rows = [[row[where.index(k)] if k in where else None for k in range(len(columns))] for row in read]
    positions = positions_from_rows(rows, first_row=places[0].first.row1, sheet=places[0].sheet)
    return positions, [p.row - places[0].first.row1 for p in positions]


def _accounts(cells: Cells, formulas: dict):
    standard = [L.accounts_column(column.name) for column in L.ACCOUNTS_COLUMNS]
    places = [locate(cells, column.name, home) for column, home in zip(L.ACCOUNTS_COLUMNS, standard)]
    if cells.refers_to(L.ACCOUNTS_COLUMNS[0].name) is None and \
            cell_text(cells.values(L.ACCOUNTS_TABLE.header())[0][0]) != L.ACCOUNTS_TABLE.titles[0]:
        return [], []  # a workbook from before the Accounts block
    rows = _read_columns(cells, L.ACCOUNTS_COLUMNS, places, standard, formulas, label_column=0)
    accounts = accounts_from_rows(rows, first_row=places[0].first.row1, sheet=places[0].sheet)
    return accounts, [a.row - places[0].first.row1 for a in accounts]


def _tiers(cells: Cells, holdings, offsets: list[int]) -> dict[tuple[str, str], MarginTiers]:
    """The tiers beside Holdings, by each holding's venue and hedge contract; a row that is not a valid
    ladder (edited by hand, say) is left out, and the shipped table or the Settings rate applies."""
    symbols = cells.values(locate(cells, "Holdings_Symbol", L.holdings_column("Holdings_Symbol")))
    block = cells.values(L.TIERS_TABLE.data())
    found = {}
    for holding, offset in zip(holdings, offsets):
        row = list(block[offset]) if offset < len(block) else []
        symbol = cell_text(symbols[offset][0]) if offset < len(symbols) and symbols[offset] else ""
        if not row or not symbol or is_blank(row[0]) or cell_text(row[0]).endswith(SHIPPED):
            continue  # a shipped table is read from the package, as this version of hedgebook has it
        values = (row + [None] * (1 + 3 * MAX_TIERS))[1:1 + 3 * MAX_TIERS]
        caps, rates, leverages = (values[k * MAX_TIERS:(k + 1) * MAX_TIERS] for k in range(3))
        count = sum(1 for cap in caps if isinstance(cap, (int, float)) and not isinstance(cap, bool))
        ladder = [column[:count] for column in (caps, rates, leverages)]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for column in ladder for x in column):
            continue
        tiers, _ = tiers_from_ladder(*[[float(x) for x in column] for column in ladder], 1.0, cell_text(row[0]))
        if tiers is not None:
            found[(holding.venue, symbol)] = tiers
    return found


LEGACY_DEFAULT_VENUE = "binance"
"""What a blank hedge venue meant in the previous layout (it now means no hedge)."""


def _legacy_holdings(cells: Cells, formulas: dict):
    """Holdings of the previous layout (A–F: asset, quantity, cost basis, futures USD, venue, target).

    The typed formulas move to the new layout's columns, except the futures
    column's, which becomes positions; a blank venue becomes binance, as it
    meant then.
    """
    inputs = L.LEGACY_HOLDINGS_INPUTS
    first = L.HOLDINGS_TABLE.first_row
    homes = [L.Block(L.HOLDINGS, first, k, first + L.LEGACY_HOLDINGS_ROWS - 1, k) for k in range(len(inputs))]
    places = [locate(cells, column.name, home) for column, home in zip(inputs, homes)]
    new_home = {column.name: L.holdings_column(column.name) for column in inputs if column.name in L.HOLDINGS_NAME}
    standard = [new_home.get(column.name, L.Block(L.HOLDINGS, first, -1, first + L.MAX_HOLDINGS - 1, -1))
                for column in inputs]
    kept: dict = {}
    rows = _read_columns(cells, inputs, places, standard, kept)
    formulas.update({key: formula for key, formula in kept.items() if key[2] >= 0})
    hedges = [cells.values(locate(cells, column.name, L.Block(L.HOLDINGS, first, 6 + k, first + len(rows) - 1, 6 + k)))
              for k, column in enumerate(L.LEGACY_HEDGE_COLUMNS)]
    first_row = places[0].first.row1
    converted, legacy, notes = [], [], []
    for offset, row in holding_rows(rows):
        asset, quantity, cost, futures, venue, target = (list(row) + [None] * 6)[:6]
        name = cell_text(asset).upper()
        where = f"{places[0].sheet} row {first_row + offset} ({name})"
        if is_blank(venue):
            venue = LEGACY_DEFAULT_VENUE
            notes.append(f"{where}: the blank hedge venue meant {LEGACY_DEFAULT_VENUE}; it now means no hedge, so "
                         f"{LEGACY_DEFAULT_VENUE} is written in")
        converted.append([asset, quantity, cost, venue, None, target])
        notional = cell_number(futures, f"{where}, {LEGACY_FUTURES_TITLE}", 0.0)
        if notional:
            symbol = hedges[0][offset][0] if offset < len(hedges[0]) else None
            price = hedges[1][offset][0] if offset < len(hedges[1]) else None
            legacy.append(LegacyFutures(first_row + offset, name, cell_text(venue).lower(), notional,
                                        cell_text(symbol), price if isinstance(price, (int, float)) else float("nan")))
    holdings = holdings_from_rows(converted, first_row=first_row, sheet=places[0].sheet)
    return holdings, [offset for offset, _ in holding_rows(rows)], legacy, notes


def _refuse_rows_below(cells: Cells, first: L.Block, places: list[L.Block]) -> None:
    """A holding typed below the table would be neither planned nor kept: refuse, naming it."""
    last = cells.last_row(first.sheet)
    if last <= first.last.row1:
        return
    left, right = min(p.first_col for p in places), max(p.last_col for p in places)
    below = cells.values(L.Block(first.sheet, first.last_row + 1, left, last - 1, right))
    for offset, row in enumerate(below):
        if any(not is_blank(value) for value in row):
            row_number = first.last.row1 + 1 + offset
            raise InputError(
                f"{first.sheet} row {row_number} ({cell_text(row[0]).upper() or 'no asset'}) is below the table "
                f"(rows {first.first.row1}–{first.last.row1}): hedgebook would neither plan nor keep it; move it "
                "into the table, or remove it")


def _keep_formula(formulas: dict, where: str, sheet: str, row: int, col: int, formula: str, value: Any) -> None:
    if value is None:
        raise InputError(f"{where}: the formula {formula[:60]} has no computed value (the file was saved by a "
                         "program that does not compute formulas); open and save it in a spreadsheet program, "
                         "or type the value")
    formulas[(sheet, row, col)] = formula


def _settings(cells: Cells, formulas: dict):
    homes = [L.SETTINGS_TABLE.cell("Value", offset) for offset in range(len(L.SETTINGS_NAMES))]
    places = [locate(cells, name, home.block()) for name, home in zip(L.SETTINGS_NAMES, homes)]
    values = [cells.values(place.first.block())[0][0] for place in places]
    for setting, place, home, value in zip(SETTING_FIELDS, places, homes, values):
        (formula,), = cells.formulas(place.first.block())
        if formula:
            _keep_formula(formulas, f"{place.sheet} row {place.first.row1}, {setting.title}", home.sheet,
                          home.row, home.col, formula, value)
    settings = settings_from_values(values, first_row=places[0].first.row1, sheet=L.SETTINGS)
    return replace(settings, venue_maint_rates=_venue_rates(cells, formulas))


def _venue_rates(cells: Cells, formulas: dict) -> tuple[tuple[str, float], ...]:
    """The maintenance rate typed per venue (a workbook built before the block has none)."""
    columns = [L.NamedColumn(title, L.VENUE_RATE_NAMES[title], True) for title in ("Venue", "Maintenance margin")]
    standard = [L.VENUE_RATES_TABLE.column(column.title) for column in columns]
    if cells.refers_to(columns[0].name) is None and \
            cell_text(cells.values(L.VENUE_RATES_TABLE.header())[0][0]) != L.VENUE_RATES_TABLE.titles[0]:
        return ()
    places = [locate(cells, column.name, home) for column, home in zip(columns, standard)]
    rows = _read_columns(cells, columns, places, standard, formulas, label_column=0)
    return venue_maint_rates_from_rows(rows, first_row=places[0].first.row1, sheet=places[0].sheet)


def market_from_rows(rows: Sequence[Sequence[Any]], header: Sequence[Any] | None = None) -> pd.DataFrame:
    """The market table from the Market sheet's rows (times as the sheet holds them: naive UTC).

    Columns are found by the titles in ``header`` when it is given, so that a
    workbook written before a column was added is read right (the column is
    empty); without it, in :data:`hedgebook.market.COLUMNS` order.
    """
    keys = {**L.FORMER_MARKET_TITLES, **{title: key for key, title in L.MARKET_TITLES.items()}}
    titles = ([keys.get(cell_text(title), cell_text(title)) for title in header] if header is not None
              else list(MARKET_COLUMNS))
    if not set(MARKET_COLUMNS) & set(titles):
        titles = list(MARKET_COLUMNS)
    width = len(titles)
    frame = pd.DataFrame([(list(row) + [None] * width)[:width] for row in rows], columns=titles)
    frame = frame.loc[:, [title in MARKET_COLUMNS for title in frame.columns]]
    frame = frame.loc[:, ~frame.columns.duplicated()].reindex(columns=list(MARKET_COLUMNS))
    for column in TIME_COLUMNS:
        frame[column] = [to_utc(v) if isinstance(v, (dt.datetime, dt.date)) else None for v in frame[column]]
    return normalize_types(frame)


def cot_from_rows(header: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]]) -> pd.DataFrame | None:
    """The CFTC report kept on Context, or None when the block does not hold one."""
    if not header or list(header[0])[: len(COT_COLUMNS)] != list(COT_COLUMNS):
        return None
    return pd.DataFrame([list(row)[: len(COT_COLUMNS)] for row in rows], columns=list(COT_COLUMNS))
