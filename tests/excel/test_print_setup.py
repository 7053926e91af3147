"""Every sheet prints landscape, one page wide, its title rows repeated; Context one block per page."""

import openpyxl
import pytest

from hedgebook.excel import layout as L
from hedgebook.excel.sheets.context import CONTEXT_PRINT_SCALE


@pytest.fixture(scope="module")
def book():
    from pathlib import Path

    return openpyxl.load_workbook(Path(__file__).resolve().parents[2] / "workbook_templates" / "hedgebook.xlsm")


@pytest.mark.parametrize("name", [name for name in L.SHEETS if name != L.CONTEXT])
def test_each_sheet_is_landscape_one_page_wide_with_its_title_rows_repeated(book, name):
    sheet = book[name]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth or 1) == 1, name  # absent = 1, as OOXML defines it
    assert sheet.print_title_rows and sheet.print_title_rows.startswith("$1:"), (name, sheet.print_title_rows)


def test_the_tables_repeat_their_header_with_the_title(book):
    for name, table in ((L.HOLDINGS, L.HOLDINGS_TABLE), (L.MARKET, L.MARKET_TABLE), (L.ORDERS, L.ORDERS_TABLE),
                        (L.RISK, L.RISK_TABLE), (L.REBALANCE, L.REBALANCE_TABLE)):
        assert book[name].print_title_rows == f"$1:${table.header_row + 1}", name


def test_context_prints_one_block_per_page_at_a_legible_scale(book):
    sheet = book[L.CONTEXT]
    assert sheet.page_setup.orientation == "landscape"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # fitting would shrink three blocks onto one page
    assert int(sheet.page_setup.scale) == CONTEXT_PRINT_SCALE
    assert [brk.id for brk in sheet.col_breaks.brk] == [L.POSITIONING_TABLE.first_col, L.COT_CHANGE_TABLE.first_col]
    assert [brk.id for brk in sheet.row_breaks.brk] == [L.COT_TITLE_CELL.row]
    assert sheet.page_setup.pageOrder == "overThenDown"
