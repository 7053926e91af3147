"""Every block of values a refresh writes as rows, in one list: where it is, the rows it shows, how many at most,
and whether it is cleared first.

Both writers run the same loop over this list, :func:`write_regions`, through a cell adapter: the new workbook's
(:class:`hedgebook.excel.sheets.formats.NewSheetCells`, each block in its column styles) and the open workbook's
(:class:`hedgebook.excel.workbook_cells.XlwingsCells`, in Refresh: each block cleared, then its rows written).  A
block whose rows come from here can never show one thing in a new workbook and another after a refresh.  The blocks
of single cells and of typed columns (Holdings' hedge columns, Positions' marked columns, the valuation time) are
written by name through :mod:`hedgebook.excel.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

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
    scenario_rows,
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
    styles : tuple of str
        Each column's cell style in a new workbook (a :class:`hedgebook.excel.sheets.formats.Formats` attribute);
        Refresh in Excel writes values only and keeps the cells' styles.
    cleared : bool
        Whether Refresh clears the whole block before writing (rows from a longer previous list must go).
    """

    name: str
    table: L.Table
    rows_of: Callable[[Written], list[list[Any]]]
    styles: tuple[str, ...]
    cleared: bool = True

    @property
    def max_rows(self) -> int:
        return self.table.max_rows

    def rows(self, written: Written) -> list[list[Any]]:
        """The rows it shows, at most :attr:`max_rows`."""
        return list(self.rows_of(written))[: self.max_rows]


REGIONS = (
    Region("orders", L.ORDERS_TABLE, lambda w: order_rows(w.plan),
           (*("out_text",) * 4, "out_qty", "out_money", "out_cost", "out_money", "out_money", "out_text", "out_date")),
    Region("unwind", L.UNWIND_TABLE, lambda w: unwind_rows(w.plan), ("out_text", "out_text", "out_text", "out_qty")),
    Region("switch", L.SWITCH_TABLE, lambda w: switch_rows(w.plan),
           (*("out_text",) * 4, "out_qty", "out_text", "out_text", "out_qty", "out_number", "out_gain")),
    Region("choices", L.CHOICES_TABLE, lambda w: choice_rows(w.plan),
           ("out_text", "out_text", "out_money", *("out_text", "out_cost") * 3, "out_text")),
    Region("venue risk", L.VENUE_RISK_TABLE, lambda w: venue_risk_rows(w.plan),
           ("out_text", *("out_money",) * 4, "out_weight", "out_text")),
    Region("scenarios", L.SCENARIO_TABLE, lambda w: scenario_rows(w.plan),
           ("out_text", *("out_gain",) * 4, "out_text")),
    Region("open interest", L.OPEN_INTEREST_TABLE, lambda w: open_interest_rows(w.plan.holdings, w.snapshot.table),
           (*("mkt_text",) * 3, "mkt_count", "mkt_millions", "mkt_weight")),
    Region("positioning", L.POSITIONING_TABLE, lambda w: positioning_rows(w.plan),
           (*("mkt_text",) * 3, "mkt_weight", "mkt_weight", "mkt_text", "mkt_weight", "mkt_weight", "mkt_text")),
    Region("venue status", L.VENUE_STATUS, lambda w: venue_status_rows(w.snapshot),
           ("out_text", "out_number", "out_text")),
)
"""The blocks of rows, in the order Refresh writes them."""
REGION = {region.name: region for region in REGIONS}
COT_CHANGE = Region("cot change", L.COT_CHANGE_TABLE, lambda w: cot_change_rows(w.cot),
                    ("mkt_text", "mkt_count", "mkt_date", "mkt_date", *("mkt_count",) * 4))
"""The CFTC report's weekly change: written only when a report is loaded (the previous one stays otherwise)."""


class RegionCells(Protocol):
    """Where :func:`write_regions` writes: a new workbook or the open one."""

    def clear(self, block: L.Block) -> None:
        """Empty a block's cells (their styles stay)."""

    def write(self, cell: L.Cell, rows: list[list[Any]], styles: Sequence[str] = ()) -> None:
        """Write rows of values from ``cell`` down and right; ``styles`` names each column's style where the
        cells have none yet."""


def write_regions(cells: RegionCells, written: Written, regions: Sequence[Region] = REGIONS) -> dict[str, list]:
    """Write each of ``regions`` from ``written``: clear it where it is :attr:`Region.cleared`, then write its
    rows.  Returns the rows written, by region name."""
    shown = {}
    for region in regions:
        rows = region.rows(written)
        if region.cleared:
            cells.clear(region.table.data())
        cells.write(region.table.data().first, rows, region.styles)
        shown[region.name] = rows
    return shown
