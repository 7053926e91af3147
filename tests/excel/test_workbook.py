"""The plan workbook: template, names, cached values, projects, reading it back, safe text, atomic writes.

The commands that use it are tested in tests/test_cli.py, the refresh rules in tests/test_refresh_paths.py.
"""

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hedgebook.app.inputs import InputError
from hedgebook.excel import TEMPLATE_NAME
from hedgebook.excel import layout as L
from hedgebook.excel.build_template import build
from hedgebook.excel.project import check_name, sample_plan, write_project
from hedgebook.excel.template import build_workbook
from hedgebook.excel.workbook_io import read_file, write_atomically
from hedgebook.market import MarketSnapshot, load_sample
from hedgebook.market.table import make_row, to_table

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TEXTS = ('=HYPERLINK("http://x","y")', "+cmd|'/c calc'!A0", "@SUM(1)", "-1+1")


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_committed_template_equals_a_fresh_build(tmp_path):
    fresh = _members(build(tmp_path / TEMPLATE_NAME))
    committed = _members(ROOT / "workbook_templates" / TEMPLATE_NAME)
    assert set(fresh) == set(committed)
    stale = [name for name in fresh if name != "xl/vbaProject.bin" and fresh[name] != committed[name]]
    assert not stale, f"rebuild with python -m hedgebook.excel.build_template: {stale}"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("demo"), "plan_demo").workbook


def test_sheets_names_vba_and_button(demo_file):
    book = openpyxl.load_workbook(demo_file, keep_vba=True)
    assert book.sheetnames == list(L.SHEETS) + [L.CONF_SHEET]
    assert book[L.CONF_SHEET].sheet_state == "hidden"
    assert (book[L.CONF_SHEET]["A1"].value, book[L.CONF_SHEET]["B1"].value) == ("UDF Modules", "plan_demo")
    names = set(book.defined_names)
    assert {c.name for c in L.HOLDINGS_COLUMNS} <= names
    assert set(L.SETTINGS_NAMES) <= names
    assert {L.PORTFOLIO_VALUE_NAME, L.LAST_REFRESH_NAME} <= names
    members = _members(demo_file)
    assert "xl/vbaProject.bin" in members
    drawings = b"".join(v for k, v in members.items() if k.startswith("xl/drawings/vmlDrawing"))
    assert b"SampleCall" in drawings and b"Refresh" in drawings
    charts = [k for k in members if k.startswith("xl/charts/chart")]
    assert len(charts) == 4  # Rebalance weights, Risk stress, a funding chart per hedge on History (BTC, ETH)


def test_formulas_use_defined_names_and_carry_the_core_values(demo_file):
    formulas = openpyxl.load_workbook(demo_file)[L.REBALANCE]
    values = openpyxl.load_workbook(demo_file, data_only=True)[L.REBALANCE]
    sized, contracts, notional, side = (L.REBALANCE_TABLE.letter(title) for title in (
        "Sized (contracts)", "Contracts", "Order notional", "Side"))
    sizing = formulas[f"{sized}5"].value  # one array over the 100 rows
    assert sizing.ref == f"{sized}5:{sized}104"
    assert "HEDGESIZE(" in sizing.text and "Portfolio_Value" in sizing.text and "Holdings_Price" in sizing.text
    assert "Settings_NoTradeBand" in formulas[f"{contracts}5"].value
    assert L.holdings_column("Holdings_MinNotional").first.a1() in formulas[f"{contracts}5"].value
    book, _ = sample_plan()
    plan = book.rebalance
    assert [values[f"{contracts}5"].value, values[f"{contracts}6"].value] == plan.contracts.tolist() == [-0.25, 5.0]
    assert [values[f"{notional}5"].value, values[f"{notional}6"].value] == pytest.approx([-15_000, 15_000])
    assert [values[f"{side}5"].value, values[f"{side}6"].value] == ["sell", "buy"]
    assert values["K2"].value == pytest.approx(100_000)
    assert values["A7"].value in ("", None)  # empty plan rows show nothing
    carry = openpyxl.load_workbook(demo_file, data_only=True)[L.CARRY]
    assert carry["L5"].value == pytest.approx(0.10) and carry["K5"].value == pytest.approx(73)
    assert carry["F5"].value == pytest.approx(-135)
    costs = openpyxl.load_workbook(demo_file, data_only=True)[L.COSTS]
    assert costs["C5"].value == pytest.approx(2_530) and costs["D5"].value == pytest.approx(-90)
    risk = openpyxl.load_workbook(demo_file, data_only=True)[L.RISK]
    liquidation = L.RISK_TABLE.cell("Liquidation price (USD)", 0).a1()
    assert risk[liquidation].value == pytest.approx(79_681.27, abs=0.01)
    assert values[L.a1(L.CASH_ROW, L.REBALANCE_TABLE.col("Weight after"))].value == pytest.approx(0)  # no cash


def test_orders_sheet(demo_file):
    orders = openpyxl.load_workbook(demo_file, data_only=True)[L.ORDERS]
    first = L.ORDERS_TABLE.first_row + 1
    rows = [[c.value for c in row] for row in orders.iter_rows(min_row=first, max_row=first + 1)]
    assert rows[0][:6] == ["BTC", "binance", "BTCUSDT", "sell", -0.25, -15_000]
    assert rows[1][:6] == ["ETH", "binance", "ETHUSDT", "buy", 5, 15_000]
    assert rows[0][6:9] == pytest.approx([-135, 5_000, 79_681.2749], abs=1e-3)
    assert rows[0][9:11] == ["ok: sample data", dt.datetime(2025, 1, 14, 8)]  # trusted, and never "ok" alone


def test_orders_totals_above_the_table_and_contracts_to_the_lot(demo_file):
    """Gross notional |−15 000| + 15 000 = 30 000 (the net, 0, reads as "nothing to do"); funding −135 + 135 = 0;
    margin 5 000 + 5 000 = 10 000 (3x each).
    Both lots are 0.001: −0.250 and 5.000 show three decimals."""
    values = openpyxl.load_workbook(demo_file, data_only=True)[L.ORDERS]
    formulas = openpyxl.load_workbook(demo_file)[L.ORDERS]
    row = L.ORDERS_TOTAL_ROW + 1
    totals = {title: values[f"{L.ORDERS_TABLE.letter(title)}{row}"].value for title in
              ("Notional (USD)", "Funding over horizon (USD)", "Margin of the position after (USD)")}
    assert totals == {"Notional (USD)": pytest.approx(30_000), "Funding over horizon (USD)": 0,
                      "Margin of the position after (USD)": pytest.approx(10_000)}
    notional = L.ORDERS_TABLE.column("Notional (USD)")
    assert formulas[f"{L.ORDERS_TABLE.letter('Notional (USD)')}{row}"].value == (
        f"=SUMPRODUCT(ABS({notional.relative()}))")
    assert values[f"A{row}"].value == "Total (notional: gross)"
    contracts = L.ORDERS_TABLE.cell("Contracts", 0).a1()
    assert formulas[contracts].number_format == "#,##0.000"


def test_orders_sheet_shows_the_unwind_and_the_switch_legs(demo_file):
    """Closing the BTC short is a buy; moving it into the dated future buys the perpetual and sells the dated."""
    orders = openpyxl.load_workbook(demo_file, data_only=True)[L.ORDERS]

    def row(table, index):
        return [orders[table.cell(title, index).a1()].value for title in table.titles]

    assert row(L.UNWIND_TABLE, 0) == ["binance", "BTCUSDT", "buy", 0.25]
    assert row(L.UNWIND_TABLE, 1) == ["binance", "ETHUSDT", "sell", -5]
    assert row(L.UNWIND_TABLE, 2) == [None] * 4
    btc = row(L.SWITCH_TABLE, 0)
    assert btc[:8] == ["BTC", "binance", "BTCUSDT", "buy", 0.25, "BTCUSDT_250328", "sell", -0.25]
    assert btc[8:] == pytest.approx([73, -73.5])  # fees and slippage on both legs: 2 × 15 000 × 0.15 %


def test_a_withheld_order_shows_why_and_no_figure_from_its_data(tmp_path):
    """Binance's BTC mark 100 times too low: the row and every figure from it stay blank, and say why."""
    from ..app.worked import suspect_market

    sample = load_sample()
    book, _ = sample_plan(snapshot=MarketSnapshot(suspect_market(), fetched_at=sample.fetched_at, label="test"))
    path = build_workbook(tmp_path / "w.xlsm", book, MarketSnapshot(book.market, label="test"), udf_module="w")
    values = openpyxl.load_workbook(path, data_only=True)
    holdings, orders = values[L.HOLDINGS], values[L.ORDERS]

    def cell(table, title, index=0):
        return table.cell(title, index).a1()

    assert holdings["G5"].value == "BTCUSDT" and holdings["H5"].value is None
    assert holdings[cell(L.HOLDINGS_TABLE, "Data status")].value == \
        "suspect: mark 600 is 99% from the reference 60,000 (limit 5%)"
    assert holdings[cell(L.HOLDINGS_TABLE, "Hedge")].value.startswith("withheld: suspect: mark 600")
    assert [c.value for c in orders[5]][:5] == ["BTC", "binance", "BTCUSDT", "withheld", None]
    assert orders[cell(L.ORDERS_TABLE, "Status")].value.startswith("withheld: suspect: mark 600")
    rebalance = values[L.REBALANCE]
    assert [rebalance[cell(L.REBALANCE_TABLE, title)].value for title in ("Contracts", "Order notional", "Side")] == \
        [0, 0, "withheld"]
    assert rebalance[cell(L.REBALANCE_TABLE, "Weight after")].value == pytest.approx(0.65)  # BTC keeps its exposure
    assert values[L.RISK][cell(L.RISK_TABLE, "Margin (USD)")].value in (None, "")
    assert values[L.COSTS]["C5"].value in (None, "")
    assert rebalance[cell(L.REBALANCE_TABLE, "Contracts", 1)].value == 5  # ETH's order is the worked example's


def test_network_text_is_written_as_text(tmp_path):
    sample = load_sample()
    rows = [make_row("binance", text, "BTC", "USDT", "perp", "linear", mark_price=1.0) for text in HOSTILE_TEXTS]
    snapshot = MarketSnapshot(to_table(rows), fetched_at=sample.fetched_at, label='=cmd|"/c calc"!A1')
    book, _ = sample_plan()
    path = build_workbook(tmp_path / "x.xlsm", book, snapshot, udf_module="x")
    market = openpyxl.load_workbook(path)[L.MARKET]
    cells = [market.cell(L.MARKET_TABLE.first_row + 1 + i, 2) for i in range(len(HOSTILE_TEXTS))]
    assert [c.value for c in cells] == list(HOSTILE_TEXTS)
    assert all(c.data_type == "s" for c in cells)
    assert openpyxl.load_workbook(path)[L.START].cell(L.DATA_LABEL.row1, L.DATA_LABEL.col1).data_type == "s"


@pytest.mark.parametrize("name", ["my plan", "1plan", "class", "pandas", "hedgebook", "plan.xlsm"])
def test_bad_project_names(name):
    with pytest.raises(ValueError, match="cannot be a plan name"):
        check_name(name)


def test_a_crash_while_writing_leaves_the_original_byte_identical(tmp_path):
    path = write_project(tmp_path, "crashplan").workbook
    before = path.read_bytes()

    def crashing_writer(target):
        target.write_bytes(b"half a workbook")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomically(path, crashing_writer)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["crashplan.py", "crashplan.xlsm"]  # no temporary left


def test_read_file_round_trip(demo_file):
    contents = read_file(demo_file)
    holdings = contents.inputs.holdings
    assert [(h.asset, h.venue, h.target_weight) for h in holdings] == [("BTC", "binance", 0.5), ("ETH", "binance", 0.5)]
    assert contents.inputs.settings.as_of == dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
    assert contents.last_refresh == dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
    assert contents.data_label.startswith("SAMPLE DATA")
    pd.testing.assert_frame_equal(contents.market, load_sample().table)
    assert contents.udf_module == "plan_demo" and contents.cot is None and contents.extra_sheets == []


def test_read_file_names_a_bad_cell_and_a_file_that_is_not_a_plan(tmp_path):
    path = write_project(tmp_path, "badplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[L.HOLDINGS]["B6"] = "1,5"
    book.save(path)
    with pytest.raises(InputError, match=r"^Holdings row 6 \(ETH\), Quantity \(coins\): '1,5' is not a number$"):
        read_file(path)
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(ValueError, match="other.xlsx is not a hedgebook plan: no sheet 'Holdings'"):
        read_file(other)




def test_a_file_that_cannot_be_read_back_never_replaces_the_original(tmp_path):
    import zipfile as zf

    from hedgebook.excel.workbook_io import verify_workbook

    path = write_project(tmp_path, "verifyplan").workbook
    before = path.read_bytes()

    def broken_writer(target):
        with zf.ZipFile(target, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types>")  # not well-formed
            archive.writestr("xl/worksheets/sheet1.xml", "<sheetData><c>\x1b</c></sheetData>")

    with pytest.raises(ValueError, match="the workbook written could not be read back .*the file was not changed"):
        write_atomically(path, broken_writer, verify=verify_workbook)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verifyplan.py", "verifyplan.xlsm"]


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x07", "\x0b", "\ud800", "\x9b"])
def test_control_characters_from_the_network_never_reach_the_file(tmp_path, character):
    """A venue symbol with ESC, NUL, BEL, VT, a lone surrogate or a C1 control: the file stays readable."""
    from hedgebook.excel.workbook_io import verify_workbook

    sample = load_sample()
    table = sample.table.copy()
    hedge = (table["venue"] == "binance") & (table["symbol"] == "BTCUSDT")
    table.loc[hedge, "symbol"] = "BTC" + character + "USDT"  # lands in formulas' cached values too (Carry)
    table.loc[table["venue"] == "bybit", "symbol"] = "BTC" + character + "USDT"
    table.loc[table["venue"] == "okx", "status"] = "stale: error " + character + " from tickers"
    snapshot = MarketSnapshot(table, fetched_at=sample.fetched_at, label="live " + character)
    book, _ = sample_plan(snapshot=snapshot)
    path = build_workbook(tmp_path / "x.xlsm", book, snapshot, udf_module="x" + character)
    verify_workbook(path)
    market = openpyxl.load_workbook(path)[L.MARKET]
    symbols = [market.cell(r, 2).value for r in range(L.MARKET_TABLE.first_row + 1, market.max_row + 1)]
    assert "BTC\ufffdUSDT" in symbols and not any(character in (s or "") for s in symbols)
    carry = openpyxl.load_workbook(path, data_only=True)[L.CARRY]
    assert carry["B5"].value == "BTC\ufffdUSDT"


def test_a_formula_without_a_computed_value_is_refused_naming_its_cell(tmp_path):
    """openpyxl saves formulas without their values: read as blanks, they once became 0 and overwrote the formula."""
    path = write_project(tmp_path, "formulaplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[L.HOLDINGS]["B5"] = "=65000/60000"
    book.save(path)
    with pytest.raises(InputError, match=r"^Holdings row 5 \(BTC\), Quantity \(coins\): the formula =65000/60000 "
                                         r"has no computed value"):
        read_file(path)


def test_a_headless_refresh_keeps_the_users_formulas_and_vba_project(tmp_path):
    """Rebuilt without Excel, the workbook keeps what the user typed and where, and its own VBA project."""
    import zipfile as zf

    from hedgebook.excel.template import Kept
    from hedgebook.excel.workbook_io import refresh_file

    book, snapshot = sample_plan()
    user_vba = b"user's own VBA project: the wrappers Import Functions wrote, and their modules"
    kept = Kept(vba_project=user_vba, code_names={"": "MyBook", L.HOLDINGS: "HoldingsSheet"},
                input_formulas={(L.HOLDINGS, 5, 1): "=35000/3000", (L.SETTINGS, 4, 1): "=15*2"},
                holding_offsets=[0, 1])
    path = build_workbook(tmp_path / "kept.xlsm", book, snapshot, udf_module="kept", keep=kept)
    refreshed = refresh_file(path, fetch=lambda venues, assets, **k: MarketSnapshot(snapshot.table,
                                                                                    requests={"binance": 1}),
                             fetch_cot=lambda timeout=None: None, now=lambda: snapshot.fetched_at)
    assert refreshed.write
    formulas = openpyxl.load_workbook(path)
    assert formulas[L.HOLDINGS]["B6"].value == "=35000/3000" and formulas[L.SETTINGS]["B5"].value == "=15*2"
    values = openpyxl.load_workbook(path, data_only=True)
    assert values[L.HOLDINGS]["B6"].value == pytest.approx(35_000 / 3_000)
    with zf.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == user_vba
        assert b'codeName="MyBook"' in archive.read("xl/workbook.xml")


def test_carry_compares_the_linear_the_inverse_and_the_dated_hedge(demo_file):
    carry = openpyxl.load_workbook(demo_file, data_only=True)[L.CARRY]
    eth = [carry[L.CHOICES_TABLE.cell(title, 1).a1()].value for title in L.CHOICES_TABLE.titles]
    assert eth[:4] == ["ETH", "binance", 15_000, "ETHUSDT"] and eth[5] == "ETHUSD_PERP"
    assert [eth[4], eth[6], eth[8]] == pytest.approx([135, 135, 123.29], abs=0.005)
    assert eth[7] == "ETHUSDT_250328" and eth[9] == "ETHUSDT_250328"



def test_opening_the_file_does_not_force_a_recalculation(demo_file):
    """Issue 11: no fullCalcOnLoad, and the calculation engine id of a current Excel (an older one makes Excel
    recalculate everything on open, to #NAME? where hedgebook's functions are not loaded)."""
    with zipfile.ZipFile(demo_file) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    assert '<calcPr calcId="191029"/>' in workbook_xml and "fullCalcOnLoad" not in workbook_xml
    formulas = openpyxl.load_workbook(demo_file)
    status = formulas[L.START][L.FUNCTIONS_STATUS.a1()].value
    assert status.startswith("=IF(FunctionsMissing,") and L.FUNCTIONS_STATUS_NAME in formulas.defined_names
    assert formulas[L.START][L.FUNCTIONS_MISSING.a1()].value == "=IF(ISERROR(NETEXPOSURE(1,1)),1,0)"


@pytest.mark.parametrize("formula", [
    '=IF($A5="","",IF(FunctionsMissing,"needs add-in",HEDGESIZE(D5,F5,PortfolioValue,INDEX(Holdings_Price,1))))',
    "=SUM(F5:F104)", "{=SUM(A1:A3*B1:B3)}", "=XLOOKUP(A1,B1:B9,C1:C9)", "=SORT(A1:A9)", "=1+SWITCH(A1,1,2)",
])
def test_the_quicker_worksheet_writes_every_formula_as_xlsxwriter_does(formula):
    """The build skips XlsxWriter's 29 prefix substitutions where a formula calls none of those functions."""
    from xlsxwriter.worksheet import Worksheet as Original

    from hedgebook.excel.template import Worksheet

    quick, original = Worksheet(), Original()
    assert quick._prepare_formula(formula) == original._prepare_formula(formula)
