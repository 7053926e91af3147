"""Costs: rebalancing by trading spot against doing it with futures over the horizon."""

from __future__ import annotations

import numpy as np

from ...app.plan import Plan
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, cached, headers, print_rows, set_widths, title, write_array
from .formulas import Placement, array_shielded, dated_hedge, guarded, hedged, shielded

T = L.COSTS_TABLE
TOTALLED = ("Spot: fees, slippage, tax", "Futures: fees, slippage, funding", "Deferred or saved with futures")


BASIS = "Basis cost (dated hedge)"
"""Where the hedge is its dated future: its basis cost over the horizon (Carry), which its futures cost includes."""


def array_formulas() -> dict[str, str]:
    """The spot and the futures costs, each one array formula over the 100 rows (a blank row gives blank cells).
    The coins sold instead of the order move the exposure it moves: the order / β."""
    def col(title: str) -> str:
        return T.column(title).relative()

    traded, beta = col("Trade notional"), L.REBALANCE_TABLE.column(L.HEDGE_RATIO_TITLE).ref()
    calls = {
        TOTALLED[0]: f"SPOTREBALCOST({traded},Holdings_SpotPrice,Holdings_CostBasis,Settings_SpotFee,"
                     f"Settings_SlippageBps,Settings_TaxRate,{beta})",
        TOTALLED[1]: f"FUTREBALCOST({traded},Holdings_FundingRate,Settings_HorizonDays,Holdings_IntervalH,"
                     f"Settings_FuturesFee,Settings_SlippageBps,{col(BASIS)})",
    }
    return {title: "=" + array_shielded(call, col("Asset")) for title, call in calls.items()}


def build(sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Costs",
          "Rebalancing by selling and buying spot, against doing it with futures over the horizon. > 0 = you pay. "
          "Futures defer the tax, they do not save it: futures P&L is taxed when realized. A dated future's cost is "
          "its basis (Carry), not funding.")
    headers(sheet, fmt, T)
    costs = data.costs
    spot_cost, futures_cost = [], []
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a = c("Asset")
        has = i is not None
        q = data.hedges[i] if has else None
        dated = has and bool(q.dated_symbol) and q.dated_symbol == q.symbol and q.tradable
        cells = (
            ("Asset", f"={L.REBALANCE_TABLE.ref('Asset', offset)}", fmt.out_text,
             data.rebalance.assets[i] if has else ""),
            ("Trade notional", hedged(a, n, L.REBALANCE_TABLE.ref("Order notional", offset)), fmt.out_money,
             data.rebalance.trade_notionals[i] if has and q.tradable else ""),
            (TOTALLED[2], hedged(a, n, f"{c(TOTALLED[0])}-{c(TOTALLED[1])}"), fmt.out_gain,
             costs.spot_cost[i] - costs.futures_cost[i] if has else ""),
            (BASIS, guarded(a, f'IF({dated_hedge(n)},N({L.CARRY_TABLE.ref("Dated cost over horizon", offset)}),"")'),
             fmt.out_cost, data.dated_carry[i] if dated else ""),
        )
        for heading, formula, style, value in cells:
            sheet.write_formula(r - 1, T.col(heading), formula, style, cached(value))
        spot_cost.append([costs.spot_cost[i] if has and q.tradable else ""])
        futures_cost.append([costs.futures_cost[i] if has and q.tradable else ""])
    for heading, values, style in ((TOTALLED[0], spot_cost, fmt.out_cost), (TOTALLED[1], futures_cost, fmt.out_cost)):
        write_array(sheet, T.first_row, T.col(heading), array_formulas()[heading], style, values)
    sheet.write_string(L.COSTS_TOTAL_ROW, 0, "Total", fmt.total_label)
    sums = (np.nansum(costs.spot_cost), np.nansum(costs.futures_cost), np.nansum(costs.spot_cost - costs.futures_cost))
    for title_, value, style in zip(TOTALLED, sums, (fmt.total_cost, fmt.total_cost, fmt.total_gain)):
        sheet.write_formula(L.COSTS_TOTAL_ROW, T.col(title_), "=" + shielded(f"SUM({T.column(title_).relative()})"),
                            style, cached(value))
    sheet.freeze_panes(T.first_row, 1)
    set_widths(sheet, COLUMN_WIDTHS[L.COSTS])
    print_rows(sheet, T, place.rows_used(data), T.first_col + len(T.titles) - 1)
