"""Every block of values a refresh writes as rows, in one list: where it is, the rows it shows, how many at most,
and whether it is cleared first.

Both writers read this list: the XlsxWriter sheet builders (a new workbook, each block with its column styles) and
Refresh in Excel (:func:`hedgebook.excel.macros.write_results`, which clears each block and writes its rows into
the open workbook).  A block whose rows come from here can never show one thing in a new workbook and another
after a refresh.  The blocks of single cells and of typed columns (Holdings' hedge columns, Positions' marked
columns, the valuation time) are written by name through :mod:`hedgebook.excel.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from ..app.plan import Plan
from ..market import MarketSnapshot
from . import layout as L
from .rows import (
    choice_rows,
    cot_change_rows,
    open_interest_rows,
    order_rows,
    positioning_rows,
    switch_rows,
    unwind_rows,
    venue_risk_rows,
    venue_status_rows,
)


@dataclass(frozen=True)
class Written:
    """What a workbook is written from: the plan, the market it was computed on, and the CFTC report (each None
    where a block does not need it)."""

    plan: Plan | None = None
    snapshot: MarketSnapshot | None = None
    cot: pd.DataFrame | None = None


@dataclass(frozen=True)
class Region:
    """A block of rows a refresh writes.

    Attributes
    ----------
    name : str
    table : Table
        Where it is (its data rows).
    rows_of : callable
        ``rows_of(written)`` → the rows it shows, in the order of the table's columns.
    cleared : bool
        Whether Refresh clears the whole block before writing (rows from a longer previous list must go).
    """

    name: str
    table: L.Table
    rows_of: Callable[[Written], list[list[Any]]]
    cleared: bool = True

    @property
    def max_rows(self) -> int:
        return self.table.max_rows

    def rows(self, written: Written) -> list[list[Any]]:
        """The rows it shows, at most :attr:`max_rows`."""
        return list(self.rows_of(written))[: self.max_rows]


REGIONS = (
    Region("orders", L.ORDERS_TABLE, lambda w: order_rows(w.plan)),
    Region("unwind", L.UNWIND_TABLE, lambda w: unwind_rows(w.plan)),
    Region("switch", L.SWITCH_TABLE, lambda w: switch_rows(w.plan)),
    Region("choices", L.CHOICES_TABLE, lambda w: choice_rows(w.plan)),
    Region("venue risk", L.VENUE_RISK_TABLE, lambda w: venue_risk_rows(w.plan)),
    Region("open interest", L.OPEN_INTEREST_TABLE, lambda w: open_interest_rows(w.plan.holdings, w.snapshot.table)),
    Region("positioning", L.POSITIONING_TABLE, lambda w: positioning_rows(w.plan)),
    Region("venue status", L.VENUE_STATUS, lambda w: venue_status_rows(w.snapshot)),
)
"""The blocks of rows, in the order Refresh writes them."""
REGION = {region.name: region for region in REGIONS}
COT_CHANGE = Region("cot change", L.COT_CHANGE_TABLE, lambda w: cot_change_rows(w.cot))
"""The CFTC report's weekly change: written only when a report is loaded (the previous one stays otherwise)."""
