"""Issue 23 §1: the workbook calls hedgebook's functions from a few cells, whatever the number of holdings, and no
formula is longer than 200 characters."""

import re

import openpyxl
import pytest

from hedgebook.app.inputs import HoldingInput
from hedgebook.excel import layout as L
from hedgebook.excel import udfs
from hedgebook.excel.project import sample_plan
from hedgebook.excel.template import build_workbook

CALL_SITE_LIMIT = 60
FORMULA_LENGTH_LIMIT = 200
CALL = re.compile(r"\b(?:" + "|".join(sorted(udfs.WORKSHEET_FUNCTIONS, key=len, reverse=True)) + r")\(")


def _formulas(path):
    """Every formula of the workbook: (sheet, cell, text, the block an array fills or None)."""
    for sheet in openpyxl.load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                array = type(cell.value).__name__ == "ArrayFormula"
                text = cell.value.text if array else cell.value
                if isinstance(text, str) and text.startswith("="):
                    yield sheet.title, cell.coordinate, text, cell.value.ref if array else None


def _call_sites(path):
    return sorted((sheet, cell) for sheet, cell, text, _ in _formulas(path) if CALL.search(text))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """The worked example (two holdings) and the same with ten more (held at 0, as one may keep a row)."""
    folder = tmp_path_factory.mktemp("sites")
    book, snapshot = sample_plan()
    two = build_workbook(folder / "two.xlsm", book, snapshot, udf_module="w")
    cash = [HoldingInput(asset, 0.0) for asset in ("USD", "USDC", "USDT", "DAI", "EUR", "TUSD", "FDUSD", "PYUSD",
                                                        "USDP", "GUSD")]
    holdings = [HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
                HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5), *cash]
    book, snapshot = sample_plan(holdings)
    twelve = build_workbook(folder / "twelve.xlsm", book, snapshot, udf_module="w")
    return two, twelve


def test_at_most_60_cells_call_the_functions_and_as_many_for_twelve_holdings_as_for_two(workbooks):
    two, twelve = workbooks
    sites = _call_sites(two)
    assert len(sites) <= CALL_SITE_LIMIT, sites
    assert _call_sites(twelve) == sites


def test_each_holding_column_that_calls_them_is_one_array_over_the_100_rows(workbooks):
    two, _ = workbooks
    tables = [t for t in vars(L).values() if isinstance(t, L.Table) and t.max_rows == L.MAX_HOLDINGS]
    for sheet, cell, text, block in _formulas(two):
        if not CALL.search(text):
            continue
        row, col = openpyxl.utils.cell.coordinate_to_tuple(cell)
        table = next((t for t in tables if t.sheet == sheet and t.first_row + 1 == row
                      and t.first_col < col <= t.first_col + len(t.titles)), None)
        if table is not None:
            assert block is not None and block.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == str(
                table.last_row + 1), (sheet, cell)


def test_no_formula_is_longer_than_200_characters(workbooks):
    for path in workbooks:
        long = [(sheet, cell, len(text)) for sheet, cell, text, _ in _formulas(path)
                if len(text) > FORMULA_LENGTH_LIMIT]
        assert not long, long[:5]
