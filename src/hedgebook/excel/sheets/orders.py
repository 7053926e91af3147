"""Orders: the futures orders to place, written as values, with their totals and what unwinds or switches them."""

from __future__ import annotations

import numpy as np

from ...app.plan import Plan
from .. import layout as L
from ..rows import order_indices
from ..widths import COLUMN_WIDTHS
from .formats import Formats, headers, set_widths, title

NO_ORDERS = "No orders: every asset is at its target weight."
TOTALLED = ("Notional (USD)", "Funding over horizon (USD)", "Margin of the position after (USD)")
"""The Orders columns with a total above the table (the notional's is gross: a sell and a buy both add, so that a
rebalancing spread does not read as nothing)."""
GROSS = "Notional (USD)"


def build(sheet, fmt: Formats, data: Plan, shown: dict[str, list]) -> None:
    """The Orders sheet around its blocks of rows, ``shown`` (:func:`hedgebook.excel.regions.write_regions`)."""
    T = L.ORDERS_TABLE
    title(sheet, fmt, "Orders",
          f"The orders to place, written by Refresh. Funding over {data.settings.horizon_days:g} days "
          f"(> 0 = you pay); margin at {data.settings.leverage:g}x, isolated.")
    headers(sheet, fmt, T, height=42)
    rows = shown["orders"]
    if not rows:
        sheet.write_string(T.first_row, 0, NO_ORDERS, fmt.subtitle)
    contracts = T.col("Contracts")
    for offset, (i, row) in enumerate(zip(order_indices(data), rows)):
        if row[contracts - T.first_col] is not None:
            sheet.write_number(T.first_row + offset, contracts, row[contracts - T.first_col],
                               fmt.lot_quantity(data.hedges[i].lot_size))
    _totals(sheet, fmt, rows)
    sheet.freeze_panes(T.first_row, 1)
    set_widths(sheet, COLUMN_WIDTHS[L.ORDERS])
    U, S = L.UNWIND_TABLE, L.SWITCH_TABLE
    sheet.write_string(U.header_row - 1, U.first_col, "To unwind every hedge (after the orders):", fmt.bold)
    headers(sheet, fmt, U)
    unwind = shown["unwind"]
    lots = _lots(data)
    _lot_contracts(sheet, fmt, U, unwind, lots, (("Contracts", "Contract"),))
    sheet.write_string(S.header_row - 1, S.first_col,
                       "To move each perpetual hedge into the dated future (gain > 0 = switching saves):", fmt.bold)
    headers(sheet, fmt, S)
    switch = shown["switch"]
    _lot_contracts(sheet, fmt, S, switch, lots, (("Close contracts", "Close perpetual"),
                                                 ("Open contracts", "Open dated future")))
    last = max(len(rows), len(unwind), len(switch), 1)
    sheet.print_area(0, 0, T.first_row + last, S.first_col + len(S.titles) - 1)
    sheet.repeat_rows(L.TITLE_ROW, T.header_row)


def _lots(data: Plan) -> dict[tuple[str, str], float]:
    """The lot size of each hedge contract and dated alternative of the plan, by venue and symbol."""
    lots = {(holding.venue, hedge.dated_symbol): hedge.dated_lot_size
            for holding, hedge in zip(data.holdings, data.hedges) if hedge.dated_symbol}
    lots.update({(holding.venue, hedge.symbol): hedge.lot_size
                 for holding, hedge in zip(data.holdings, data.hedges) if hedge.symbol})
    return lots


def _lot_contracts(sheet, fmt: Formats, table: L.Table, rows: list[list], lots: dict[tuple[str, str], float],
                   columns: tuple[tuple[str, str], ...]) -> None:
    """Rewrite the contract counts of ``rows`` to their contract's lot decimals, as the orders above show them
    (−0.250 for lots of 0.001); ``columns`` pairs each count's title with its contract's.  A contract whose lot is
    not known shows the decimals its count has."""
    venue_col = table.col("Venue") - table.first_col
    for offset, row in enumerate(rows[: table.max_rows]):
        for count_title, contract_title in columns:
            col = table.col(count_title)
            value, contract = row[col - table.first_col], row[table.col(contract_title) - table.first_col]
            if value is None:
                continue
            lot = lots.get((row[venue_col], contract))
            style = fmt.lot_quantity(lot) if lot and lot > 0 else fmt.exact_quantity(value)
            sheet.write_number(table.first_row + offset, col, value, style)


def _totals(sheet, fmt: Formats, rows: list[list]) -> None:
    """Above the table: the gross notional, the funding and the margin of all orders."""
    T = L.ORDERS_TABLE
    sheet.write_string(L.ORDERS_TOTAL_ROW, 0, "Total (notional: gross)", fmt.total_label)
    for title_ in TOTALLED:
        col = T.col(title_)
        values = [row[col - T.first_col] for row in rows if row[col - T.first_col] is not None]
        style = fmt.total_cost if title_.startswith("Funding") else fmt.total_money
        finite = [v for v in values if np.isfinite(v)]  # a number that cannot be computed is a blank cell: not summed
        column = T.column(title_).relative()
        formula = f"=SUMPRODUCT(ABS({column}))" if title_ == GROSS else f"=SUM({column})"
        total = np.sum(np.abs(finite)) if title_ == GROSS else np.sum(finite)
        sheet.write_formula(L.ORDERS_TOTAL_ROW, col, formula, style, float(total) if finite else 0.0)
