"""The workbook evaluated headlessly with the `formulas` package, our worksheet functions registered.

Every formula cell of Rebalance, Carry, Costs and Risk must give the value
cached at build time, and the plan's figures must be core's.
"""

import dataclasses
import datetime as dt
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import openpyxl
import pytest

formulas = pytest.importorskip("formulas")
from formulas.ranges import Ranges  # noqa: E402

from benchmarks.recalc import as_excel_passes, excel_value  # noqa: E402
from hedgebook.core import to_excel_serial  # noqa: E402
from hedgebook.excel import layout as L  # noqa: E402
from hedgebook.excel import udfs  # noqa: E402
from hedgebook.excel.project import sample_plan, write_project  # noqa: E402

EVALUATED_SHEETS = (L.POSITIONS, L.REBALANCE, L.CARRY, L.COSTS, L.RISK)


def _registered(function):
    def call(*arguments):
        return function(*(as_excel_passes(a) for a in arguments))

    return call


def _withheld_workbook(folder):
    """Orders withheld two ways beside a cross hedge that goes through.

    BTC on Binance, whose mark is 100 times too low (suspect); ETH cross-hedged with Bybit's BTC perpetual, sized
    by the sample history's β, already short 0.1 BTC there (entered at 55 000); SOL (150 on Binance spot)
    cross-hedged with OKX's BTC
    perpetual, on a made-up history whose contract barely moves: β about 100, outside Settings' 0.25 to 4."""
    import pandas as pd

    from hedgebook.app.inputs import HoldingInput, PlanInputs, PositionInput
    from hedgebook.app.planning import plan_from_market
    from hedgebook.excel.template import build_workbook
    from hedgebook.market import MarketSnapshot, load_sample
    from hedgebook.market.table import make_row, to_table

    from ..app.worked import suspect_market

    sample = load_sample()
    table = suspect_market()
    sol = make_row("binance_spot", "SOLUSDT", "SOL", "USDT", "spot", "", last_price=150.0,
                   updated_at=table["updated_at"].iloc[0].to_pydatetime())
    snapshot = MarketSnapshot(pd.concat([table, to_table([sol])], ignore_index=True), fetched_at=sample.fetched_at,
                              label="test")
    holdings = [HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
                HoldingInput("ETH", 20.0, 1_500.0, venue="bybit", instrument="BTCUSDT", target_weight=0.2),
                HoldingInput("SOL", 100.0, 90.0, venue="okx", instrument="BTC-USDT-SWAP", target_weight=0.05)]
    positions = [PositionInput("bybit", "BTCUSDT", -0.1, 55_000.0)]  # entered at 55 000: Risk builds on it
    book, snapshot = sample_plan(holdings, snapshot, positions=positions)
    btc, eth, sol = book.histories
    first = sol.hedge_close[0]
    flat = dataclasses.replace(sol, hedge_close=tuple(first * (close / first) ** 0.01 for close in sol.hedge_close))
    inputs = PlanInputs(tuple(holdings), book.settings, tuple(positions))
    book = plan_from_market(inputs, snapshot.table, snapshot.fetched_at, histories=[btc, eth, flat])
    assert book.sizings[2].measured > 4 and book.sides[2] == "withheld"
    return build_workbook(folder / "withheld.xlsm", book, MarketSnapshot(book.market, label="test"), udf_module="w")


KEPT_ROWS = 6
"""Rows of each holding or position table that are evaluated: every workbook here has at most three, so at least
three blank rows are; the rows below are the same formulas moved down
(:func:`test_the_rows_not_evaluated_repeat_the_last_one_evaluated`)."""


def _row_tables():
    """The tables with a row per holding or position, on the sheets that hold formulas."""
    return [table for table in vars(L).values() if isinstance(table, L.Table)
            and table.max_rows in (L.MAX_HOLDINGS, L.MAX_POSITIONS) and table.sheet in (*EVALUATED_SHEETS, L.POSITIONS)]


def _rows_not_evaluated(table):
    return range(table.first_row + KEPT_ROWS, table.first_row + table.max_rows)  # 0-based


def _trimmed(path):
    """A copy of workbook ``path`` without the formulas of the rows below :data:`KEPT_ROWS` of each row table:
    evaluating 100 rows of the same formulas would take minutes, and checks nothing more than the first blank ones."""
    book = openpyxl.load_workbook(path)
    for table in _row_tables():
        sheet = book[table.sheet]
        for row in _rows_not_evaluated(table):
            for col in range(table.first_col, table.first_col + len(table.titles)):
                cell = sheet.cell(row + 1, col + 1)
                if _is_formula(cell.value):
                    cell.value = None
    trimmed = path.with_name(f"{path.stem}-trimmed.xlsx")
    book.save(trimmed)
    return trimmed


def _is_formula(value):
    return isinstance(value, str) and value.startswith("=") or type(value).__name__ == "ArrayFormula"


def _evaluate(path):
    """Every cell of ``path`` (its rows of :data:`KEPT_ROWS`) evaluated by `formulas`, our functions registered."""
    trimmed = _trimmed(path)
    functions = formulas.get_functions()
    for name in udfs.WORKSHEET_FUNCTIONS:
        functions[name] = _registered(getattr(udfs, name))
    solution = formulas.ExcelModel().loads(str(trimmed)).finish().calculate()
    results = {}
    for key, value in solution.items():
        sheet, _, cell = key.partition("]")[2].partition("!")
        if not cell:  # the model's own entries, not a cell
            continue
        cells = np.asarray(value.value if isinstance(value, Ranges) else value, dtype=object)
        sheet = sheet.strip("'").upper()
        if ":" in cell and cells.size > 1:  # an array formula's block: each of its cells
            first, _, _ = cell.upper().partition(":")
            row0, col0 = openpyxl.utils.cell.coordinate_to_tuple(first)
            for (r, c), x in np.ndenumerate(np.atleast_2d(cells)):
                results[(sheet, f"{openpyxl.utils.get_column_letter(col0 + c)}{row0 + r}")] = excel_value(x)
            continue
        results[(sheet, cell.upper())] = excel_value(cells.reshape(-1)[0]) if cells.size else None
    return path, results


def _large_hedge_workbook(folder):
    """500 BTC targeted at 50 %: a 15 M USD short, in Binance's tier 5 (the shipped BTCUSDT tiers); and two
    holdings without a hedge, one without a price."""
    from hedgebook.app.inputs import HoldingInput
    from hedgebook.excel.template import build_workbook

    book, snapshot = sample_plan([HoldingInput("BTC", 500.0, 20_000.0, venue="binance", target_weight=0.5),
                                  HoldingInput("SOL", 0.0, venue="binance"),  # no SOL perpetual, no SOL price
                                  HoldingInput("USD", 0.0)])  # cash, not hedged
    return build_workbook(folder / "large.xlsm", book, snapshot, udf_module="w")


def _dated_hedge_workbook(folder):
    """The worked example with BTC hedged by its dated future (no funding; the basis is its cost); ETH already
    short 200 ETH in two positions (−600 000, each within Settings' Size check of 5 × the 100 000 portfolio), so
    that its order, 50 000 + 565 000 = 615 000, is above it and withheld."""
    from hedgebook.app.inputs import HoldingInput, PositionInput
    from hedgebook.excel.template import build_workbook

    book, snapshot = sample_plan([HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", instrument="dated",
                                               target_weight=0.5),
                                  HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5)],
                                 positions=[PositionInput("binance", "ETHUSDT", -100.0),
                                            PositionInput("binance", "ETHUSDT", -100.0),
                                            PositionInput("binance", "BTCUSDT", -0.25)])
    # BTC's hedge is the dated future: its perpetual short is closed and the whole hedge opened there (issue 21 A8)
    assert [p.symbol for p in book.closing[0]] == ["BTCUSDT"]
    assert book.rebalance.contracts[0] == -0.245  # 15 000 / 61 200, to the lot of 0.001
    assert book.sides[1] == "withheld" and book.order_status[1].startswith("withheld: the order would be 615,000 USD")
    return build_workbook(folder / "dated.xlsm", book, snapshot, udf_module="w")


def _worked_workbook(folder):
    return write_project(folder, "evalplan").workbook


WORKBOOKS = {"worked": _worked_workbook, "withheld": _withheld_workbook, "large": _large_hedge_workbook,
             "dated": _dated_hedge_workbook}
EVALUATING_AT_ONCE = 2
"""Workbooks evaluated at once, each in a process of its own: each takes about half a minute on one core."""


@pytest.fixture(scope="module")
def evaluations(tmp_path_factory):
    """Every workbook of :data:`WORKBOOKS`, built, then evaluated two at a time."""
    folder = tmp_path_factory.mktemp("eval")
    paths = {name: build(folder) for name, build in WORKBOOKS.items()}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=EVALUATING_AT_ONCE, mp_context=context) as pool:
        return dict(zip(paths, pool.map(_evaluate, paths.values())))


@pytest.fixture(params=list(WORKBOOKS))
def evaluated(request, evaluations):
    return evaluations[request.param]


def test_every_formula_cell_gives_its_cached_value(evaluated):
    path, results = evaluated
    formulas_book = openpyxl.load_workbook(path)
    cached_book = openpyxl.load_workbook(path, data_only=True)
    checked = 0
    skipped = {(table.sheet, row + 1) for table in _row_tables() for row in _rows_not_evaluated(table)}
    arrays = 0
    for sheet_name in EVALUATED_SHEETS:
        for row in formulas_book[sheet_name].iter_rows():
            for cell in row:
                if type(cell.value).__name__ == "ArrayFormula":  # every cell of its block, each with its value
                    block = formulas_book[sheet_name][cell.value.ref]
                    coordinates = [c.coordinate for line in block for c in line]
                    arrays += 1
                elif _is_formula(cell.value) and (sheet_name, cell.row) not in skipped:
                    coordinates = [cell.coordinate]
                else:
                    continue
                for coordinate in coordinates:
                    _check_cached(sheet_name, coordinate, cached_book[sheet_name][coordinate].value, results)
                    checked += 1
    assert checked > 300 and arrays >= 3


def _check_cached(sheet_name, coordinate, cached, results):
    if isinstance(cached, dt.datetime):  # openpyxl reads date-formatted numbers as datetimes
        cached = to_excel_serial(cached)
    computed = results.get((sheet_name.upper(), coordinate))
    if cached in (None, ""):
        assert computed in (None, ""), (sheet_name, coordinate, computed)
    elif isinstance(cached, str):
        assert computed == cached, (sheet_name, coordinate)
    else:
        assert computed == pytest.approx(cached, rel=1e-9, abs=1e-9), (sheet_name, coordinate)


NUMBER = re.compile(r"\d+")


def _numbers(formula):
    """The formula's text with each run of digits as ``#``, and the runs as integers."""
    return NUMBER.sub("#", formula), [int(n) for n in NUMBER.findall(formula)]


def test_the_rows_not_evaluated_repeat_the_last_one_evaluated(evaluations):
    """Each formula of a row not evaluated is the last evaluated row's, moved down: it gives what that row gives.

    The numbers that move with the row (references, relative or absolute, and the n-th cell of a defined name) are
    those that differ by one between the last two rows evaluated; the others must stay as they are.
    """
    path, _ = evaluations["worked"]
    book = openpyxl.load_workbook(path)
    compared = 0
    for table in _row_tables():
        sheet = book[table.sheet]
        last = table.first_row + KEPT_ROWS - 1  # 0-based: the last row evaluated
        for col in range(table.first_col + 1, table.first_col + len(table.titles) + 1):
            model, above = sheet.cell(last + 1, col).value, sheet.cell(last, col).value
            for row in _rows_not_evaluated(table):
                cell = sheet.cell(row + 1, col)
                if not _is_formula(model):
                    assert not _is_formula(cell.value), (table.sheet, cell.coordinate)
                    continue
                (text, numbers), (text_above, numbers_above) = _numbers(model), _numbers(above)
                assert text == text_above and all(n - a in (0, 1) for n, a in zip(numbers, numbers_above))
                moved = [n + (n - a) * (row - last) for n, a in zip(numbers, numbers_above)]
                assert _numbers(cell.value) == (text, moved), (table.sheet, cell.coordinate)
                compared += 1
    assert compared > 3_000  # an array's rows hold values (its one formula is checked by evaluation)


def test_rebalance_sheet_gives_core_figures(evaluations):
    _, results = evaluations["worked"]
    plan = sample_plan()[0].rebalance
    def column(title):
        return [results[("REBALANCE", L.REBALANCE_TABLE.cell(title, i).a1())] for i in range(len(plan.assets))]

    contracts, notionals, after = column("Contracts"), column("Order notional"), column("Weight after")
    assert contracts == plan.contracts.tolist() == [-0.25, 5.0]
    assert notionals == pytest.approx(plan.trade_notionals.tolist())
    assert after == pytest.approx([0.5, 0.5])


def test_the_risk_sheet_margins_a_large_hedge_in_its_tier(evaluations):
    """Issue 10: Risk's LIQPRICE and MARGIN pick the tier from the tiers beside Holdings: 77 204.95, not 79 681.27."""
    path, results = evaluations["large"]
    liquidation = results[("RISK", L.RISK_TABLE.cell("Liquidation price (USD)", 0).a1())]
    margin = results[("RISK", L.RISK_TABLE.cell("Margin (USD)", 0).a1())]
    assert liquidation == pytest.approx(77_204.95, abs=0.01) and margin == pytest.approx(5_000_000)
    assert results[("RISK", L.RISK_TABLE.cell("Maint. rate", 0).a1())] == pytest.approx(0.05)
    assert results[("RISK", L.RISK_TABLE.cell("Tiers from", 0).a1())] == \
        "binance tiers published 2021-03-18 (shipped table)"
    holdings = openpyxl.load_workbook(path, data_only=True)[L.HOLDINGS]
    assert holdings[L.TIERS_TABLE.cell(L.TIER_SOURCE, 0).a1()].value == \
        "binance tiers published 2021-03-18 (shipped table)"
    assert holdings[L.TIERS_TABLE.cell(L.TIER_CAPS[4], 0).a1()].value == 20_000_000
    assert holdings[L.TIERS_TABLE.cell(L.TIER_RATES[4], 0).a1()].value == 0.05


def test_a_dated_hedge_costs_its_basis_on_the_costs_sheet(evaluations):
    _, results = evaluations["dated"]
    futures_cost = results[("COSTS", L.COSTS_TABLE.cell("Futures: fees, slippage, funding", 0).a1())]
    assert futures_cost == pytest.approx(-78.26, abs=0.005)  # 44.98 of trades − 123.24 of basis earned
    assert results[("CARRY", L.CARRY_TABLE.cell("Switch gain to expiry", 0).a1())] in (None, "")


def test_a_hedge_moved_to_another_contract_is_sized_from_the_futures_kept(evaluations):
    """BTC holds −0.25 BTCUSDT but is hedged with its dated future: Futures now −15 000, kept 0 (the perpetual is
    closed), and the order is the whole hedge, 15 000 / 61 200 → −0.245 of the dated future; its weight after is the
    target, to the lot."""
    _, results = evaluations["dated"]

    def cell(title):
        return results[("REBALANCE", L.REBALANCE_TABLE.cell(title, 0).a1())]

    assert cell("Futures now") == pytest.approx(-15_000) and cell("Futures kept") == 0
    assert cell("Weight now") == pytest.approx(0.5)  # counting the perpetual still held
    assert cell("Hedge notional") == pytest.approx(-15_000) and cell("Contracts") == pytest.approx(-0.245)
    assert cell("Weight after") == pytest.approx(0.5, abs=0.001)


def test_an_order_above_the_size_check_is_withheld_by_the_sheet(evaluations):
    _, results = evaluations["dated"]

    def cell(title):
        return results[("REBALANCE", L.REBALANCE_TABLE.cell(title, 1).a1())]

    assert cell("Futures now") == pytest.approx(-600_000) and cell("Hedge notional") == pytest.approx(615_000)
    # Refresh left its price blank, so no size is computed from it (a blank cell evaluates as None)
    assert (cell("Sized (contracts)"), cell("Contracts"), cell("Side")) == (None, 0, "withheld")
    assert cell("Withheld") == "withheld" and cell("Order notional") == 0


def test_rebalance_sizes_a_cross_hedge_by_beta_and_withholds_without_a_usable_one(evaluations):
    """The β column reads Carry's β; a cross hedge's position counts at notional / β; a β outside Settings' range
    withholds."""
    path, results = evaluations["withheld"]
    cached = openpyxl.load_workbook(path, data_only=True)[L.REBALANCE]

    def cell(title, i):
        return results[("REBALANCE", L.REBALANCE_TABLE.cell(title, i).a1())]

    assert [cell("Side", i) for i in range(3)] == ["withheld", "sell", "withheld"]
    assert cell("Hedge ratio (β)", 0) == 1  # BTC's own hedge, Hedge sizing notional: withheld for its price
    assert cell("Hedge ratio (β)", 2) in (None, "") and cell("Contracts", 2) == 0  # SOL: β about 100
    ratio = cell("Hedge ratio (β)", 1)
    assert 0.8 < ratio < 1.3 and 0.5 < cell("Hedge effectiveness (R²)", 1) < 1
    assert cell("Futures now", 1) == pytest.approx(-6_000)  # −0.1 BTC at 60 000, counted for ETH
    exposure = 60_000 - 6_000 / ratio  # 20 ETH at 3 000, and the short at notional / β
    portfolio = results[("REBALANCE", L.PORTFOLIO_VALUE.a1())]
    assert portfolio == pytest.approx(65_000 + 60_000 + 15_000)
    assert cell("Net exposure", 1) == pytest.approx(exposure)
    assert cell("Hedge notional", 1) == pytest.approx(ratio * (0.2 * portfolio - exposure))
    assert cell("Order notional", 1) == pytest.approx(cached[L.REBALANCE_TABLE.cell("Order notional", 1).a1()].value)
    assert cell("Weight after", 1) == pytest.approx(0.2, abs=0.001)  # lot-rounded to 0.001 BTC


def test_risk_builds_the_position_after_on_the_one_held(evaluations):
    """ETH's hedge adds to a 0.1 BTC short entered at 55 000 (margin assumed 0.1 × 55 000 / 3): the entry after
    averages it with the order at the mark, and the margin adds the order's."""
    path, results = evaluations["withheld"]

    def cell(title):
        return results[("RISK", L.RISK_TABLE.cell(title, 1).a1())]

    order, price = cell("Order (contracts)"), 60_000
    assert order < 0 and cell("Held entry (USD)") == 55_000
    assert cell(L.RISK_TABLE.titles[4]) == pytest.approx(0.1 * 55_000 / 3)
    assert cell("Entry after (USD)") == pytest.approx((0.1 * 55_000 - order * price) / (0.1 - order))
    assert cell("Collateral (USD; inverse: coins)") == pytest.approx(0.1 * 55_000 / 3 - order * price / 3)
    assert cell("Mark to liquidation") == pytest.approx(cell("Liquidation price (USD)") / price - 1)
    assert cell("Mark to liquidation") > 0  # a short: the price may rise this far
