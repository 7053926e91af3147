"""Risk: margin and liquidation price of the position each order leaves, and each asset's P&L after the plan."""

from __future__ import annotations

import numpy as np

from ...app.plan import Plan
from ...app.scenarios import SCENARIO_SHOCK
from ...core import stress_pnl
from .. import layout as L
from .formats import Formats, cached, headers, print_rows, set_widths, title, write_array, write_cell
from .formulas import Placement, array_shielded, hedged, index

T, S, R = L.RISK_TABLE, L.STRESS_TABLE, L.REBALANCE_TABLE
EXPLANATION = (
    "Liquidation price 0 = the position cannot be liquidated.",
    "Maintenance margin: the tier of the position's notional at its liquidation price where the contract's tiers are "
    "known (beside Holdings), else the venue's rate on Settings. Deribit's own figure may differ.",
    "The position after is built from the one held: an order that adds averages the entry and adds its margin; one "
    "that reduces keeps the entry and a share of the margin. Cross: the held margin is the account's (wallet + other "
    "cross positions' P&L - their maintenance).",
    "To the right: the P&L of each asset after the plan (coins + futures) for a price move, the whole portfolio "
    "above it, each venue's share.",
    "P&L < 0 (red) = you lose.",
)
"""Above the table, on the left: what the subtitle has no room for."""
SETTINGS_RATE = "Settings rate"
"""What Risk says where a contract's tiers are not known: its one maintenance rate is Settings' (its venue's)."""
DERIBIT_RATE = "Settings rate: Deribit's own figure may differ (portfolio margin, incremental liquidation)"


def tiers_from(data: Plan, i: int) -> str:
    """Where holding ``i``'s maintenance rate comes from: its contract's tiers, else Settings (said of Deribit)."""
    hedge = data.hedges[i]
    if hedge.tiers is not None:
        return hedge.tiers.source
    return DERIBIT_RATE if data.holdings[i].venue == "deribit" else SETTINGS_RATE


def _distance(liquidation: float, price: float):
    """How far the price may move before the position is liquidated, signed (a short's is above 0); blank when
    it cannot be liquidated or that is not known."""
    return liquidation / price - 1 if liquidation > 0 and price > 0 else ""


def held_row(data: Plan, i: int) -> list:
    """What holding ``i``'s hedge contract holds, as :data:`layout.RISK_HELD` shows it: entry (None = not typed),
    margin posted or assumed (cross: the account's collateral for it; None = not known), mode; all None when
    nothing is held or no order may be computed."""
    held = data.held[i] if i < len(data.held) else None
    if held is None or not held.contracts or not data.hedges[i].tradable:
        return [None, None, None]

    def number(value: float):
        return value if value == value else None

    margin = held.cross_collateral if held.cross else held.margin
    return [number(held.entry), number(margin), "cross" if held.cross else "isolated"]


def build(book, sheet, fmt: Formats, data: Plan, shown: dict[str, list], place: Placement = Placement()) -> None:
    """Risk around its blocks of rows, ``shown`` (:func:`hedgebook.excel.regions.write_regions`)."""
    title(sheet, fmt, "Risk",
          "Margin and liquidation price of the position each order leaves in its contract (what you hold there, "
          "at its entry and margin, + the order).")
    for row, line in enumerate(EXPLANATION, start=L.HEADER_ROW):
        sheet.write_string(row, 0, line, fmt.subtitle)
    headers(sheet, fmt, T)
    sheet.write_string(S.header_row, S.first_col, S.titles[0], fmt.header)
    for offset, shock in enumerate(L.STRESS_SHOCKS):
        sheet.write_number(S.header_row, L.stress_column(offset), shock, fmt.header_percent)
    for title_ in S.titles[-2:]:
        sheet.write_string(S.header_row, S.col(title_), title_, fmt.header)
    costs, plan = data.costs, data.rebalance
    held = data.held_contracts if data.held_contracts is not None else plan.contracts * 0.0
    idle = np.array([not q.tradable for q in data.hedges], dtype=bool)
    held_now, ordered = np.where(idle, np.nan, held), np.where(idle, np.nan, plan.contracts)
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a, after = c("Asset"), c("After (contracts)")
        notional_after, quantity = c("Notional after (USD)"), c("Quantity (coins; inverse: contracts)")
        collateral = c("Collateral (USD; inverse: coins)")
        price, inverse = index("Holdings_Price", n), index("Holdings_Inverse", n)
        size, symbol = index("Holdings_ContractSize", n), index("Holdings_Symbol", n)
        venue = index("Holdings_Venue", n)
        caps, rates, leverages = (L.tier_row(titles, offset) for titles in (L.TIER_CAPS, L.TIER_RATES,
                                                                             L.TIER_LEVERAGES))
        source = f"'{L.HOLDINGS}'!{L.TIERS_TABLE.cell(L.TIER_SOURCE, offset).a1(absolute=True)}"
        has = i is not None

        def of(values):
            return values[i] if has else ""

        lots = fmt.lot_quantity(data.hedges[i].lot_size if has else None)

        held_entry, held_margin, mode = c("Held entry (USD)"), c(T.titles[4]), c("Margin mode")
        venue_rate = f"IFERROR(INDEX(Settings_MaintUsed,MATCH({venue},Settings_MaintVenue,0)),Settings_MaintMargin)"
        order, entry_after, liquidation = c("Order (contracts)"), c("Entry after (USD)"), c("Liquidation price (USD)")
        held_values = held_row(data, i) if has else [None] * L.RISK_HELD.cols
        cells = (
            (f"={R.ref('Asset', offset)}", fmt.out_text, plan.assets[i] if has else ""),
            (hedged(a, n, symbol), fmt.out_text, data.hedges[i].symbol if has and data.hedges[i].tradable else ""),
            (hedged(a, n, f'SUMIFS(Positions_Contracts,Positions_MarkedAs,UPPER(TRIM({venue})&" "&{symbol}))'),
             lots, of(held_now)),
            *((None, style, value) for style, value in zip((fmt.out_money, fmt.out_number, fmt.out_text),
                                                           held_values)),
            (hedged(a, n, R.ref("Contracts", offset)), lots, of(ordered)),
            (hedged(a, n, f"{c('Held now (contracts)')}+{order}"), lots, of(costs.resulting_contracts)),
            (hedged(a, n, f'IF({after}=0,"",ENTRYAFTER({c("Held now (contracts)")},{held_entry},{order},{price},'
                          f'{size},{inverse}))'), fmt.out_money, of(costs.entry) if has else ""),
            (hedged(a, n, f"{after}*{size}*IF({inverse},1,{price})"), fmt.out_money, of(costs.resulting_notional)),
            (hedged(a, n, f'IF({mode}="cross",MARGIN({notional_after},Settings_Leverage,{caps},{leverages}),'
                          f'{collateral}*IF({inverse},{price},1))'), fmt.out_money, of(costs.margin)),
            (hedged(a, n, f"IF({inverse},{after},{notional_after}/{price})"), fmt.out_qty, of(costs.quantity)),
            (hedged(a, n, f'IF({mode}="cross",IF({held_margin}="","",{held_margin}),MARGINAFTER('
                          f'{c("Held now (contracts)")},{held_entry},{held_margin},{order},{price},Settings_Leverage,'
                          f'{size},{inverse},{caps},{leverages}))'),
             fmt.out_number, of(costs.collateral) if not (has and data.held[i].cross) else held_values[1]),
            (hedged(a, n, f'IF({collateral}="","",LIQPRICE(IF({after}=0,{price},{entry_after}),{quantity},'
                          f'{collateral},{venue_rate},0,IF({inverse},{size},0),{caps},{rates}))'), fmt.out_money,
             of(costs.liquidation_price)),
            (hedged(a, n, f'IF(OR({liquidation}="",N({liquidation})=0),"",{liquidation}/{price}-1)'), fmt.out_weight,
             _distance(costs.liquidation_price[i], plan.prices[i]) if has else ""),
            (hedged(a, n, f'IF({liquidation}="","",MAINTRATE(IF({inverse},{notional_after},{quantity}*{liquidation}),'
                          f'{caps},{rates},{venue_rate}))'), fmt.out_rate, of(costs.maint_margin_rate)),
            (hedged(a, n, f'IF({source}="",IF({venue}="deribit","{DERIBIT_RATE}","{SETTINGS_RATE}"),{source})'),
             fmt.out_text, tiers_from(data, i) if has and data.hedges[i].tradable else ""),
        )
        for col, (formula, style, value) in enumerate(cells, start=T.first_col):
            if formula is None:  # a value Refresh writes
                write_cell(sheet, r - 1, col, value, style)
            else:
                sheet.write_formula(r - 1, col, formula, style, cached(value))
        sheet.write_formula(r - 1, S.first_col, f"={a}", fmt.out_text, cached(plan.assets[i] if has else ""))
    _stress_table(book, sheet, fmt, data, place)
    _portfolio_stress(sheet, fmt, data)
    V = L.VENUE_RISK_TABLE
    headers(sheet, fmt, V)
    sheet.write_string(V.header_row - 1, V.first_col,
                       f"Per venue after the plan (everything on one exchange is lost with it; limit "
                       f"{data.settings.concentration_limit:.0%} of the portfolio, Settings)", fmt.bold)
    C = L.SCENARIO_TABLE
    headers(sheet, fmt, C, height=42)
    sheet.write_string(C.header_row - 1, C.first_col,
                       f"If one asset moves {SCENARIO_SHOCK:+.0%} (whole portfolio; β from each History block's "
                       "daily spot closes): what the plan changes", fmt.bold)
    set_widths(sheet, L.COLUMN_WIDTHS[L.RISK])
    _stress_chart(book, sheet, place.rows_used(data))
    sheet.freeze_panes(T.first_row, 1)
    chart_rows = 17  # the chart's height, in rows of the default height
    print_rows(sheet, T, place.rows_used(data), L.STRESS_CHART.col + 8,
               minimum_last_row=max(L.STRESS_CHART.row + chart_rows, C.first_row + len(shown["scenarios"])))


def stress_formula(spot: str, futures: str, shocks: str, orders: str = "") -> str:
    """One call for a whole block of the stress table: ``STRESSPNL`` of the holdings' columns by the moves; where
    the functions are missing, "needs add-in" in the rows that have an asset."""
    S = L.STRESS_TABLE
    call = f"STRESSPNL({spot},{futures},{shocks}{',' + orders if orders else ''})"
    return "=" + array_shielded(call, S.column(S.titles[0]).relative())


def _stress_table(book, sheet, fmt: Formats, data: Plan, place: Placement) -> None:
    """The stress table in three calls, each an array over the 100 holding rows: every move, then the coins' and
    the futures' part at the chart's move; each cell carries its value."""
    S, plan = L.STRESS_TABLE, data.rebalance
    book.define_name(L.SHOCKS_NAME, "=" + L.shocks_row(S.header_row).ref())
    # whole columns by reference: `formulas` (the headless evaluation) fails to dispatch a defined name over this
    # column of formulas in the full workbook, though Excel and LibreOffice read either
    spot, futures, orders = (L.REBALANCE_TABLE.column(t).ref() for t in ("Spot value", "Futures now",
                                                                          "Order notional"))
    by_offset = {offset: i for offset, _, i in place.slots(data) if i is not None}
    chart = L.a1(S.header_row, L.stress_column(L.STRESS_SHOCKS.index(L.CHART_SHOCK)), True)

    def block(spot_of, futures_of, shocks):
        return [[stress_pnl(spot_of(i), futures_of(i), shock) if i is not None else "" for shock in shocks]
                for i in (by_offset.get(offset) for offset in range(S.max_rows))]

    after = lambda i: plan.futures_notionals[i] + plan.trade_notionals[i]  # noqa: E731
    coins = lambda i: plan.spot_values[i]  # noqa: E731
    write_array(sheet, S.first_row, L.stress_column(0), stress_formula(spot, futures, L.SHOCKS_NAME, orders),
                fmt.out_gain, block(coins, after, L.STRESS_SHOCKS))
    write_array(sheet, S.first_row, S.col(S.titles[-2]), stress_formula(spot, "0", chart), fmt.out_gain,
                block(coins, lambda i: 0.0, (L.CHART_SHOCK,)))
    write_array(sheet, S.first_row, S.col(S.titles[-1]), stress_formula("0", futures, chart, orders), fmt.out_gain,
                block(lambda i: 0.0, after, (L.CHART_SHOCK,)))


def _portfolio_stress(sheet, fmt: Formats, data: Plan) -> None:
    """The whole portfolio for each price move: the coins alone, the futures after the plan, both; and both now."""
    plan, P = data.rebalance, L.PORTFOLIO_STRESS
    headers(sheet, fmt, P, titles=P.titles[:1])
    for offset, shock in enumerate(L.STRESS_SHOCKS):
        sheet.write_number(P.header_row, L.stress_column(offset), shock, fmt.header_percent)
    spot_sum, futures_sum, traded_sum = (f"SUM({R.sheet}!{R.column(t).relative()})"
                                        for t in ("Spot value", "Futures now", "Order notional"))
    # as the sheet's SUMs do: a figure that cannot be computed is a blank cell, and counts for nothing
    spot, now = np.nansum(plan.spot_values), np.nansum(plan.futures_notionals)
    after = np.nansum(plan.futures_notionals + plan.trade_notionals)
    lines = (  # (spot argument, futures argument, their values), in PORTFOLIO_STRESS_TITLES order
        (spot_sum, "0", spot, 0.0),
        ("0", f"{futures_sum}+{traded_sum}", 0.0, after),
        (spot_sum, f"{futures_sum}+{traded_sum}", spot, after),
        (spot_sum, futures_sum, spot, now),
    )
    shocks = L.shocks_row(P.header_row).relative()
    for row, (label, (spot_arg, futures_arg, spot_value, futures_value)) in enumerate(
            zip(L.PORTFOLIO_STRESS_TITLES, lines, strict=True), start=P.first_row):
        total = label.startswith("Total after")
        sheet.write_string(row, P.first_col, label, fmt.total_label if total else fmt.out_text)
        formula = "=" + array_shielded(f"STRESSPNL({spot_arg},{futures_arg},{shocks})")
        write_array(sheet, row, L.stress_column(0), formula,
                    fmt.total_gain if total else fmt.out_gain,
                    [[stress_pnl(spot_value, futures_value, shock) for shock in L.STRESS_SHOCKS]])


def _stress_chart(book, sheet, rows_used: int) -> None:
    """The hedge at work, by asset, if every coin falls by :data:`layout.CHART_SHOCK`: the coins' P&L, the
    futures' after the plan, and the net."""
    rows = max(rows_used, 1)
    chart = book.add_chart({"type": "column"})
    net = L.stress_column(L.STRESS_SHOCKS.index(L.CHART_SHOCK))
    coins, futures = S.col(S.titles[-2]), S.col(S.titles[-1])
    for name, col, color in (("Coins", coins, "#A5A5A5"), ("Futures after plan", futures, "#C55A11"),
                             ("Net", net, "#1F3864")):
        chart.add_series({
            "name": name,
            "categories": [S.sheet, S.first_row, S.first_col, S.first_row + rows - 1, S.first_col],
            "values": [S.sheet, S.first_row, col, S.first_row + rows - 1, col],
            "fill": {"color": color},
        })
    chart.set_title({"name": f"If every coin moves {L.CHART_SHOCK:+.0%}: coins, futures and net P&L, by asset"})
    chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(L.STRESS_CHART.row, L.STRESS_CHART.col, chart, {"x_scale": 1.2, "y_scale": 1.1})
