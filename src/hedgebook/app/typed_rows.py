"""What the user typed, read row by row into records: holdings, positions, accounts, the maintenance rates per
venue and the settings.  Each bad cell is an :class:`~hedgebook.core.errors.InputError` naming its sheet, row,
column and value.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..core.errors import InputError
from ..core.time_units import HOURS_PER_DAY
from .cell_reader import cell_number, cell_text, cell_time, is_blank
from .inputs import (
    ACCOUNT_FIELDS,
    CROSS,
    FROM_VENUE,
    HEDGE_SIZINGS,
    HOLDING_FIELDS,
    ISOLATED,
    MARGIN_MODES,
    NO_HEDGE,
    NON_NEGATIVE_SETTINGS,
    POSITION_FIELDS,
    POSITIVE_SETTINGS,
    SETTING_FIELDS,
    SIZING_NOTIONAL,
    TYPED,
    AccountInput,
    HoldingInput,
    PositionInput,
    Settings,
)


def _rows_by_venue(rows: Iterable[Sequence[Any]], first_row: int, where_of: Callable[[int, str], str], *,
                   orphan: str, duplicate: Callable[[str, int], str]) -> Iterator[tuple[int, str, Any, str]]:
    """``(row number, venue, value cell, where)`` of each row of a (venue, value) block that names a venue, the venue
    in lower case; blank rows are skipped.

    Raises
    ------
    InputError
        Naming the row: a value without a venue (``orphan``), a venue typed twice (``duplicate(venue, first row)``).
    """
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows):
        venue_cell, value_cell = (list(row or ()) + [None, None])[:2]
        venue = cell_text(venue_cell).lower()
        where = where_of(first_row + offset, venue)
        if not venue:
            if not is_blank(value_cell):
                raise InputError(f"{where}: {orphan}")
            continue
        if venue in seen:
            raise InputError(f"{where}: {duplicate(venue, seen[venue])}")
        seen[venue] = first_row + offset
        yield first_row + offset, venue, value_cell, where


def holding_rows(rows: Iterable[Sequence[Any]]) -> list[tuple[int, Sequence[Any]]]:
    """``(offset, row)`` of the rows that hold a holding: those whose asset cell is not blank."""
    return [(offset, row) for offset, row in enumerate(rows) if row and cell_text(row[0])]


def holdings_from_rows(rows: Iterable[Sequence[Any]], *, first_row: int, sheet: str = "Holdings") -> list[HoldingInput]:
    """Holdings from the typed cells of the Holdings rows, in :data:`HOLDING_FIELDS` order.

    Parameters
    ----------
    rows : iterable of sequences
        The cells of each row (asset, quantity, cost basis, venue, instrument, target).
    first_row : int
        The sheet row number (1-based, as the user sees it) of the first row.
    sheet : str
        The sheet's name, for messages.

    Rows without an asset are skipped.  A blank number is 0; a blank venue is
    :data:`NO_HEDGE`.

    Raises
    ------
    InputError
        Naming the row, its asset, the column and the value: a bad number, a
        negative quantity, an asset typed twice.
    """
    holdings = []
    seen: dict[str, int] = {}
    for offset, row in holding_rows(rows):
        cells = dict(zip((f.attribute for f in HOLDING_FIELDS), list(row) + [None] * len(HOLDING_FIELDS)))
        asset = cell_text(cells["asset"]).upper()
        label = f"{sheet} row {first_row + offset} ({asset})"
        if asset in seen:
            raise InputError(f"{label}: {asset} is on row {seen[asset]} already; give each asset one row")
        seen[asset] = first_row + offset
        numbers = {
            field.attribute: cell_number(cells[field.attribute], f"{label}, {field.title}", 0.0)
            for field in HOLDING_FIELDS
            if field.attribute in ("quantity", "cost_basis", "target_weight")
        }
        if numbers["quantity"] < 0:
            raise InputError(f"{label}, {HOLDING_FIELDS[1].title}: must be 0 or more, got {numbers['quantity']:g}; "
                             "a short is a position on the Positions sheet")
        if numbers["target_weight"] > 1:
            raise InputError(f"{label}, {HOLDING_FIELDS[5].title}: {numbers['target_weight']:g} is more than 100 %; "
                             "type 0.5 or 50 % for half the portfolio")
        holdings.append(HoldingInput(asset=asset, venue=cell_text(cells["venue"]).lower() or NO_HEDGE,
                                     instrument=cell_text(cells["instrument"]), **numbers))
    return holdings


def positions_from_rows(rows: Iterable[Sequence[Any]], *, first_row: int,
                        sheet: str = "Positions") -> list[PositionInput]:
    """Open positions from the typed cells of the Positions rows, in :data:`POSITION_FIELDS` order.

    Rows whose venue and contract are both blank are skipped.  A blank entry
    price is NaN.

    Raises
    ------
    InputError
        Naming the row, its contract, the column and the value: a venue or
        contract missing, a blank or bad number of contracts, an entry price
        that is not a positive number.
    """
    positions = []
    for offset, row in enumerate(rows):
        cells = list(row or ()) + [None] * len(POSITION_FIELDS)
        venue, contract = cell_text(cells[0]).lower(), cell_text(cells[1]).upper()
        if not venue and not contract:
            if not all(is_blank(value) for value in cells[2:6]):
                raise InputError(f"{sheet} row {first_row + offset}: a position needs its venue and contract")
            continue
        label = f"{sheet} row {first_row + offset} ({venue or 'no venue'} {contract or 'no contract'})"
        if not venue or not contract:
            missing = POSITION_FIELDS[0].title if not venue else POSITION_FIELDS[1].title
            raise InputError(f"{label}: {missing} is required")
        contracts = cell_number(cells[2], f"{label}, {POSITION_FIELDS[2].title}")
        if not math.isfinite(contracts):
            raise InputError(f"{label}, {POSITION_FIELDS[2].title}: must be a finite number, got {contracts:g}")
        entry = cell_number(cells[3], f"{label}, {POSITION_FIELDS[3].title}", math.nan)
        if not (math.isnan(entry) or (entry > 0 and math.isfinite(entry))):
            raise InputError(f"{label}, {POSITION_FIELDS[3].title}: must be more than 0, got {entry:g}")
        mode = cell_text(cells[4]).lower() or ISOLATED
        if mode not in MARGIN_MODES:
            raise InputError(f"{label}, {POSITION_FIELDS[4].title}: must be {' or '.join(MARGIN_MODES)} "
                             f"(blank = {ISOLATED}), got {cell_text(cells[4])!r}")
        margin = cell_number(cells[5], f"{label}, {POSITION_FIELDS[5].title}", math.nan)
        if not (math.isnan(margin) or (margin >= 0 and math.isfinite(margin))):
            raise InputError(f"{label}, {POSITION_FIELDS[5].title}: must be 0 or more, got {margin:g}")
        if mode == CROSS and not math.isnan(margin):
            raise InputError(f"{label}, {POSITION_FIELDS[5].title}: a cross position has no margin of its own "
                             "(the venue's wallet, typed in Accounts, is its margin): leave it blank, or make the "
                             "position isolated")
        source = FROM_VENUE if cell_text(cells[6]).lower() == FROM_VENUE else TYPED
        venue_price = _venue_price(cells[7])
        positions.append(PositionInput(venue, contract, contracts, entry, first_row + offset, mode, margin, source,
                                       venue_price))
    return positions


def _venue_price(cell: Any) -> float:
    """The venue's liquidation price written on a Positions row; NaN when none (or not a price: it only informs)."""
    try:
        price = cell_number(cell, "", math.nan)
    except InputError:
        return math.nan
    return price if price > 0 and math.isfinite(price) else math.nan


def accounts_from_rows(rows: Iterable[Sequence[Any]], *, first_row: int,
                       sheet: str = "Positions") -> list[AccountInput]:
    """The collateral posted per venue, from the Accounts block's rows (venue, USD); blank rows are skipped,
    a venue without an amount is kept with NaN (not given).

    Raises
    ------
    InputError
        Naming the row: collateral without a venue, a bad or negative
        amount, a venue typed twice.
    """
    accounts = []
    for row, venue, amount_cell, where in _rows_by_venue(
            rows, first_row, lambda row, venue: f"{sheet} row {row} (account {venue or 'no venue'})",
            orphan="collateral needs its venue",
            duplicate=lambda venue, row: f"{venue} is on row {row} already; give each venue one row"):
        amount = cell_number(amount_cell, f"{where}, {ACCOUNT_FIELDS[1].title}", math.nan)
        if not (math.isnan(amount) or amount >= 0):
            raise InputError(f"{where}, {ACCOUNT_FIELDS[1].title}: must be 0 or more, got {amount:g}")
        accounts.append(AccountInput(venue, amount, row))
    return accounts


def venue_maint_rates_from_rows(rows: Iterable[Sequence[Any]], *, first_row: int,
                                sheet: str = "Settings") -> tuple[tuple[str, float], ...]:
    """The maintenance rates typed per venue (venue, rate); a blank rate means Settings' rate and is left out.

    Raises
    ------
    InputError
        Naming the row: a rate without a venue, or not from 0 to under 1, a venue typed twice.
    """
    rates: dict[str, float] = {}
    for _, venue, rate_cell, where in _rows_by_venue(
            rows, first_row, lambda row, venue: f"{sheet} row {row} (maintenance margin of {venue or 'no venue'})",
            orphan="a rate needs its venue", duplicate=lambda venue, row: f"{venue} has a rate already; give each "
                                                                          "venue one row"):
        rate = cell_number(rate_cell, where, math.nan)
        if rate != rate:
            continue
        if not 0 <= rate < 1:
            raise InputError(f"{where}: must be from 0 to under 1 (0.5% = 0.005), got {rate:g}")
        rates[venue] = rate
    return tuple(rates.items())


def settings_from_values(values: Sequence[Any], *, first_row: int, sheet: str = "Settings") -> Settings:
    """Settings from the value column, in :data:`SETTING_FIELDS` order; blanks take the defaults.

    Parameters
    ----------
    values : sequence
        One cell value per setting.
    first_row : int
        The sheet row number (1-based) of the first setting.

    Raises
    ------
    InputError
        Naming the row, the setting and the value.
    """
    defaults = Settings()
    parsed: dict[str, Any] = {}
    for offset, (field, value) in enumerate(zip(SETTING_FIELDS, values)):
        where = f"{sheet} row {first_row + offset}, {field.title}"
        if field.attribute == "as_of":
            parsed["as_of"] = cell_time(value, where)
            continue
        if field.attribute == "hedge_sizing":
            parsed["hedge_sizing"] = word = cell_text(value).lower() or SIZING_NOTIONAL
            if word not in HEDGE_SIZINGS:
                raise InputError(f"{where}: must be {' or '.join(HEDGE_SIZINGS)}, got {cell_text(value)!r}")
            continue
        parsed[field.attribute] = number = cell_number(value, where, getattr(defaults, field.attribute))
        if field.attribute in POSITIVE_SETTINGS and not number > 0:
            raise InputError(f"{where}: must be more than 0, got {number:g}")
        if field.attribute in NON_NEGATIVE_SETTINGS and not number >= 0:
            raise InputError(f"{where}: must be 0 or more, got {number:g}")
        if field.attribute == "min_effectiveness" and not 0 <= number <= 1:
            raise InputError(f"{where}: must be from 0 to 1 (30% = 0.3), got {number:g}")
        if field.attribute == "beta_max" and not number > parsed.get("beta_min", defaults.beta_min):
            raise InputError(f"{where}: must be more than β lowest ({parsed.get('beta_min', defaults.beta_min):g}), "
                             f"got {number:g}")
        stale_hours = parsed.get("stale_after_hours", 0.0)
        if field.attribute == "max_data_age_days" and not number * HOURS_PER_DAY >= stale_hours:
            raise InputError(f"{where}: must be at least Stale after ({parsed['stale_after_hours']:g} hours), "
                             f"got {number:g} days")
    return Settings(**parsed)
