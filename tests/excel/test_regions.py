"""The one map of the blocks of rows a refresh writes, read by both writers."""

import inspect

import pytest

from hedgebook.excel import macros, template
from hedgebook.excel.project import sample_plan
from hedgebook.excel.regions import COT_CHANGE, REGION, REGIONS, Written, write_regions
from hedgebook.market.cot import _to_frame

from ..market.cftc_reports import REPORTS


def test_each_region_has_its_own_block_and_name():
    assert len(REGION) == len(REGIONS)
    blocks = [(r.table.sheet, r.table.first_row, r.table.first_col) for r in (*REGIONS, COT_CHANGE)]
    assert len(set(blocks)) == len(blocks)


def test_a_region_never_gives_more_rows_than_its_block_holds():
    plan, snapshot = sample_plan()
    written = Written(plan, snapshot, _to_frame(REPORTS, 12))
    for region in (*REGIONS, COT_CHANGE):
        rows = region.rows(written)
        assert len(rows) <= region.max_rows
        assert all(len(row) == len(region.table.titles) for row in rows), region.name
    assert REGION["orders"].rows(written) and REGION["venue status"].rows(written)


def test_both_writers_run_the_one_loop_and_neither_builds_rows_itself():
    for writer in (macros.write_results, template.build_workbook):
        source = inspect.getsource(writer)
        assert "write_regions(" in source, writer.__name__
        assert not any(f"{name}(" in source for name in ("order_rows", "unwind_rows", "switch_rows", "choice_rows",
                                                          "venue_risk_rows", "open_interest_rows", "positioning_rows",
                                                          "venue_status_rows", "cot_change_rows"))


def _blank_nan(rows):
    return [[None if isinstance(v, float) and v != v else v for v in row] for row in rows]


class RecordingCells:
    def __init__(self):
        self.done = []

    def clear(self, block):
        self.done.append(("clear", block))

    def write(self, cell, rows, styles=()):
        self.done.append(("write", cell, rows, tuple(styles)))


def test_write_regions_clears_each_cleared_block_then_writes_its_rows_in_its_styles():
    plan, snapshot = sample_plan()
    written = Written(plan, snapshot, _to_frame(REPORTS, 12))
    cells = RecordingCells()
    shown = write_regions(cells, written, (*REGIONS, COT_CHANGE))
    expected = []
    for region in (*REGIONS, COT_CHANGE):
        if region.cleared:
            expected.append(("clear", region.table.data()))
        expected.append(("write", region.table.data().first, shown[region.name], region.styles))
        assert _blank_nan(shown[region.name]) == _blank_nan(region.rows(written)), region.name
    assert cells.done == expected
    assert list(shown) == [r.name for r in (*REGIONS, COT_CHANGE)]
    assert shown["orders"] == REGION["orders"].rows(written) and shown["orders"]


def test_a_new_workbook_holds_each_region_rows_where_the_map_says(tmp_path):
    import openpyxl

    plan, snapshot = sample_plan()
    written = Written(plan, snapshot)
    path = template.build_workbook(tmp_path / "book.xlsm", plan, snapshot, udf_module="hedgebook.excel.udfs")
    book = openpyxl.load_workbook(path, data_only=True)
    for region in REGIONS:
        rows = region.rows(written)
        assert rows, region.name
        sheet, first = book[region.table.sheet], region.table.data().first
        for offset, row in enumerate(rows):
            for col, value in enumerate(row):
                held = sheet.cell(first.row1 + offset, first.col1 + col).value
                if isinstance(value, str):
                    assert held == value, (region.name, offset, col)
                elif isinstance(value, (int, float)) and value == value:
                    assert held == pytest.approx(value), (region.name, offset, col)


def test_each_column_of_a_region_has_a_style_of_the_workbook(tmp_path):
    import xlsxwriter

    from hedgebook.excel.sheets.formats import Formats

    fmt = Formats(xlsxwriter.Workbook(str(tmp_path / "styles.xlsx")))
    for region in (*REGIONS, COT_CHANGE):
        assert len(region.styles) == len(region.table.titles), region.name
        assert all(hasattr(fmt, style) for style in region.styles), region.name
