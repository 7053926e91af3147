"""Risk: margin and liquidation price of the position each order leaves, and each asset's P&L after the plan."""

from __future__ import annotations

import math

import numpy as np

from ...app.accounts import liquidation_check
from ...app.plan import Plan
from ...app.scenarios import SCENARIO_SHOCK
from ...core import stress_pnl
from .. import layout as L
from ..udfs_margin import MARGIN, MARGINAFTER
from ..widths import COLUMN_WIDTHS
from .formats import Formats, cached, headers, print_rows, set_widths, title, write_array, write_cell
from .formulas import Placement, array_shielded, hedged, holding

T, S, R = L.RISK_TABLE, L.STRESS_TABLE, L.REBALANCE_TABLE
EXPLANATION = (
    "Liquidation price 0 = the position cannot be liquidated. At the table's end, the venue's own liquidation price "
    "for what you hold now (Import positions reads it): where it and hedgebook's differ by more than 1 %, trust it.",
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
DERIBIT_RATE = "Settings rate; Deribit's own may differ"


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


def venue_row(data: Plan, i: int) -> list:
    """The venue's own liquidation price for the position holding ``i``'s hedge contract holds now (as
    ``hedgebook accounts`` read it; the largest where it holds two), and how hedgebook's for that position compares,
    as :data:`layout.RISK_VENUE` shows them; None, None when the venue reported none."""
    hedge, venue = data.hedges[i], data.holdings[i].venue
    found = [(abs(m.contracts), m.position.venue_liquidation_price, risk)
             for m, risk in zip(data.positions, data.position_risks)
             if m.venue == venue and m.symbol and m.symbol == hedge.symbol and m.position.venue_liquidation_price > 0]
    if not found or not hedge.symbol:
        return [None, None]
    _, price, risk = max(found, key=lambda item: item[0])
    return [price, liquidation_check(price, risk.liquidation_price if not risk.problem else math.nan)]


VENUE_TITLES = L.RISK_TABLE.titles[L.RISK_VENUE.first_col - L.RISK_TABLE.first_col:]
ISOLATED_AFTER = "Isolated margin after (USD; inverse: coins)"
ARRAY_TITLES = ("Entry after (USD)", "Initial margin (USD)", ISOLATED_AFTER, "Liquidation price (USD)", "Maint. rate")
"""The columns that call hedgebook's functions: each one array formula over the holding rows (a row's own tiers
are its row of the tier blocks beside Holdings)."""


def array_formulas() -> dict[str, str]:
    """Each column of :data:`ARRAY_TITLES` as one legacy array formula over its 100 rows."""
    def col(title: str) -> str:
        return T.column(title).relative()

    held, entry, margin, order = (col(t) for t in ("Held now (contracts)", "Held entry (USD)", T.titles[4],
                                                    "Order (contracts)"))
    contract = "Holdings_ContractSize,Holdings_Inverse"
    calls = {
        "Entry after (USD)": f'IF({col("After (contracts)")}=0,"",ENTRYAFTER({held},{entry},{order},Holdings_Price,'
                             f'{contract}))',
        "Initial margin (USD)": f"MARGIN({col('Notional after (USD)')},Settings_Leverage,Tiers_Caps,"
                                "Tiers_Leverages)",
        ISOLATED_AFTER: f"MARGINAFTER({held},{entry},{margin},{order},Holdings_Price,Settings_Leverage,{contract},"
                        "Tiers_Caps,Tiers_Leverages)",
        "Liquidation price (USD)": f"LIQPRICE({col('Entry after (USD)')},{col(T.titles[11])},{col(T.titles[12])},"
                                   f"{col('Settings rate')},0,IF(Holdings_Inverse,Holdings_ContractSize,0),"
                                   "Tiers_Caps,Tiers_Rates)",
        "Maint. rate": f"MAINTRATE({col('Notional at liquidation (USD)')},Tiers_Caps,Tiers_Rates,"
                       f"{col('Settings rate')})",
    }
    return {title: "=" + array_shielded(call, col("Asset")) for title, call in calls.items()}


def row_formulas(offset: int) -> dict[str, str | None]:
    """The formulas of row ``offset`` (0-based) in the columns that are not arrays (None: a value Refresh writes):
    the position after the order, and which margin and collateral the liquidation reads (a cross position's are
    its account's, an isolated one's what it posts after the order)."""
    r, n = T.first_row + offset + 1, offset + 1

    def c(title: str) -> str:
        return f"{T.letter(title)}{r}"

    def h(name: str) -> str:
        return holding(name, offset)

    a, after, mode, held_margin = c("Asset"), c("After (contracts)"), c("Margin mode"), c(T.titles[4])
    price, inverse, size, symbol, venue = (h(name) for name in ("Holdings_Price", "Holdings_Inverse",
                                                                "Holdings_ContractSize", "Holdings_Symbol",
                                                                "Holdings_Venue"))
    collateral, liquidation, quantity = c(T.titles[12]), c("Liquidation price (USD)"), c(T.titles[11])
    source = L.TIERS_TABLE.ref(L.TIER_SOURCE, offset)
    return {
        "Asset": f"={R.ref('Asset', offset)}",
        "Hedge contract": hedged(a, n, symbol),
        "Held now (contracts)": hedged(a, n, f'SUMIFS(Positions_Contracts,Positions_MarkedAs,UPPER(TRIM({venue})&" "&'
                                             f'{symbol}))'),
        **dict.fromkeys(T.titles[3:6]),
        "Order (contracts)": hedged(a, n, R.ref("Contracts", offset)),
        "After (contracts)": hedged(a, n, f"{c('Held now (contracts)')}+{c('Order (contracts)')}"),
        "Notional after (USD)": hedged(a, n, f"{after}*{size}*IF({inverse},1,{price})"),
        "Margin (USD)": hedged(a, n, f'IF({mode}="cross",{c("Initial margin (USD)")},IF({collateral}="","",'
                                     f'{collateral}*IF({inverse},{price},1)))'),
        T.titles[11]: hedged(a, n, f"IF({inverse},{after},{c('Notional after (USD)')}/{price})"),
        T.titles[12]: hedged(a, n, f'IF({mode}="cross",IF({held_margin}="","",{held_margin}),{c(ISOLATED_AFTER)})'),
        "Mark to liquidation": hedged(a, n, f'IF(N({liquidation})=0,"",{liquidation}/{price}-1)'),
        "Tiers from": hedged(a, n, f'IF({source}="",IF({venue}="deribit","{DERIBIT_RATE}","{SETTINGS_RATE}"),'
                                   f'{source})'),
        "Settings rate": hedged(a, n, f"IFERROR(INDEX(Settings_MaintUsed,MATCH({venue},Settings_MaintVenue,0)),"
                                      "Settings_MaintMargin)"),
        "Notional at liquidation (USD)": hedged(a, n, f'IF(N({liquidation})=0,"",IF({inverse},'
                                                      f'{c("Notional after (USD)")},{quantity}*{liquidation}))'),
        **dict.fromkeys(L.RISK_TABLE.titles[L.RISK_VENUE.first_col - T.first_col:]),
    }


def _styles(fmt: Formats, lots) -> dict:
    """Each column's cell style (contract counts in the hedge's lot)."""
    money = fmt.out_money
    return {"Asset": fmt.out_text, "Hedge contract": fmt.out_text, "Held now (contracts)": lots,
            "Held entry (USD)": money, T.titles[4]: fmt.out_number, "Margin mode": fmt.out_text,
            "Order (contracts)": lots, "After (contracts)": lots, "Entry after (USD)": money,
            "Notional after (USD)": money, "Margin (USD)": money, T.titles[11]: fmt.out_qty,
            T.titles[12]: fmt.out_number, "Liquidation price (USD)": money, "Mark to liquidation": fmt.out_weight,
            "Maint. rate": fmt.out_rate, "Tiers from": fmt.out_text, "Settings rate": fmt.out_rate,
            "Initial margin (USD)": money, ISOLATED_AFTER: fmt.out_number, "Notional at liquidation (USD)": money,
            VENUE_TITLES[0]: money, VENUE_TITLES[1]: fmt.out_text}


def _row_values(data: Plan, i: int, held_now, ordered) -> dict:
    """The cached value of each cell of holding ``i``'s row, as the formulas compute them."""
    costs, plan, hedge = data.costs, data.rebalance, data.hedges[i]
    tradable = hedge.tradable
    held_values = held_row(data, i)
    cross = data.held[i].cross if i < len(data.held) else False
    rate = data.settings.maint_rate_for(data.holdings[i].venue)
    liquidation = costs.liquidation_price[i]
    after = costs.resulting_contracts[i]
    initial = _initial_margin(data, i) if tradable else ""
    isolated = _isolated_after(data, i, held_values) if tradable else ""
    return {
        "Asset": plan.assets[i], "Hedge contract": hedge.symbol if tradable else "",
        "Held now (contracts)": held_now[i], **dict(zip(T.titles[3:6], held_values)),
        "Order (contracts)": ordered[i], "After (contracts)": after,
        "Entry after (USD)": costs.entry[i] if tradable and after else "",
        "Notional after (USD)": costs.resulting_notional[i],
        "Margin (USD)": initial if tradable and cross else costs.margin[i],
        T.titles[11]: costs.quantity[i], T.titles[12]: held_values[1] if cross else costs.collateral[i],
        "Liquidation price (USD)": liquidation,
        "Mark to liquidation": _distance(liquidation, plan.prices[i]),
        "Maint. rate": costs.maint_margin_rate[i],
        "Tiers from": tiers_from(data, i) if tradable else "",
        "Settings rate": rate if tradable else "", "Initial margin (USD)": initial, ISOLATED_AFTER: isolated,
        "Notional at liquidation (USD)": (costs.resulting_notional[i] if hedge.inverse
                                          else costs.quantity[i] * liquidation)
        if tradable and liquidation == liquidation and liquidation != 0 else "",
        **dict(zip(VENUE_TITLES, venue_row(data, i))),
    }


def _tiers(hedge, which: str):
    """A hedge's tier ladder for a worksheet function (one row of cells), None without tiers."""
    return None if hedge.tiers is None else [list(getattr(hedge.tiers, which))]


def _initial_margin(data: Plan, i: int):
    """What MARGIN computes for the position after the order: its notional / the Settings leverage, capped by the
    contract's tier."""
    hedge = data.hedges[i]
    return MARGIN(float(data.costs.resulting_notional[i]), data.settings.leverage, _tiers(hedge, "caps"),
                  _tiers(hedge, "leverages"))


def _isolated_after(data: Plan, i: int, held_values: list):
    """What MARGINAFTER computes for the position after the order, from what the contract holds (moot where the
    position is cross: its margin is its account's)."""
    hedge, entry, margin = data.hedges[i], held_values[0], held_values[1]
    ordered = float(data.rebalance.contracts[i])
    return MARGINAFTER(float(data.held_contracts[i]) if data.held_contracts is not None else 0.0, entry, margin,
                       ordered, float(hedge.price), data.settings.leverage, float(hedge.contract_size),
                       bool(hedge.inverse), _tiers(hedge, "caps"), _tiers(hedge, "leverages"))


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
    plan = data.rebalance
    held = data.held_contracts if data.held_contracts is not None else plan.contracts * 0.0
    idle = np.array([not q.tradable for q in data.hedges], dtype=bool)
    held_now, ordered = np.where(idle, np.nan, held), np.where(idle, np.nan, plan.contracts)
    arrays = {heading: [] for heading in ARRAY_TITLES}
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1
        has = i is not None
        lots = fmt.lot_quantity(data.hedges[i].lot_size if has else None)
        values = _row_values(data, i, held_now, ordered) if has else dict.fromkeys(T.titles, "")
        styles = _styles(fmt, lots)
        for heading, formula in row_formulas(offset).items():
            if formula is None:  # a value Refresh writes
                write_cell(sheet, r - 1, T.col(heading), values[heading], styles[heading])
            else:
                sheet.write_formula(r - 1, T.col(heading), formula, styles[heading], cached(values[heading]))
        for heading in ARRAY_TITLES:
            arrays[heading].append([values[heading]])
        sheet.write_formula(r - 1, S.first_col, f"={T.letter('Asset')}{r}", fmt.out_text,
                            cached(plan.assets[i] if has else ""))
    styles = _styles(fmt, fmt.lot_quantity(None))
    for heading, formula in array_formulas().items():
        write_array(sheet, T.first_row, T.col(heading), formula, styles[heading], arrays[heading])
    sheet.conditional_format(T.column(ISOLATED_AFTER).relative(), {
        "type": "formula", "criteria": f'=${T.letter("Margin mode")}{T.first_row + 1}="cross"',
        "format": fmt.hidden_figure})  # a cross position's margin is its account's: the isolated figure is moot
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
    set_widths(sheet, COLUMN_WIDTHS[L.RISK])
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
