"""Orders: the futures orders to place, written as values."""

from __future__ import annotations

from ...app.figures import PlanBook
from ...app.rows import order_rows, switch_rows, unwind_rows
from .. import layout as L
from .formats import Formats, headers, title, write_rows

NO_ORDERS = "No orders: every asset is at its target weight."


def build(sheet, fmt: Formats, data: PlanBook) -> None:
    title(sheet, fmt, "Orders",
          f"The orders to place, written by Refresh. Funding over {data.settings.horizon_days:g} days "
          f"(> 0 = you pay); margin at {data.settings.leverage:g}x, isolated.")
    headers(sheet, fmt, L.ORDERS_TABLE)
    styles = (fmt.out_text, fmt.out_text, fmt.out_text, fmt.out_qty, fmt.out_money, fmt.out_money, fmt.out_money,
              fmt.out_money, fmt.out_text, fmt.out_date)
    if not write_rows(sheet, L.ORDERS_TABLE, order_rows(data), styles):
        sheet.write_string(L.ORDERS_TABLE.first_row, 0, NO_ORDERS, fmt.subtitle)
    sheet.freeze_panes(L.ORDERS_TABLE.first_row, 0)
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 8)
    sheet.set_column(3, 7, 16)
    sheet.set_column(L.ORDERS_TABLE.col("Status"), L.ORDERS_TABLE.col("Status"), 50)
    sheet.set_column(L.ORDERS_TABLE.col("Data as of (UTC)"), L.ORDERS_TABLE.col("Data as of (UTC)"), 16)
    U, S = L.UNWIND_TABLE, L.SWITCH_TABLE
    sheet.write_string(U.header_row - 1, U.first_col, "To unwind every hedge (after the orders):", fmt.bold)
    headers(sheet, fmt, U)
    write_rows(sheet, U, unwind_rows(data), (fmt.out_text, fmt.out_text, fmt.out_text, fmt.out_qty))
    sheet.write_string(S.header_row - 1, S.first_col,
                       "To move each perpetual hedge into the dated future (gain > 0 = switching saves):", fmt.bold)
    headers(sheet, fmt, S)
    write_rows(sheet, S, switch_rows(data), (fmt.out_text, fmt.out_text, fmt.out_text, fmt.out_text, fmt.out_qty,
                                             fmt.out_text, fmt.out_text, fmt.out_qty, fmt.out_number, fmt.out_money))
    sheet.set_column(U.first_col, U.first_col + len(U.titles) - 1, 14)
    sheet.set_column(S.first_col, S.first_col + len(S.titles) - 1, 15)
