"""Risk: margin and liquidation price of the position each order leaves, and each asset's P&L after the plan."""

from __future__ import annotations

import numpy as np

from ...app.figures import PlanBook
from ...app.rows import venue_risk_rows
from ...core import stress_pnl
from .. import layout as L
from .formats import Formats, cached, headers, title, write_rows
from .formulas import Placement, guarded, hedged, index, shielded

T, S, R = L.RISK_TABLE, L.STRESS_TABLE, L.REBALANCE_TABLE
SETTINGS_RATE = "Settings rate"
"""What Risk says where a contract's tiers are not known: its one maintenance rate is Settings'."""


def build(book, sheet, fmt: Formats, data: PlanBook, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Risk",
          "Margin and isolated liquidation price of the position each order leaves in its contract (what you hold "
          "there + the order; 0 = cannot be liquidated), in the tier of its size where the contract's tiers are "
          "known (beside Holdings), else at Settings' maintenance rate; P&L of each asset's net position after the "
          "plan.")
    headers(sheet, fmt, T)
    sheet.write_string(S.header_row, S.first_col, S.titles[0], fmt.header)
    for offset, shock in enumerate(L.STRESS_SHOCKS):
        sheet.write_number(S.header_row, L.stress_column(offset), shock, fmt.header_percent)
    costs, plan = data.costs, data.plan
    held = data.held_contracts if data.held_contracts is not None else plan.contracts * 0.0
    idle = np.array([not q.tradable for q in data.quotes], dtype=bool)
    held_now, ordered = np.where(idle, np.nan, held), np.where(idle, np.nan, plan.contracts)
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a, margin, after = c("Asset"), c("Margin"), c("After (contracts)")
        price, inverse = index("Holdings_Price", n), index("Holdings_Inverse", n)
        size, symbol = index("Holdings_ContractSize", n), index("Holdings_Symbol", n)
        venue = index("Holdings_Venue", n)
        caps, rates, leverages = (L.tier_row(titles, offset) for titles in (L.TIER_CAPS, L.TIER_RATES,
                                                                             L.TIER_LEVERAGES))
        source = f"'{L.HOLDINGS}'!{L.TIERS_TABLE.cell(L.TIER_SOURCE, offset).a1(absolute=True)}"
        has = i is not None

        def of(values):
            return values[i] if has else ""

        cells = (
            (f"={R.ref('Asset', offset)}", fmt.out_text, plan.assets[i] if has else ""),
            (hedged(a, n, symbol), fmt.out_text, data.quotes[i].symbol if has and data.quotes[i].tradable else ""),
            (hedged(a, n, f'SUMIFS(Positions_Contracts,Positions_MarkedAs,UPPER(TRIM({venue})&" "&{symbol}))'),
             fmt.out_qty, of(held_now)),
            (hedged(a, n, R.ref("Contracts", offset)), fmt.out_qty, of(ordered)),
            (hedged(a, n, f"{c('Held now (contracts)')}+{c('Order (contracts)')}"), fmt.out_qty,
             of(costs.resulting_contracts)),
            (hedged(a, n, f"{after}*{size}*IF({inverse},1,{price})"), fmt.out_money, of(costs.resulting_notional)),
            (hedged(a, n, f"MARGIN({c('Notional after')},Settings_Leverage,{caps},{leverages})"), fmt.out_money,
             of(costs.margin)),
            (hedged(a, n, f"IF({inverse},{after},{c('Notional after')}/{price})"), fmt.out_qty, of(costs.quantity)),
            (hedged(a, n, f"IF({inverse},{margin}/{price},{margin})"), fmt.out_number, of(costs.collateral)),
            (hedged(a, n, f"LIQPRICE({price},{c('Quantity')},{c('Collateral')},Settings_MaintMargin,0,"
                        f"IF({inverse},{size},0),{caps},{rates})"), fmt.out_money, of(costs.liquidation_price)),
            (hedged(a, n, f"MAINTRATE({c('Notional after')},{caps},{rates},Settings_MaintMargin)"), fmt.out_rate,
             of(costs.maint_margin_rate)),
            (hedged(a, n, f'IF({source}="","{SETTINGS_RATE}",{source})'), fmt.out_text,
             (data.quotes[i].tiers.source if data.quotes[i].tiers else SETTINGS_RATE)
             if has and data.quotes[i].tradable else ""),
        )
        for col, (formula, style, value) in enumerate(cells, start=T.first_col):
            sheet.write_formula(r - 1, col, formula, style, cached(value))
        sheet.write_formula(r - 1, S.first_col, f"={a}", fmt.out_text, cached(plan.assets[i] if has else ""))
        spot, futures, traded = (R.ref(title, offset) for title in ("Spot value", "Futures now", "Order notional"))
        for k, shock in enumerate(L.STRESS_SHOCKS):
            col = L.stress_column(k)
            value = (stress_pnl(plan.spot_values[i], plan.futures_notionals[i] + plan.trade_notionals[i], shock)
                     if has else "")
            shock_cell = L.a1(S.header_row, col, True)
            sheet.write_formula(r - 1, col, guarded(a, f"STRESSPNL({spot},{futures}+{traded},{shock_cell})"),
                                fmt.out_money, cached(value))
    _totals(sheet, fmt, data)
    V = L.VENUE_RISK_TABLE
    headers(sheet, fmt, V)
    sheet.write_string(V.header_row - 1, V.first_col,
                       f"Per venue after the plan (everything on one exchange is lost with it; limit "
                       f"{data.settings.concentration_limit:.0%} of the portfolio, Settings)", fmt.bold)
    write_rows(sheet, V, venue_risk_rows(data), (fmt.out_text, fmt.out_money, fmt.out_money, fmt.out_money,
                                                 fmt.out_money, fmt.out_weight, fmt.out_text))
    sheet.set_column(V.first_col, V.first_col, 12)
    sheet.set_column(V.first_col + 1, V.first_col + len(V.titles) - 2, 14)
    sheet.set_column(V.first_col + len(V.titles) - 1, V.first_col + len(V.titles) - 1, 24)
    _stress_chart(book, sheet, [offset for offset, _, i in place.slots(data) if i is not None])
    sheet.freeze_panes(T.first_row, 1)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, len(T.titles) - 1, 14)
    sheet.set_column(T.col("Tiers from"), T.col("Tiers from"), 36)
    sheet.set_column(len(T.titles), len(T.titles), 3)
    sheet.set_column(S.first_col, S.first_col, 16)
    sheet.set_column(L.stress_column(0), L.stress_column(len(L.STRESS_SHOCKS) - 1), 11)


def _totals(sheet, fmt: Formats, data: PlanBook) -> None:
    plan = data.plan
    sheet.write_string(L.STRESS_TOTAL_AFTER_ROW, S.first_col, "Total after plan", fmt.total_label)
    sheet.write_string(L.STRESS_TOTAL_NOW_ROW, S.first_col, "Total now", fmt.total_label)
    spot_sum = f"SUM({R.sheet}!{R.column('Spot value').relative()})"
    futures_sum = f"SUM({R.sheet}!{R.column('Futures now').relative()})"
    for k, shock in enumerate(L.STRESS_SHOCKS):
        col = L.stress_column(k)
        column = L.Block(S.sheet, S.first_row, col, S.last_row, col)
        after = stress_pnl(plan.spot_values, plan.futures_notionals + plan.trade_notionals, shock).sum()
        sheet.write_formula(L.STRESS_TOTAL_AFTER_ROW, col, "=" + shielded(f"SUM({column.relative()})"), fmt.total_money,
                            cached(after))
        now = stress_pnl(plan.spot_values.sum(), plan.futures_notionals.sum(), shock)
        sheet.write_formula(L.STRESS_TOTAL_NOW_ROW, col,
                            "=" + shielded(f"STRESSPNL({spot_sum},{futures_sum},{L.a1(S.header_row, col, True)})"),
                            fmt.total_money, cached(now))


def _stress_chart(book, sheet, offsets: list[int]) -> None:
    chart = book.add_chart({"type": "column"})
    first_shock, last_shock = L.stress_column(0), L.stress_column(len(L.STRESS_SHOCKS) - 1)
    for offset in offsets:
        row = S.first_row + offset
        chart.add_series({
            "name": [S.sheet, row, S.first_col],
            "categories": [S.sheet, S.header_row, first_shock, S.header_row, last_shock],
            "values": [S.sheet, row, first_shock, row, last_shock],
        })
    chart.set_title({"name": "P&L after the plan, by asset, for a price move"})
    chart.set_x_axis({"num_format": "+0%;-0%", "label_position": "low"})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(L.STRESS_CHART.row, L.STRESS_CHART.col, chart, {"x_scale": 1.4, "y_scale": 1.1})
