"""Carry: each hedge's perpetual funding against its dated future's basis."""

from __future__ import annotations

from ...app.daily_history import carry_figures
from ...app.funding_received import received_of_holding
from ...app.plan import Plan
from ...core.dates import to_excel_serial
from ...core.history import RECENT_DAYS
from .. import layout as L
from ..widths import COLUMN_WIDTHS
from .formats import Formats, cached, headers, print_rows, set_widths, title, write_array, write_cell
from .formulas import Placement, array_shielded, dated_hedge, guarded, hedged, index, shielded
from .history import NO_HISTORY, UP_TO_DATE

T = L.CARRY_TABLE


ARRAY_TITLES = ("Funding APR", "Funding over horizon", "Annualized basis", "Rolls over horizon",
                "Dated cost over horizon", "Switch gain to expiry")
"""The columns that call hedgebook's functions: each one array formula over the holding rows."""


def array_formulas() -> dict[str, str]:
    """Each column of :data:`ARRAY_TITLES` as one legacy array formula over its 100 rows: a row without its
    inputs (no order, no dated future, a dated hedge's funding) gives blank cells."""
    def col(title: str) -> str:
        return T.column(title).relative()

    rate, interval, spot, dated, days = (col(t) for t in ("Funding rate", "Interval (h)", "Spot", "Dated price",
                                                           "Days to expiry"))
    order = L.REBALANCE_TABLE.column("Order notional").ref()
    held_after = L.RISK_TABLE.column("Notional after (USD)").ref()  # the hedge the plan leaves, as Orders' switch
    trading = "Settings_FuturesFee,Settings_SlippageBps"
    calls = {
        "Funding APR": f"FUNDINGAPR({rate},{interval})",
        "Funding over horizon": f"FUNDINGCOST({order},{rate},Settings_HorizonDays,{interval})",
        "Annualized basis": f"ANNUALIZEDBASIS({spot},{dated},{col('Expiry (UTC)')},Settings_AsOf)",
        "Rolls over horizon": f"ROLLCOUNT(Settings_HorizonDays,{days})",
        "Dated cost over horizon": f"DATEDHEDGECOST({order},{spot},{dated},Settings_HorizonDays,{days},{trading})",
        "Switch gain to expiry": f"SWITCHGAIN({held_after},{rate},{spot},{dated},{days},{interval},{trading})",
    }
    return {title: "=" + array_shielded(call, col("Asset")) for title, call in calls.items()}


def build(book, sheet, fmt: Formats, data: Plan, place: Placement = Placement()) -> None:
    title(sheet, fmt, "Carry",
          "Perpetual funding against the dated future's basis, for each order. Cost > 0 = you pay; "
          "switch gain > 0 = moving the hedge into the dated future saves money. Past its expiry the dated hedge is "
          "rolled, each roll into a contract assumed to carry today's basis, at its fees and slippage.")
    headers(sheet, fmt, T)
    arrays = {heading: [] for heading in ARRAY_TITLES}
    for offset, n, i in place.slots(data):
        r = T.first_row + offset + 1

        def c(title: str) -> str:
            return f"{T.letter(title)}{r}"

        a = c("Asset")
        q = data.hedges[i] if i is not None else None
        has_dated = q is not None and bool(q.dated_price > 0) and q.tradable  # no order, no carry to compare
        is_dated = q is not None and q.tradable and bool(q.dated_symbol) and q.dated_symbol == q.symbol
        funded = q is not None and q.tradable and not is_dated  # a dated hedge pays no funding
        dated, expiry = c("Dated price"), c("Expiry (UTC)")
        dated_price, interval = index("Holdings_DatedPrice", n), index("Holdings_IntervalH", n)
        cells = (
            ("Asset", f"={L.REBALANCE_TABLE.ref('Asset', offset)}", fmt.out_text,
             data.rebalance.assets[i] if i is not None else ""),
            ("Perpetual", guarded(a, f'{index("Holdings_Symbol", n)}&""'), fmt.out_text, q.symbol if q else ""),
            ("Funding rate", hedged(a, n, f'IF({dated_hedge(n)},"",{index("Holdings_FundingRate", n)})'), fmt.out_rate,
             q.funding_rate if funded else ""),
            ("Interval (h)", hedged(a, n, f'IF({interval}="","",{interval})'), fmt.out_number,
             q.interval_h if q and q.tradable else ""),
            ("Dated future", guarded(a, f'{index("Holdings_DatedSymbol", n)}&""'), fmt.out_text,
             q.dated_symbol if q else ""),
            ("Spot", guarded(a, f'IF({index("Holdings_SpotPrice", n)}="","",{index("Holdings_SpotPrice", n)})'),
             fmt.out_money, q.spot_price if q else ""),
            ("Dated price", hedged(a, n, f'IF({dated_price}>0,{dated_price},"")'), fmt.out_money,
             q.dated_price if has_dated else ""),
            ("Expiry (UTC)", guarded(dated, index("Holdings_Expiry", n)), fmt.out_date,
             to_excel_serial(q.expiry) if has_dated else ""),
            ("Days to expiry", guarded(dated, f"{expiry}-Settings_AsOf"), fmt.out_number,
             data.days_to_expiry[i] if has_dated else ""),
        )
        for heading, formula, style, value in cells:
            sheet.write_formula(r - 1, T.col(heading), formula, style, cached(value))
        figures = {"Funding APR": data.funding_apr[i] if funded else "",
                   "Funding over horizon": data.costs.funding[i] if funded else "",
                   "Annualized basis": data.annualized_basis[i] if has_dated else "",
                   "Rolls over horizon": data.rolls[i] if has_dated else "",
                   "Dated cost over horizon": data.dated_carry[i] if has_dated else "",
                   "Switch gain to expiry": data.switch_gain[i] if has_dated and funded else ""}
        for heading in ARRAY_TITLES:
            arrays[heading].append([figures[heading]])
    styles = {"Funding APR": fmt.out_weight, "Funding over horizon": fmt.out_cost, "Annualized basis": fmt.out_weight,
              "Rolls over horizon": fmt.out_number, "Dated cost over horizon": fmt.out_cost,
              "Switch gain to expiry": fmt.out_gain}
    for heading, formula in array_formulas().items():
        write_array(sheet, T.first_row, T.col(heading), formula, styles[heading], arrays[heading])
    C = L.CHOICES_TABLE
    sheet.write_string(C.header_row - 1, C.first_col,
                       f"Each way to hold the hedge the plan leaves, over {data.settings.horizon_days:g} days "
                       "(cost > 0 = you pay; a 1x inverse short backed by the coins cannot be liquidated)", fmt.bold)
    headers(sheet, fmt, C)
    set_widths(sheet, COLUMN_WIDTHS[L.CARRY])
    _history_block(sheet, fmt, data, place)
    book.define_name(L.HISTORY_FIGURES_NAME, "=" + L.CARRY_HISTORY_TABLE.data(L.CARRY_HISTORY_TABLE.titles[1],
                                                                              L.CARRY_HISTORY_TABLE.titles[-2]).ref())
    _received_block(sheet, fmt, data, place)
    R = L.CARRY_RECEIVED_TABLE
    sheet.freeze_panes(T.first_row, 1)
    print_rows(sheet, T, place.rows_used(data), R.first_col + len(R.titles) - 1)
    sheet.repeat_columns(0, 0)


def history_formulas(offset: int) -> list[str]:
    """The formulas of row ``offset`` of Carry's history block (all but its last column, the history's status):
    the realized funding, the funding over the horizon from history with its band, β, R² and the dated
    basis's volatility, over the holding's History block; blank while the block holds too few days."""
    H, T = L.CARRY_HISTORY_TABLE, L.CARRY_TABLE
    r = H.first_row + offset + 1
    a = f"{H.letter('Asset')}{r}"
    block = L.history_table(offset)

    def column(title: str, last: int | None = None) -> str:
        whole = block.column(title)
        if last is None:
            return whole.ref()
        return L.Block(whole.sheet, whole.last_row - last + 1, whole.first_col, whole.last_row, whole.last_col).ref()

    def enough(formula: str, *ranges_and_counts: tuple[str, int]) -> str:
        short = ",".join(f"COUNT({ranges})<{count}" for ranges, count in ranges_and_counts)
        return f'=IF(OR({a}="",{short}),"",{shielded(formula)})'

    fund, hours = column("Funding (day)"), column("Funding hours")
    recent_fund, recent_hours = column("Funding (day)", RECENT_DAYS), column("Funding hours", RECENT_DAYS)
    spot, hedge, dated = column("Spot close"), column("Hedge close"), column("Dated close")
    order = L.REBALANCE_TABLE.ref("Order notional", offset)
    expected = f'IF({order}="","",EXPECTEDFUNDING({order},{fund},{hours},Settings_HorizonDays'
    return [
        f'=IF({T.letter("Asset")}{r}="","",{T.letter("Asset")}{r})',
        enough(f"FUNDINGAPRMEAN({recent_fund},{recent_hours})", (recent_fund, 1)),
        enough(f"FUNDINGAPRMEAN({fund},{hours})", (fund, 1)),
        enough(f"FUNDINGAPRVOL({fund},{hours})", (fund, 2)),
        enough(f"{expected}))", (fund, 1)),
        enough(f"{expected},-1))", (fund, 2)),
        enough(f"{expected},1))", (fund, 2)),
        enough(f"HEDGERATIO({spot},{hedge})", (spot, 3), (hedge, 3)),
        enough(f"HEDGEEFFECTIVENESS({spot},{hedge})", (spot, 3), (hedge, 3)),
        enough(f"BASISVOL({spot},{dated})", (spot, 3), (dated, 3)),
    ]


def history_array_formulas() -> dict[str, str]:
    """Carry's history block beside the choices, but its Asset and History columns, as three arrays over every
    holding's History block, each from the first column it fills: the realized funding, the funding over the
    horizon (it reads the orders, so the fit that sizes them is apart), the fit (blank where a block tells nothing).
    """
    H = L.CARRY_HISTORY_TABLE
    first = L.history_table(0)
    blocks = L.Block(L.HISTORY, first.first_row, first.col(L.HISTORY_VALUES[0]),
                     first.first_row + L.MAX_HOLDINGS * L.HISTORY_BLOCK_ROWS - 1, first.col(L.HISTORY_VALUES[4])).ref()
    order = L.REBALANCE_TABLE.column("Order notional").ref()
    calls = {
        H.titles[1]: f"HISTORYFUNDINGAPR({blocks},{L.MAX_HOLDINGS},{L.HISTORY_DAYS},{RECENT_DAYS})",
        H.titles[4]: f"HISTORYFUNDING({blocks},{order},Settings_HorizonDays,{L.HISTORY_DAYS})",
        H.titles[7]: f"HISTORYFIT({blocks},{L.MAX_HOLDINGS},{L.HISTORY_DAYS})",
    }
    return {title: "=" + array_shielded(call, H.column("Asset").relative()) for title, call in calls.items()}


def received_row(data: Plan, i: int) -> list:
    """Holding ``i``'s :data:`layout.CARRY_RECEIVED_TABLE` cells: the funding its hedge contract's position received
    over 7, 30 and 90 days (USD) and as an APR of what it holds now; blank where none is kept."""
    found = received_of_holding(data, i)
    if found is None:
        return [None] * len(L.CARRY_RECEIVED_TABLE.titles)
    return [value if value == value else None for value in (*found.usd, *found.apr)]


def _received_block(sheet, fmt: Formats, data: Plan, place: Placement) -> None:
    R = L.CARRY_RECEIVED_TABLE
    headers(sheet, fmt, R, height=42)
    styles = (fmt.out_gain,) * 3 + (fmt.out_weight,) * 3
    for offset, _, i in place.slots(data):
        values = received_row(data, i) if i is not None else [None] * len(styles)
        for k, (value, style) in enumerate(zip(values, styles)):
            write_cell(sheet, R.first_row + offset, R.first_col + k, value, style)


def _history_block(sheet, fmt: Formats, data: Plan, place: Placement) -> None:
    """Beside the choices: what each hedge's History block says of its funding, its fit to the coins and its
    dated alternative's basis, in three arrays over the 100 rows (:func:`history_array_formulas`)."""
    H = L.CARRY_HISTORY_TABLE
    sheet.write_string(H.header_row - 1, H.first_col,
                       f"From each hedge's history (History sheet, {L.HISTORY_DAYS} days): realized funding, the "
                       f"funding over the horizon if rates behave as they did, and how well the contract tracked "
                       "the coins", fmt.bold)
    headers(sheet, fmt, H, height=42)
    styles = (fmt.out_weight, fmt.out_weight, fmt.out_weight, fmt.out_cost, fmt.out_cost, fmt.out_cost,
              fmt.out_ratio, fmt.out_weight, fmt.out_weight)
    figures = []
    for offset, _, i in place.slots(data):
        item = data.histories[i] if i is not None and i < len(data.histories) else None
        row = H.first_row + offset
        sheet.write_formula(row, H.first_col, f'=IF({T.letter("Asset")}{row + 1}="","",{T.letter("Asset")}{row + 1})',
                            fmt.out_text, cached(data.rebalance.assets[i] if i is not None else ""))
        f = carry_figures(item, data.rebalance.trade_notionals[i], data.settings.horizon_days) \
            if item is not None else None
        figures.append([f.apr_recent, f.apr_all, f.apr_vol, f.funding_expected, f.funding_low, f.funding_high,
                        f.hedge_ratio, f.effectiveness, f.basis_vol] if f is not None else [""] * len(styles))
        if i is not None:
            write_cell(sheet, row, H.col("History"), (item.note or UP_TO_DATE) if item is not None else NO_HISTORY,
                       fmt.out_text)
    for title_, formula in history_array_formulas().items():
        k = H.titles.index(title_) - 1
        write_array(sheet, H.first_row, H.col(title_), formula, styles[k], [row[k: k + 3] for row in figures],
                    column_styles=list(styles[k: k + 3]))
