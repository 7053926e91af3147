"""Rebalance: the plan as worksheet functions over the Holdings names, and the weights chart.

A hedge sized by its hedge ratio β (Settings' Hedge sizing ``beta``, or a
cross hedge, always) reads β from Carry's history block: futures count as
notional / β of the asset's exposure, and an order is β × the gap.  Without
a β above 0 its order is withheld.
"""

from __future__ import annotations

from ...app.plan import SIDE_NO_HEDGE, SIDE_WITHHELD, Plan
from .. import layout as L
from .formats import Formats, cached, define, headers, set_widths, title
from .formulas import Placement, guarded, index, shielded, sizing_ratio

T = L.REBALANCE_TABLE
H = L.CARRY_HISTORY_TABLE
HISTORY_BETA, HISTORY_FIT = "Hedge ratio (beta)", "Hedge effectiveness (R²)"
"""Carry's history columns the β and R² of Rebalance read."""


def hedge_ratio_formula(offset: int, cross: bool) -> str:
    """The β a holding's order is sized by: Carry's β from its history where Hedge sizing is ``beta`` (a cross
    hedge's ``cross`` formula always), else 1; blank where the β needed is unknown, outside Settings' β lowest to
    β highest, or its R² is below Settings' R² lowest."""
    a = f"${T.letter('Asset')}{T.first_row + offset + 1}"
    beta, fit = H.ref(HISTORY_BETA, offset), H.ref(HISTORY_FIT, offset)
    trusted = f"AND({beta}>=Settings_BetaMin,{beta}<=Settings_BetaMax,N({fit})>=Settings_MinFit)"
    measured = f'IF(ISNUMBER({beta}),IF({trusted},{beta},""),"")'
    return guarded(a, measured if cross else f'IF(Settings_HedgeSizing="beta",{measured},1)')


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Rebalance",
          "Futures that bring each asset's net exposure (spot + futures / β) to its target weight. USD; short < 0. "
          "Futures now: Positions, marked.")
    plan = data.rebalance
    ratios = plan.hedge_ratios if plan.hedge_ratios is not None else [1.0] * len(plan.assets)
    pv = L.PORTFOLIO_VALUE_NAME
    sheet.write_string(L.PORTFOLIO_VALUE_LABEL.row, L.PORTFOLIO_VALUE_LABEL.col, "Portfolio value", fmt.bold)
    sheet.write_formula(L.PORTFOLIO_VALUE.row, L.PORTFOLIO_VALUE.col, f"=SUM({T.column('Spot value').relative()})",
                        fmt.out_money, plan.portfolio_value)
    define(book, pv, L.PORTFOLIO_VALUE)
    headers(sheet, fmt, T)
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a = "$" + c("Asset")
        price, size = index("Holdings_Price", n), index("Holdings_ContractSize", n)
        lot, inverse = index("Holdings_LotSize", n), index("Holdings_Inverse", n)
        hedge, pending = index("Holdings_Hedge", n), L.POSITIONS_PENDING_NAME
        beta = c(L.HEDGE_RATIO_TITLE)
        ratio = sizing_ratio(beta)
        too_large = f"ABS({c('Hedge notional')})>Settings_SizeLimit*{pv}"
        idle = f'OR({price}="",{pending}>0,{beta}="",{too_large})'
        no_order = (f'IF(LEFT({hedge},{len(SIDE_NO_HEDGE)})="{SIDE_NO_HEDGE}","{SIDE_NO_HEDGE}","{SIDE_WITHHELD}")')
        target, contracts, sized = c("Target weight"), c("Contracts"), c("Sized (contracts)")
        kept = c("Futures kept")
        exposure = f"({c('Spot value')}+{kept}/{ratio})"  # what the order is sized from: the rest is closed
        min_qty, min_notional = index("Holdings_MinQty", n), index("Holdings_MinNotional", n)
        inside_band = f"ABS({exposure}/{pv}-{target})<=Settings_NoTradeBand"
        too_small = (f"OR(ABS({sized})<N({min_qty}),ABS({sized}*{size}*IF({inverse},1,{price}))<N({min_notional}))")
        has = i is not None
        lot_format = fmt.lot_quantity(data.hedges[i].lot_size if has else None)
        cells = (
            (f'=IF({index("Holdings_Asset", n)}="","",{index("Holdings_Asset", n)})', fmt.out_text,
             plan.assets[i] if has else ""),
            (guarded(a, f"({index('Holdings_Qty', n)}+SUMIF(Positions_Asset,{index('Holdings_Asset', n)},"
                        "Positions_PnLCoins))"
                        f"*{index('Holdings_SpotPrice', n)}"), fmt.out_money,
             plan.spot_values[i] if has else ""),
            (guarded(a, f"SUMIF(Positions_Asset,{a},Positions_Notional)"), fmt.out_money,
             plan.futures_notionals[i] if has else ""),
            (guarded(a, f"NETEXPOSURE({c('Spot value')},{c('Futures now')}/{ratio})"), fmt.out_money,
             plan.current_weights[i] * plan.portfolio_value if has else ""),
            (guarded(a, f"NETEXPOSURE({c('Spot value')},{c('Futures now')}/{ratio},{pv})"), fmt.out_weight,
             plan.current_weights[i] if has else ""),
            (guarded(a, index("Holdings_Target", n)), fmt.out_weight, plan.target_weights[i] if has else ""),
            (guarded(a, f"HEDGENOTIONAL({exposure},{target},{pv},{ratio})"), fmt.out_money,
             ratios[i] * plan.target_weights[i] * plan.portfolio_value - ratios[i] * plan.spot_values[i]
             - _kept_value(data, i) if has else ""),
            (guarded(a, f'IF({idle},0,HEDGESIZE({exposure},{target},{pv},{price},{size},{lot},{inverse},{ratio}))'),
             lot_format, data.sized_contracts[i] if has else ""),
            (guarded(a, f"IF(OR({sized}=0,{inside_band},{too_small}),0,{sized})"), lot_format,
             plan.contracts[i] if has else ""),
            (guarded(a, f'IF({idle},0,{contracts}*{size}*IF({inverse},1,{price}))'), fmt.out_money,
             plan.trade_notionals[i] if has else ""),
            (guarded(a, f'IF({price}="",{no_order},IF(OR({pending}>0,{beta}="",{too_large}),"{SIDE_WITHHELD}",'
                        f'IF({contracts}<0,"sell",IF({contracts}>0,"buy",'
                        f'IF(AND({sized}<>0,NOT({inside_band})),"{SIDE_WITHHELD}","none")))))'),
             fmt.out_text, data.sides[i] if has else ""),
            (guarded(a, f"NETEXPOSURE({c('Spot value')},({kept}+{c('Order notional')})/{ratio},{pv})"),
             fmt.out_weight, plan.post_trade_weights[i] if has else ""),
            (hedge_ratio_formula(offset, has and bool(data.hedges[i].cross_asset)), fmt.out_ratio,
             _beta_value(data, i) if has else ""),
            (guarded(a, f'IF(ISNUMBER({H.ref(HISTORY_FIT, offset)}),{H.ref(HISTORY_FIT, offset)},"")'), fmt.out_weight,
             _fit_value(data, i) if has else ""),
            (guarded(a, f'IF({index("Holdings_Price", n)}="",{c("Futures now")},SUMIFS(Positions_Notional,'
                        f'Positions_Asset,{a},Positions_MarkedAs,UPPER(TRIM({index("Holdings_Venue", n)})&" "&'
                        f'{index("Holdings_Symbol", n)})))'), fmt.out_money, _kept_value(data, i) if has else ""),
        )
        for col, (formula, style, value) in enumerate(cells, start=T.first_col):
            sheet.write_formula(r - 1, col, formula, style, cached(value))
    book.define_name(L.HEDGE_RATIO_NAME, "=" + T.column(L.HEDGE_RATIO_TITLE).ref())
    _cash_row(sheet, fmt, data)
    _weights_chart(book, sheet, max(1, place.rows_used(data)))
    sheet.freeze_panes(T.first_row, 1)
    chart_rows = 17  # the chart's height, in rows of the default height
    sheet.print_area(0, 0, max(T.first_row + place.rows_used(data), L.REBALANCE_CHART.row + chart_rows),
                     L.REBALANCE_CHART.col + 8)
    sheet.repeat_rows(L.TITLE_ROW, T.header_row)
    set_widths(sheet, L.COLUMN_WIDTHS[L.REBALANCE])


def _beta_value(data: Plan, i: int):
    """The cached value of a row's β cell: the β sized by, blank where the β needed cannot be used."""
    fit = data.sizing(i)
    return fit.ratio if not fit.by_history or not fit.problem else ""


def _kept_value(data: Plan, i: int):
    """The cached value of a row's Futures kept: what stays once the plan closes what the holding holds outside its
    hedge contract (all of its futures where nothing is closed or no order is computed)."""
    kept = data.futures_kept[i] if data.futures_kept is not None else data.rebalance.futures_notionals[i]
    return float(kept) if data.hedges[i].tradable else float(data.rebalance.futures_notionals[i])


def _fit_value(data: Plan, i: int):
    """The cached value of a row's R² cell: its history's, blank without one."""
    effectiveness = data.sizing(i).effectiveness
    return effectiveness if effectiveness == effectiveness else ""


def _cash_row(sheet, fmt: Formats, data: Plan) -> None:
    """The part of the portfolio exposed to no asset (hedged to USD): now, as targeted, after the orders."""
    plan = data.rebalance
    row = L.CASH_ROW
    sheet.write_string(row, T.col("Asset"), "Cash", fmt.bold)
    sheet.write_string(row, T.col("Spot value"), "not exposed to any asset:", fmt.subtitle)
    for heading, weights in (("Weight now", plan.current_weights), ("Target weight", plan.target_weights),
                             ("Weight after", plan.post_trade_weights)):
        column = T.column(heading).relative()
        sheet.write_formula(row, T.col(heading), "=" + shielded(f"1-SUM({column})"), fmt.out_weight,
                            1.0 - float(weights.sum()))


def _weights_chart(book, sheet, count: int) -> None:
    chart = book.add_chart({"type": "column"})
    for name, column, color in (("Weight now", "Weight now", "#A5A5A5"), ("Target weight", "Target weight", "#1F3864"),
                                ("Weight after", "Weight after", "#5B9BD5")):
        chart.add_series({
            "name": name,
            "categories": T.column("Asset", rows=count).ref(),
            "values": T.column(column, rows=count).ref(),
            "fill": {"color": color},
        })
    chart.set_title({"name": "Weights: now, target, after the futures"})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(L.REBALANCE_CHART.row, L.REBALANCE_CHART.col, chart, {"x_scale": 1.3, "y_scale": 1.1})
