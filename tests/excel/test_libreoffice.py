"""The demo workbook opened by a real spreadsheet program (LibreOffice Calc, headless), read back from its PDF."""

import re
import shutil
import subprocess
import zipfile

import pytest

from hedgebook.cli import main

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed; .ci/run installs them",
)


ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
"""LibreOffice's "Recalculation on file load: Excel 2007 and newer: Always recalculate": what Excel does
without hedgebook's worksheet functions when it decides to recalculate (Mac, the web, before Import Functions)."""


def _typed(workbook, sheet_number: int, address: str, value: float) -> None:
    """Type ``value`` into a cell as Excel saves it (the sheet's XML), leaving everything else as written."""
    edited = workbook.with_suffix(".edited")
    part = f"xl/worksheets/sheet{sheet_number}.xml"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                xml, count = re.subn(rf'(<c r="{address}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value}\g<2>", data.decode())
                assert count == 1, (part, address)
                data = xml.encode()
            target.writestr(item, data)
    edited.replace(workbook)


def _render(folder, recalculate: bool, edit=None) -> str:
    assert main(["demo", "--out", str(folder)]) == 0
    if edit:
        edit(folder / "hedgebook_demo.xlsm")
    profile = folder / "lo-profile"  # a private LibreOffice profile: no lock shared with another run
    if recalculate:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(folder / "hedgebook_demo.xlsm")],
        check=True, capture_output=True, timeout=180,
    )
    pdf = folder / "hedgebook_demo.pdf"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory):
    """As LibreOffice opens a file by default: the cached values, not recalculated."""
    return _render(tmp_path_factory.mktemp("render"), recalculate=False)


@pytest.fixture(scope="module")
def recalculated_text(tmp_path_factory):
    """Recalculated on load by a program without hedgebook's worksheet functions."""
    return _render(tmp_path_factory.mktemp("recalc"), recalculate=True)


def _page(text, title):
    """The PDF page (one per sheet) whose first line starts with the sheet's title (a warning may follow it)."""
    pages = [page.strip() for page in text.split("\f")]
    return next(page for page in pages if page.splitlines() and page.splitlines()[0].split()[0] == title)


def test_rebalance_page_shows_the_worked_example(pdf_text):
    """Every cell but the arrays' shows its value as saved. LibreOffice keeps no saved value of an array formula: it
    computes each one as it opens the file, so without hedgebook's functions the four array columns say so."""
    page = _page(pdf_text, "Rebalance")
    for figure in ("65,000.00", "35,000.00", "-15,000.00", "15,000.00", "-0.250", "5.000", "100,000.00", "sell",
                   "buy"):
        assert figure in page, figure
    assert page.count("50.00%") >= 2  # the targets
    assert page.count("needs add-in") == 2 * 4  # Weight now, Hedge notional, Sized, Weight after of both assets


def test_orders_page_shows_the_orders(pdf_text):
    page = _page(pdf_text, "Orders")
    for figure in ("BTC", "ETH", "BTCUSDT", "ETHUSDT", "-0.250", "5.000", "-135.00", "135.00", "5,000.00",
                   "79,681.27", "2,008.03", "10,000.00"):
        assert figure in page, figure


def test_no_sheet_shows_an_error_or_a_missing_function(pdf_text):
    """Nor, as opened, a warning: a formula saved without a value would be recalculated (to not loaded)."""
    assert "Worksheet functions not loaded" not in pdf_text and "Inputs changed" not in pdf_text
    for marker in ("#NAME?", "#VALUE!", "Err:", "#REF!", "#N/A"):
        assert marker not in pdf_text


def test_without_recalculation_start_says_the_figures_are_as_computed(pdf_text):
    start = " ".join(_page(pdf_text, "hedgebook").split())
    assert "Worksheet functions the figures are as hedgebook computed them" in start


def test_recalculated_without_the_functions_every_calculation_sheet_says_why(recalculated_text):
    """Issue 11: forced to recalculate without the add-in, words say what is missing, and no #NAME? wall."""
    start = " ".join(_page(recalculated_text, "hedgebook").split())
    assert "Worksheet functions not loaded: this program cannot recalculate hedgebook's figures" in start
    for title in ("Rebalance", "Carry", "Costs", "Risk"):
        page = " ".join(_page(recalculated_text, title).split())
        assert "Worksheet functions not loaded: figures show 'needs add-in'" in page, title
    for marker in ("#NAME?", "#VALUE!", "Err:", "#REF!", "#N/A", "#DIV/0!"):
        assert marker not in recalculated_text, marker


def test_recalculated_without_the_functions_figures_that_need_none_remain(recalculated_text):
    """Spot values and the portfolio value are arithmetic on Holdings: they stay numbers; the hedge sizes do not."""
    page = _page(recalculated_text, "Rebalance")
    for figure in ("65,000.00", "35,000.00", "100,000.00"):
        assert figure in page, figure
    assert "needs add-in" in page and "-0.250000" not in page


def test_recalculated_orders_written_by_the_last_refresh_are_not_called_stale(recalculated_text):
    """The hidden copy of the typed inputs matches what the build typed: no false alarm."""
    assert "Inputs changed since the last Refresh" not in recalculated_text


def test_orders_say_they_are_stale_after_a_holding_is_edited(tmp_path):
    """Issue 11: Orders are values; typing a new quantity makes them say so, with no worksheet function."""
    from hedgebook.excel import layout as L

    quantity = L.HOLDINGS_TABLE.cell("Quantity (coins)", 0).a1()
    sheet_number = L.SHEETS.index(L.HOLDINGS) + 1
    text = _render(tmp_path, recalculate=True, edit=lambda book: _typed(book, sheet_number, quantity, 2.0))
    orders = " ".join(_page(text, "Orders").split())
    assert "Inputs changed since the last Refresh: figures are the plan as it was" in orders
    for title in ("Carry", "Risk"):  # the functions' warning comes first: nothing there recalculates
        assert "Worksheet functions not loaded" in " ".join(_page(text, title).split())


def test_a_status_written_when_the_data_was_fresh_says_it_is_stale_now(tmp_path, pdf_text):
    """Issue 23 §4: opened later, live data past Settings' Stale after no longer reads "ok". The demo, told it is
    not the sample (its data is 692 days old): Start, Market, Holdings and Orders say "(stale now)"; the sample
    itself never does (it is valued at its own time)."""
    from hedgebook.excel import layout as L

    sample = L.GLANCE_CELL["sample"].a1()
    text = _render(tmp_path, recalculate=False,
                   edit=lambda book: _typed(book, L.SHEETS.index(L.START) + 1, sample, 0))
    for title in ("hedgebook", "Market", "Holdings", "Orders"):
        assert "(stale now)" in _page(text, title), title
    assert "(stale now)" not in pdf_text


def test_every_printed_page_carries_a_table_not_a_stray_line(pdf_text):
    """Issue 11: Costs' total and Context's CFTC title each used to print alone on a page; Holdings and Market
    shrank to nothing. Each page now has a title or a table (and Start's sentence is whole)."""
    pages = [page for page in pdf_text.split("\f") if page.strip()]
    assert len(pages) <= 20
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) >= 3, lines
    start = " ".join(_page(pdf_text, "hedgebook").split())
    assert "goes long the underweight one, and shows what that costs and risks." in start
    holdings = _page(pdf_text, "Holdings")
    assert "1.0833" in holdings and "1.083333" not in holdings and "20,000.00" in holdings  # coins to 4 decimals
    assert "linear" in holdings and "FALSE" not in holdings


def test_titles_and_notes_print_whole(pdf_text):
    """Issue 23 §5: each of these was cut at a page's edge or by the next cell ("To unwind every h / edge",
    "one exchan / ge", "BTCUSDT_25032SAMPLE HISTORY")."""
    for whole in ("Yellow: what you own and want", "To unwind every hedge (after the orders):",
                  "everything on one exchange is lost with it",
                  "SAMPLE HISTORY: made-up daily series, not from any market", "If one asset moves -20%",
                  "Install the add-in (once; the file alone is enough to read the plan)"):
        assert whole in pdf_text, whole
    assert "_250328SAMPLE" not in pdf_text  # the dated future's symbol and the note apart
