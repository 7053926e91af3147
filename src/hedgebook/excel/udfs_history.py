"""hedgebook's worksheet functions of the History sheet's blocks (see :mod:`hedgebook.excel.udfs`).

The History sheet holds one block per holding row, stacked: its days first (oldest first), then the rows that head
the next block.  Each function reads every block at once and answers a row per holding: its figures, blank where
the history does not tell (too few days, none), or why its block cannot be read.  Imports only NumPy and
``hedgebook.core``.
"""

# ruff: noqa: N802  (Excel names are upper case)

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..core import history as stats
from .cells import CellError, blank_argument, flat_cells, returns_error_text, series
from .udf_support import array_function, one_number

HISTORY_COLUMNS = ("spot closes", "hedge closes", "funding", "funding hours", "dated closes")
"""The columns of ``history``, in order (History's Spot close to Dated close)."""


@array_function("Each holding's realized funding from its History block: the mean APR over the recent window and "
                "over all days, and its volatility (positive = longs paid shorts); blank where the history does not "
                "tell", "history", "rows", "days", "recent_days")
def HISTORYFUNDINGAPR(history, rows, days, recent_days=None):
    recent = stats.RECENT_DAYS if blank_argument(recent_days) else int(one_number("recent_days", recent_days))
    return _by_block(history, _holdings(rows, history), days,
                     lambda columns, _: stats.funding_apr_figures(columns[2], columns[3], recent))


@array_function("How each holding's hedge tracked the coins, from its History block: beta and R2 of the hedge "
                "contract, the dated basis volatility per day; blank where the history does not tell",
                "history", "rows", "days")
def HISTORYFIT(history, rows, days):
    return _by_block(history, _holdings(rows, history), days,
                     lambda columns, _: stats.fit_figures(columns[0], columns[1], columns[4]))


@array_function("Each holding's funding over the horizon from its History block, if rates behave as they did: "
                "expected, one s.d. better, one worse (USD, positive = you pay); blank without an order or enough "
                "days", "history", "notional", "horizon_days", "days")
def HISTORYFUNDING(history, notional, horizon_days, days):
    horizon = one_number("horizon_days", horizon_days)

    def band(columns, order):
        _, _, funding, hours, _ = columns
        better, expected, worse = stats.funding_band(order, funding, hours, horizon)
        return expected, better, worse

    return _by_block(history, flat_cells(notional) or [None], days, band)


def _holdings(rows, history) -> list:
    """A row per holding, none with an order: ``rows`` of them, at most one per row of ``history``."""
    count = one_number("rows", rows)
    if not 0 < count <= (len(history) if isinstance(history, (list, tuple)) else 1) or count != int(count):
        raise CellError(f"rows must be a whole number from 1 to the rows of history, got {count:g}")
    return [None] * int(count)


def _by_block(value, orders: list, days, figures_of: Callable) -> list[list]:
    """``figures_of(columns, order)`` (three figures) of each block of ``value``, one per item of ``orders``."""
    grid = np.array(value if isinstance(value, (list, tuple)) else [[value]], dtype=object)
    if grid.ndim != 2 or grid.shape[1] != len(HISTORY_COLUMNS):
        raise CellError(f"history must be {len(HISTORY_COLUMNS)} columns: {', '.join(HISTORY_COLUMNS)}")
    day_count = int(one_number("days", days))
    block_rows, left_over = divmod(grid.shape[0], max(len(orders), 1))
    if not orders or left_over or not 0 < day_count <= block_rows:
        raise CellError(f"history must be one block of at least {day_count} rows per row ({grid.shape[0]} rows "
                        f"for {len(orders)})")
    blank = np.vectorize(lambda cell: cell is None or cell == "", otypes=[bool])(grid)
    rows = []
    for k, order in enumerate(orders):
        days_of = slice(k * block_rows, k * block_rows + day_count)
        if blank[days_of].all():  # a row without a history (most of the hundred): nothing to tell
            rows.append([""] * 3)
            continue
        figures = _figures(grid[days_of], order, figures_of)
        rows.append([figures] * 3 if isinstance(figures, str)
                    else ["" if not math.isfinite(x) else float(x) for x in figures])
    return rows


@returns_error_text
@np.errstate(all="ignore")
def _figures(block, order, figures_of: Callable):
    """One block's figures, or why it cannot be read (a text in a price column names its cell)."""
    columns = [series(name, block[:, j].tolist()) for j, name in enumerate(HISTORY_COLUMNS)]
    numeric = isinstance(order, (int, float)) and not isinstance(order, bool)
    return figures_of(columns, float(order) if numeric else math.nan)  # blank or text: no order
