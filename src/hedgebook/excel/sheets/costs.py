"""Costs: rebalancing by trading spot against doing it with futures over the horizon."""

from __future__ import annotations

import numpy as np

from ...app.plan import Plan
from .. import layout as L
from .formats import Formats, cached, headers, print_rows, set_widths, title
from .formulas import Placement, dated_hedge, hedged, index, shielded, sizing_ratio

T = L.COSTS_TABLE
TOTALLED = ("Spot: fees, slippage, tax", "Futures: fees, slippage, funding", "Deferred or saved with futures")


def build(sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Costs",
          "Rebalancing by selling and buying spot, against doing it with futures over the horizon. > 0 = you pay. "
          "Futures defer the tax, they do not save it: futures P&L is taxed when realized. A dated future's cost is "
          "its basis (Carry), not funding.")
    headers(sheet, fmt, T)
    costs = data.costs
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a, traded = c("Asset"), c("Trade notional")
        # the coins sold instead move the same exposure as the order: order / β
        spot_share = sizing_ratio(L.REBALANCE_TABLE.ref(L.HEDGE_RATIO_TITLE, offset))
        interval = f'IF({index("Holdings_IntervalH", n)}="","",{index("Holdings_IntervalH", n)})'
        has = i is not None
        cells = (
            (f"={L.REBALANCE_TABLE.ref('Asset', offset)}", fmt.out_text, data.rebalance.assets[i] if has else ""),
            (hedged(a, n, L.REBALANCE_TABLE.ref("Order notional", offset)), fmt.out_money,
             data.rebalance.trade_notionals[i] if has and data.hedges[i].tradable else ""),
            (hedged(a, n, f"SPOTREBALCOST({traded}/{spot_share},{index('Holdings_SpotPrice', n)},"
                          f"{index('Holdings_CostBasis', n)},"
                        "Settings_SpotFee,Settings_SlippageBps,Settings_TaxRate)"), fmt.out_cost,
             costs.spot_cost[i] if has else ""),
            (hedged(a, n, f"FUTREBALCOST({traded},{index('Holdings_FundingRate', n)},Settings_HorizonDays,"
                        f"{interval},Settings_FuturesFee,Settings_SlippageBps)"
                        f"+IF({dated_hedge(n)},N({L.CARRY_TABLE.ref('Dated cost over horizon', offset)}),0)"),
             fmt.out_cost, costs.futures_cost[i] if has else ""),
            (hedged(a, n, f"{c(TOTALLED[0])}-{c(TOTALLED[1])}"), fmt.out_gain,
             costs.spot_cost[i] - costs.futures_cost[i] if has else ""),
        )
        for col, (formula, style, value) in enumerate(cells, start=T.first_col):
            sheet.write_formula(r - 1, col, formula, style, cached(value))
    sheet.write_string(L.COSTS_TOTAL_ROW, 0, "Total", fmt.total_label)
    sums = (np.nansum(costs.spot_cost), np.nansum(costs.futures_cost), np.nansum(costs.spot_cost - costs.futures_cost))
    for title_, value, style in zip(TOTALLED, sums, (fmt.total_cost, fmt.total_cost, fmt.total_gain)):
        sheet.write_formula(L.COSTS_TOTAL_ROW, T.col(title_), "=" + shielded(f"SUM({T.column(title_).relative()})"),
                            style, cached(value))
    sheet.freeze_panes(T.first_row, 1)
    set_widths(sheet, L.COLUMN_WIDTHS[L.COSTS])
    print_rows(sheet, T, place.rows_used(data), T.first_col + len(T.titles) - 1)
