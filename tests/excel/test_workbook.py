"""The plan workbook: template, cached values, projects, headless plan and refresh, safe text."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.build_template import TEMPLATE_NAME, build
from hedgebook.excel.project import check_name, sample_book, write_project
from hedgebook.excel.template import build_workbook
from hedgebook.excel.workbook_io import read_inputs, write_atomically
from hedgebook.market import MarketSnapshot, load_sample
from hedgebook.market.table import make_row, to_table

from ..market.servers import serve_all

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
    assert {s.name for s in L.SETTINGS_ROWS} <= names
    assert {L.PORTFOLIO_VALUE_NAME, L.LAST_REFRESH_NAME} <= names
    members = _members(demo_file)
    assert "xl/vbaProject.bin" in members
    drawings = b"".join(v for k, v in members.items() if k.startswith("xl/drawings/vmlDrawing"))
    assert b"SampleCall" in drawings and b"Refresh" in drawings
    charts = [k for k in members if k.startswith("xl/charts/chart")]
    assert len(charts) == 2  # Rebalance weights, Risk stress


def test_formulas_use_defined_names_and_carry_the_core_values(demo_file):
    formulas = openpyxl.load_workbook(demo_file)[L.REBALANCE]
    values = openpyxl.load_workbook(demo_file, data_only=True)[L.REBALANCE]
    assert "HEDGESIZE(" in formulas["H5"].value and "Portfolio_Value" in formulas["H5"].value
    assert "INDEX(Holdings_Price,1)" in formulas["H5"].value
    book, _ = sample_book()
    plan = book.plan
    assert [values["H5"].value, values["H6"].value] == plan.contracts.tolist() == [-0.25, 5.0]
    assert [values["I5"].value, values["I6"].value] == pytest.approx([-15_000, 15_000])
    assert [values["J5"].value, values["J6"].value] == ["sell", "buy"]
    assert values["K2"].value == pytest.approx(100_000)
    assert values["A7"].value in ("", None)  # empty plan rows show nothing
    carry = openpyxl.load_workbook(demo_file, data_only=True)[L.CARRY]
    assert carry["L5"].value == pytest.approx(0.10) and carry["K5"].value == pytest.approx(73)
    assert carry["F5"].value == pytest.approx(-135)
    costs = openpyxl.load_workbook(demo_file, data_only=True)[L.COSTS]
    assert costs["C5"].value == pytest.approx(2_530) and costs["D5"].value == pytest.approx(-90)
    risk = openpyxl.load_workbook(demo_file, data_only=True)[L.RISK]
    assert risk["F5"].value == pytest.approx(79_681.27, abs=0.01)


def test_orders_sheet(demo_file):
    orders = openpyxl.load_workbook(demo_file, data_only=True)[L.ORDERS]
    rows = [[c.value for c in row] for row in orders.iter_rows(min_row=L.FIRST_ROW + 1, max_row=L.FIRST_ROW + 2)]
    assert rows[0][:5] == ["binance", "BTCUSDT", "sell", -0.25, -15_000]
    assert rows[1][:5] == ["binance", "ETHUSDT", "buy", 5, 15_000]
    assert rows[0][5:] == pytest.approx([-135, 5_000, 79_681.2749], abs=1e-3)


def test_network_text_is_written_as_text(tmp_path):
    sample = load_sample()
    rows = [make_row("binance", text, "BTC", "USDT", "perp", "linear", mark_price=1.0) for text in HOSTILE_TEXTS]
    snapshot = MarketSnapshot(to_table(rows), fetched_at=sample.fetched_at, label='=cmd|"/c calc"!A1')
    book, _ = sample_book()
    path = build_workbook(tmp_path / "x.xlsm", book, snapshot, udf_module="x")
    market = openpyxl.load_workbook(path)[L.MARKET]
    cells = [market.cell(L.MARKET_FIRST_ROW + 1 + i, 2) for i in range(len(HOSTILE_TEXTS))]
    assert [c.value for c in cells] == list(HOSTILE_TEXTS)
    assert all(c.data_type == "s" for c in cells)
    assert openpyxl.load_workbook(path)[L.START].cell(L.LAST_REFRESH_ROW + 2, 3).data_type == "s"


def test_new_project_and_its_refusals(tmp_path, capsys):
    assert main(["new", "myplan", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "myplan" / "myplan.xlsm").exists() and (tmp_path / "myplan" / "myplan.py").exists()
    before = (tmp_path / "myplan" / "myplan.xlsm").read_bytes()
    assert main(["new", "myplan", "--dir", str(tmp_path)]) == 1
    assert "exists; not overwriting it" in capsys.readouterr().out
    assert (tmp_path / "myplan" / "myplan.xlsm").read_bytes() == before


@pytest.mark.parametrize("name", ["my plan", "1plan", "class", "pandas", "hedgebook", "plan.xlsm"])
def test_bad_project_names(name):
    with pytest.raises(ValueError, match="cannot be a plan name"):
        check_name(name)


def test_plan_reads_the_file_as_json(demo_file, capsys):
    assert main(["plan", str(demo_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["asset"], o["side"], o["contracts"]) for o in data["orders"]] == [("BTC", "sell", -0.25), ("ETH", "buy", 5.0)]
    assert data["portfolio_value"] == pytest.approx(100_000)


def test_plan_on_a_file_that_is_not_a_plan(tmp_path, capsys):
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    assert main(["plan", str(other)]) == 1
    assert "is not a hedgebook plan: no sheet 'Holdings'" in capsys.readouterr().out


def test_bad_input_cell_is_named(tmp_path, capsys):
    path = write_project(tmp_path, "badplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[L.HOLDINGS]["B5"] = "lots"
    book.save(path)
    assert main(["plan", str(path)]) == 1
    assert "Holdings row 5 (BTC): could not convert string to float: 'lots'" in capsys.readouterr().out


def test_headless_refresh_against_the_local_venues(market_server, tmp_path, capsys):
    serve_all(market_server)
    path = write_project(tmp_path, "liveplan").workbook
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "Refreshed liveplan.xlsm" in out
    values = openpyxl.load_workbook(path, data_only=True)
    start = values[L.START]
    assert start.cell(L.LAST_REFRESH_ROW + 2, 3).value.startswith("live data")
    holdings = values[L.HOLDINGS]
    assert holdings["G5"].value == "BTCUSDT" and holdings["H5"].value == 60_000  # from the local server
    assert holdings["O5"].value is None  # the fixture's quarterly expired in 2025: never offered as a hedge
    market = values[L.MARKET]
    venues = {market.cell(r, 1).value for r in range(L.MARKET_FIRST_ROW + 1, L.MARKET_FIRST_ROW + 40)} - {None}
    assert venues == {"binance", "binance_spot", "coingecko"}  # only what the plan needs
    assert "xl/vbaProject.bin" in _members(path)


def test_refresh_keeps_a_failed_venue_stale_and_the_file_when_nothing_answers(market_server, tmp_path, capsys):
    path = write_project(tmp_path, "staleplan").workbook
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=451)
    serve_all(market_server)
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "binance failed: not available from your location (HTTP 451)" in out
    market = openpyxl.load_workbook(path, data_only=True)[L.MARKET]
    statuses = {market.cell(r, 2).value: market.cell(r, 20).value
                for r in range(L.MARKET_FIRST_ROW + 1, L.MARKET_FIRST_ROW + 40) if market.cell(r, 1).value == "binance"}
    assert statuses["BTCUSDT"] == "stale: not available from your location (HTTP 451)"

    market_server.clear()
    before = path.read_bytes()
    assert main(["refresh", str(path), "--timeout", "5"]) == 1
    assert "no venue answered" in capsys.readouterr().out
    assert path.read_bytes() == before


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


def test_read_inputs_round_trip(demo_file):
    inputs = read_inputs(demo_file)
    assert [(h.asset, h.venue, h.target_weight) for h in inputs.holdings] == [("BTC", "binance", 0.5), ("ETH", "binance", 0.5)]
    assert inputs.settings.as_of == dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)
    assert len(inputs.market) == len(load_sample().table)
    assert inputs.udf_module == "plan_demo"


def test_refresh_loads_the_cftc_report_and_keeps_it_when_the_cftc_fails(market_server, tmp_path, capsys):
    from ..market.test_cot import REPORTS

    serve_all(market_server)
    market_server.expect_request("/resource/gpe5-46if.json").respond_with_json(REPORTS)
    path = write_project(tmp_path, "cotplan").workbook
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    context = openpyxl.load_workbook(path, data_only=True)[L.CONTEXT]
    header = [c.value for c in context[L.COT_FIRST_ROW + 1]][:4]
    assert header == ["report_date", "market_code", "market", "open_interest"]
    first = [c.value for c in context[L.COT_FIRST_ROW + 2]]
    assert first[2] == "CME Bitcoin" and first[3] == 30_000

    market_server.clear()
    serve_all(market_server)  # the CFTC now answers 500
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    context = openpyxl.load_workbook(path, data_only=True)[L.CONTEXT]
    assert [c.value for c in context[L.COT_FIRST_ROW + 2]][2] == "CME Bitcoin"  # the last report is kept


def test_headless_refresh_refuses_a_workbook_with_sheets_of_its_own(tmp_path, capsys):
    path = write_project(tmp_path, "notesplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book.create_sheet("My notes")["A1"] = "keep me"
    book.save(path)
    before = path.read_bytes()
    assert main(["refresh", str(path)]) == 1
    assert "has sheets hedgebook does not manage (My notes)" in capsys.readouterr().out
    assert path.read_bytes() == before
