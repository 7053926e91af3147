"""Rebalance: the plan as worksheet functions over the Holdings names, and the weights chart.

A hedge sized by its hedge ratio β (Settings' Hedge sizing ``beta``, or a
cross hedge, always) reads β from Carry's history block: futures count as
notional / β of the asset's exposure, and an order is β × the gap.  Without
a β above 0 its order is withheld.
"""

from __future__ import annotations

from ...app.plan import SIDE_NO_HEDGE, SIDE_WITHHELD, Plan
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, cached, define, headers, set_widths, title, write_array
from .formulas import Placement, array_shielded, guarded, holding, index, shielded, sizing_ratio

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
    sized_by = measured if cross else f'IF(Settings_HedgeSizing="beta",{measured},1)'
    # unshielded: where the functions are missing Carry's β is text, so the β is blank and the order withheld
    return f'=IF({a}="","",{sized_by})'


ARRAY_TITLES = ("Weight now", "Hedge notional", "Sized (contracts)", "Weight after")
"""The columns that call hedgebook's functions: each one array formula over the holding rows."""


def array_formulas() -> dict[str, str]:
    """Each column of :data:`ARRAY_TITLES` as one legacy array formula over its 100 rows (a blank row gives blank
    cells; where the functions are missing, "needs add-in" in the rows with an asset).

    An order is sized from the exposure it leaves in place (Exposure sized: the coins and the futures kept, over
    β), blank where β is needed and unknown, so that no size is computed from it."""
    def col(title: str) -> str:
        return T.column(title).relative()

    pv, beta, sized_from, target = L.PORTFOLIO_VALUE_NAME, col(L.HEDGE_RATIO_TITLE), col("Exposure sized"), col(
        "Target weight")
    calls = {
        "Weight now": f"NETEXPOSURE({col('Spot value')},{col('Futures now')},{pv},{beta})",
        "Hedge notional": f"HEDGENOTIONAL({sized_from},{target},{pv},{beta})",
        "Sized (contracts)": f"HEDGESIZE({sized_from},{target},{pv},Holdings_Price,Holdings_ContractSize,"
                             f"Holdings_LotSize,Holdings_Inverse,{beta})",
        "Weight after": f"NETEXPOSURE({col('Spot value')},{col('Futures kept')},{pv},{beta},{col('Order notional')})",
    }
    return {title: "=" + array_shielded(call, col("Asset")) for title, call in calls.items()}


def row_formulas(offset: int) -> dict[str, str]:
    """The formulas of row ``offset`` (0-based) in the columns that are not arrays: what the plan reads from the
    inputs, and the rules that turn a size into an order (or withhold it)."""
    r = T.first_row + offset + 1

    def c(title: str) -> str:
        return f"{T.letter(title)}{r}"

    def h(name: str) -> str:
        return holding(name, offset)

    n, a, pv, pending = offset + 1, "$" + c("Asset"), L.PORTFOLIO_VALUE_NAME, L.POSITIONS_PENDING_NAME
    price, size, inverse = h("Holdings_Price"), h("Holdings_ContractSize"), h("Holdings_Inverse")
    beta, sized, contracts, withheld = c(L.HEDGE_RATIO_TITLE), c("Sized (contracts)"), c("Contracts"), c("Withheld")
    off_target = f"ABS(N({c('Exposure sized')})/{pv}-{c('Target weight')})"  # the weight the order would close
    no_order = (f'IF(LEFT({h("Holdings_Hedge")},{len(SIDE_NO_HEDGE)})="{SIDE_NO_HEDGE}","{SIDE_NO_HEDGE}",'
                f'"{SIDE_WITHHELD}")')
    too_large = f"ABS(N({c('Hedge notional')}))>Settings_SizeLimit*{pv}"
    asset = index("Holdings_Asset", n)
    return {
        "Asset": f'=IF({asset}="","",{asset})',
        "Spot value": guarded(a, f"({h('Holdings_Qty')}+SUMIF(Positions_Asset,{h('Holdings_Asset')},"
                                 f"Positions_PnLCoins))*{h('Holdings_SpotPrice')}"),
        "Futures now": guarded(a, f"SUMIF(Positions_Asset,{h('Holdings_Asset')},Positions_Notional)"),
        "Net exposure": guarded(a, f"{c('Spot value')}+{c('Futures now')}/{sizing_ratio(beta)}"),
        "Target weight": guarded(a, h("Holdings_Target")),
        "Contracts": guarded(a, f'IF(OR({withheld}<>"",N({sized})=0,{off_target}<=Settings_NoTradeBand,'
                                f'ABS(N({sized}))<N({h("Holdings_MinQty")}),'
                                f'ABS({c("Sized notional")})<N({h("Holdings_MinNotional")})),0,{sized})'),
        "Order notional": guarded(a, f'IF({contracts}=0,0,{c("Sized notional")})'),
        "Side": guarded(a, f'IF({withheld}<>"",{withheld},IF({contracts}<0,"sell",IF({contracts}>0,"buy",'
                           f'IF(AND(N({sized})<>0,{off_target}>Settings_NoTradeBand),"{SIDE_WITHHELD}","none"))))'),
        L.HEDGE_RATIO_TITLE: hedge_ratio_formula(offset, False),
        HISTORY_FIT: guarded(a, f'IF(ISNUMBER({H.ref(HISTORY_FIT, offset)}),{H.ref(HISTORY_FIT, offset)},"")'),
        "Futures kept": guarded(a, f'IF({price}="",{c("Futures now")},SUMIFS(Positions_Notional,Positions_Asset,{a},'
                                   f'Positions_MarkedAs,UPPER(TRIM({h("Holdings_Venue")})&" "&'
                                   f'{h("Holdings_Symbol")})))'),
        "Exposure sized": guarded(a, f'IF(ISNUMBER({beta}),{c("Spot value")}+{c("Futures kept")}/{beta},"")'),
        "Sized notional": guarded(a, f"IF(N({sized})=0,0,{sized}*{size}*IF({inverse},1,{price}))"),
        # no function's result but through N(): the one cell of the row that needs no "needs add-in"
        "Withheld": f'=IF({a}="","",IF({price}="",{no_order},IF(OR({beta}="",{pending}>0,{too_large}),'
                    f'"{SIDE_WITHHELD}","")))',
    }


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Rebalance",
          "Futures that bring each asset's net exposure (spot + futures / β) to its target weight. USD; short < 0. "
          "Futures now: Positions, marked.")
    plan = data.rebalance
    pv = L.PORTFOLIO_VALUE_NAME
    sheet.write_string(L.PORTFOLIO_VALUE_LABEL.row, L.PORTFOLIO_VALUE_LABEL.col, "Portfolio value", fmt.bold)
    sheet.write_formula(L.PORTFOLIO_VALUE.row, L.PORTFOLIO_VALUE.col, f"=SUM({T.column('Spot value').relative()})",
                        fmt.out_money, plan.portfolio_value)
    define(book, pv, L.PORTFOLIO_VALUE)
    headers(sheet, fmt, T)
    values, lots = {heading: [] for heading in ARRAY_TITLES}, []
    for offset, _, i in place.slots(data):
        row = _row_values(data, i) if i is not None else dict.fromkeys(T.titles, "")
        lots.append(fmt.lot_quantity(data.hedges[i].lot_size if i is not None else None))
        styles = _styles(fmt, lots[-1])
        for heading, formula in row_formulas(offset).items():
            if heading == L.HEDGE_RATIO_TITLE and i is not None and data.hedges[i].cross_asset:
                formula = hedge_ratio_formula(offset, True)  # a cross hedge is always sized by β
            sheet.write_formula(T.first_row + offset, T.col(heading), formula, styles[heading], cached(row[heading]))
        for heading in ARRAY_TITLES:
            values[heading].append([row[heading]])
    styles = _styles(fmt, fmt.lot_quantity(None))
    for heading, formula in array_formulas().items():
        write_array(sheet, T.first_row, T.col(heading), formula, styles[heading], values[heading],
                    lots if heading == "Sized (contracts)" else None)
    book.define_name(L.HEDGE_RATIO_NAME, "=" + T.column(L.HEDGE_RATIO_TITLE).ref())
    _cash_row(sheet, fmt, data)
    _weights_chart(book, sheet, max(1, place.rows_used(data)))
    sheet.freeze_panes(T.first_row, 1)
    chart_rows = 17  # the chart's height, in rows of the default height
    sheet.print_area(0, 0, max(T.first_row + place.rows_used(data), L.REBALANCE_CHART.row + chart_rows),
                     L.REBALANCE_CHART.col + 8)
    sheet.repeat_rows(L.TITLE_ROW, T.header_row)
    set_widths(sheet, COLUMN_WIDTHS[L.REBALANCE])


def _styles(fmt: Formats, lot_format) -> dict:
    """Each column's cell style (contract counts in the hedge's lot)."""
    money, weight = fmt.out_money, fmt.out_weight
    return {"Asset": fmt.out_text, "Spot value": money, "Futures now": money, "Net exposure": money,
            "Weight now": weight, "Target weight": weight, "Hedge notional": money, "Sized (contracts)": lot_format,
            "Contracts": lot_format, "Order notional": money, "Side": fmt.out_text, "Weight after": weight,
            L.HEDGE_RATIO_TITLE: fmt.out_ratio, HISTORY_FIT: weight, "Futures kept": money, "Exposure sized": money,
            "Sized notional": money, "Withheld": fmt.out_text}


def _row_values(data: Plan, i: int) -> dict:
    """The cached value of each cell of holding ``i``'s row, as the formulas compute them."""
    plan, hedge = data.rebalance, data.hedges[i]
    beta = _beta_value(data, i)
    kept = _kept_value(data, i)
    ratio = beta if beta != "" else 1.0
    sized_from = plan.spot_values[i] + kept / ratio if beta != "" else ""
    return {
        "Asset": plan.assets[i], "Spot value": plan.spot_values[i], "Futures now": plan.futures_notionals[i],
        "Net exposure": plan.spot_values[i] + plan.futures_notionals[i] / ratio,
        "Weight now": plan.current_weights[i], "Target weight": plan.target_weights[i],
        "Hedge notional": ratio * (plan.target_weights[i] * plan.portfolio_value - sized_from) if beta != "" else "",
        "Sized (contracts)": data.sized_contracts[i] if hedge.tradable else "",
        "Contracts": plan.contracts[i], "Order notional": plan.trade_notionals[i], "Side": data.sides[i],
        "Weight after": plan.post_trade_weights[i], L.HEDGE_RATIO_TITLE: beta, HISTORY_FIT: _fit_value(data, i),
        "Futures kept": kept, "Exposure sized": sized_from,
        "Sized notional": _sized_notional(data, i) if hedge.tradable else 0.0,
        "Withheld": "" if hedge.tradable else SIDE_NO_HEDGE if hedge.no_hedge else SIDE_WITHHELD,
    }


def _sized_notional(data: Plan, i: int) -> float:
    """USD of the order as sized, before the no-trade band and the venue's minimum: contracts × size × price (an
    inverse contract's size is in USD)."""
    hedge = data.hedges[i]
    per_contract = hedge.contract_size * (1.0 if hedge.inverse else hedge.price)
    return float(data.sized_contracts[i] * per_contract)


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
