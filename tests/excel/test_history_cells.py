"""A History cell that cannot be meant (issue 21 B4): a negative close or text is a missing day, said with the sheet
and cell, and the refresh goes on (before: it wrote nothing)."""

import openpyxl

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import read_file, refresh_file
from hedgebook.market import load_sample

SAMPLE = load_sample()


def test_a_negative_close_and_text_on_history_are_missing_days_and_the_refresh_writes(tmp_path):
    plan = write_project(tmp_path, "historycells").workbook
    book = openpyxl.load_workbook(plan, keep_vba=True)
    table = L.history_table(0)
    spot = table.cell("Spot close", 3)
    hedge = table.cell("Hedge close", 4)
    book[L.HISTORY][spot.a1()] = -5.0
    book[L.HISTORY][hedge.a1()] = "n/a"
    book.save(plan)
    contents = read_file(plan)
    notes = list(contents.inputs.notes)
    assert f"History!{spot.a1()}: -5 is not a price; read as a missing day" in notes
    assert f"History!{hedge.a1()}: 'n/a' is not a price; read as a missing day" in notes
    first = contents.histories[0]
    assert first.spot_close[3] != first.spot_close[3] and first.hedge_close[4] != first.hedge_close[4]  # NaN
    outcome = refresh_file(plan, fetch=lambda venues, assets=None, **kw: SAMPLE, fetch_cot=lambda timeout=None: None,
                           now=lambda: SAMPLE.fetched_at, history=None)
    assert outcome.write
    assert f"History!{spot.a1()}: -5 is not a price; read as a missing day" in outcome.plan.notes
