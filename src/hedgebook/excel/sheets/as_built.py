"""The typed inputs as they were when the plan was written, so that a sheet of values can say it is stale.

Orders, the hedge choices on Carry and the venue block on Risk are values
computed by hedgebook, not formulas.  A hidden copy of every typed input
(Holdings, Positions, Accounts, Settings) sits beside the orders, and the
defined name :data:`hedgebook.excel.layout.INPUTS_CHANGED_NAME` counts the
typed cells that differ from it, with functions every spreadsheet program
has; those sheets say so by formula until the next Refresh.
"""

from __future__ import annotations

from typing import Any

from ...app.plan import Plan
from .. import layout as L
from . import holdings, positions, settings
from .formats import write_cell
from .formulas import QUIET, Placement

INPUTS_CHANGED = "Inputs changed since the last Refresh: figures are the plan as it was. Press Refresh."


def typed_blocks(data: Plan, place: Placement) -> list[dict[int, list[Any]]]:
    """Each block of :data:`layout.TYPED_INPUTS` as written: row offset → the row's typed values."""
    holding_rows = {offset: holdings.input_values(data.holdings[i])
                    for offset, _, i in place.slots(data) if i is not None}
    setting_rows = {offset: [value] for offset, value in enumerate(settings.typed_values(data))}
    venue_rates = dict(enumerate(settings.venue_rate_rows(data)))
    return [holding_rows, positions.typed_rows(data, place), positions.account_rows(data, place), setting_rows,
            venue_rates]


def inputs_changed_formula() -> str:
    """The formula of :data:`layout.INPUTS_CHANGED_NAME`: typed cells unlike their copy (blank = blank)."""
    return "=" + "+".join(f"SUMPRODUCT(({typed.ref()}<>{copy.ref()})*1)"
                          for typed, copy in zip(L.TYPED_INPUTS, L.INPUTS_AS_BUILT, strict=True))


def stale_warning_formula(otherwise: str = f'"{QUIET}"') -> str:
    """A warning cell (no ``=``): the stale message while typed inputs differ from the copy, else ``otherwise``."""
    return f'IF({L.INPUTS_CHANGED_NAME}>0,"{INPUTS_CHANGED}",{otherwise})'


def build(book, sheet, data: Plan, place: Placement) -> None:
    """Write the hidden copy on Orders and define :data:`layout.INPUTS_CHANGED_NAME`."""
    for copy, rows in zip(L.INPUTS_AS_BUILT, typed_blocks(data, place), strict=True):
        for offset, values in rows.items():
            for k, value in enumerate(values):
                write_cell(sheet, copy.first_row + offset, copy.first_col + k, value, None)
    first, last = L.INPUTS_AS_BUILT[0].first_col, L.INPUTS_AS_BUILT[-1].last_col
    sheet.set_column(first, last, None, None, {"hidden": True})
    book.define_name(L.INPUTS_CHANGED_NAME, inputs_changed_formula())
