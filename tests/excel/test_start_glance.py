"""Start at a glance: its defined names hold what ``plan --json`` gives as ``summary``."""

import datetime as dt

import openpyxl
import pytest

from hedgebook.app.export import plan_as_json
from hedgebook.excel import layout as L
from hedgebook.excel.project import sample_plan
from hedgebook.excel.sheets.start import data_age_text_formula
from hedgebook.excel.template import build_workbook

NAMES = {"portfolio_value": "Start_PortfolioValue", "order_count": "Start_OrderCount",
         "gross_notional": "Start_GrossNotional", "nearest_liquidation": "Start_NearestLiquidation",
         "data_age_days": "Start_DataAge"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    plan, snapshot = sample_plan()
    now = snapshot.fetched_at + dt.timedelta(days=3, hours=2)
    path = build_workbook(tmp_path_factory.mktemp("start") / "start.xlsm", plan, snapshot,
                          udf_module="hedgebook.excel.udfs", now=now)
    return openpyxl.load_workbook(path, data_only=True), plan_as_json(plan, now)


def named_value(book, name):
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return book[sheet][ref.replace("$", "")].value


def test_each_start_name_equals_the_json_summary(built):
    book, data = built
    for field, name in NAMES.items():
        assert named_value(book, name) == pytest.approx(data["summary"][field]), name
    assert named_value(book, "Start_Sample") == 1 and data["sample"] is True
    assert named_value(book, "Start_Concentration") == "none" and data["summary"]["venues_above_limit"] == []
    assert named_value(book, "Start_NearestLiquidationContract") == data["summary"]["nearest_liquidation_contract"]
    assert named_value(book, "Start_DataAge") == pytest.approx(3 + 2 / 24)


def test_start_says_the_datas_time_and_age_in_words(built):
    book, _ = built
    text = book[L.START][L.DATA_AGE_TEXT.a1()].value
    assert text == "as of 2025-01-14 08:00 UTC, 3 days old"
    assert len(data_age_text_formula()) <= 200


def test_refresh_in_excel_writes_the_glance_by_name_and_keeps_the_age_formula():
    from hedgebook.app.summary import summary_of
    from hedgebook.excel.macros import _write_glance

    plan, snapshot = sample_plan()

    class Names:
        def __init__(self):
            self.written = {}

        def refers_to(self, name):
            field = next((f for f, _, n in L.GLANCE if n == name), None)
            return None if field is None else f"'{L.START}'!{L.GLANCE_CELL[field].a1(absolute=True)}"

        def write(self, cell, rows, styles=()):
            self.written[cell.a1()] = rows[0][0]

    cells = Names()
    _write_glance(cells, summary_of(plan, snapshot.fetched_at))
    by_field = {field: cells.written.get(L.GLANCE_CELL[field].a1()) for field, _, _ in L.GLANCE}
    assert by_field["order_count"] == 2 and by_field["sample"] == 1
    assert by_field["data_age_days"] is None  # a formula: never overwritten by a value


def test_start_carries_the_install_steps(built):
    book, _ = built
    column = [book[L.START].cell(row, L.GLANCE_TITLE.col1).value for row in range(1, 40)]
    assert "Install the add-in (once; the file alone is enough to read the plan)" in column
    assert any(text and "xlwings addin install" in text for text in column)
    assert any(text and "Trust access to the VBA project object model" in text for text in column)
    assert any(text and "Import Functions" in text for text in column)


def test_the_datas_age_turns_red_past_stale_after(tmp_path):
    """The statuses are written when the data is fresh; once the file is older than Stale after, Start says so."""
    plan, snapshot = sample_plan()
    path = build_workbook(tmp_path / "age.xlsm", plan, snapshot, udf_module="hedgebook.excel.udfs")
    rules = {str(ranges.sqref): [rule.formula for rule in ranges.rules]
             for ranges in openpyxl.load_workbook(path)[L.START].conditional_formatting}
    stale = [["Start_DataAge*24>Settings_StaleAfterHours"]]
    for cell in (L.GLANCE_CELL["data_age_days"], L.DATA_AGE_TEXT):
        assert rules.get(cell.a1()) == stale, rules
