"""The one map of the blocks of rows a refresh writes, read by both writers."""

import inspect

from hedgebook.excel import macros
from hedgebook.excel.project import sample_plan
from hedgebook.excel.regions import COT_CHANGE, REGION, REGIONS, Written
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


def test_refresh_in_excel_writes_every_region_from_the_map():
    source = inspect.getsource(macros.write_results)
    assert "for region in REGIONS" in source
    assert not any(f"{name}(" in source for name in ("order_rows", "unwind_rows", "switch_rows", "choice_rows",
                                                      "venue_risk_rows", "open_interest_rows", "positioning_rows",
                                                      "venue_status_rows", "cot_change_rows"))


def test_each_column_of_a_region_has_a_style_of_the_workbook(tmp_path):
    import xlsxwriter

    from hedgebook.excel.sheets.formats import Formats

    fmt = Formats(xlsxwriter.Workbook(str(tmp_path / "styles.xlsx")))
    for region in (*REGIONS, COT_CHANGE):
        assert len(region.styles) == len(region.table.titles), region.name
        assert all(hasattr(fmt, style) for style in region.styles), region.name
