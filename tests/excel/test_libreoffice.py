"""The demo workbook opened by a real spreadsheet program (LibreOffice Calc, headless), read back from its PDF."""

import shutil
import subprocess

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


def _render(folder, recalculate: bool) -> str:
    assert main(["demo", "--out", str(folder)]) == 0
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
    page = _page(pdf_text, "Rebalance")
    for figure in ("65,000.00", "35,000.00", "65.00%", "35.00%", "-15,000.00", "15,000.00", "-0.250000", "5.000000",
                   "100,000.00", "sell", "buy"):
        assert figure in page, figure
    assert page.count("50.00%") >= 4  # target and after, both assets


def test_orders_page_shows_the_orders(pdf_text):
    page = _page(pdf_text, "Orders")
    for figure in ("BTCUSDT", "ETHUSDT", "-0.250000", "5.000000", "-135.00", "135.00", "5,000.00", "79,681.27",
                   "2,008.03"):
        assert figure in page, figure


def test_no_sheet_shows_an_error_or_a_missing_function(pdf_text):
    for marker in ("#NAME?", "#VALUE!", "Err:", "#REF!", "#N/A"):
        assert marker not in pdf_text


def test_without_recalculation_start_says_the_figures_are_as_computed(pdf_text):
    start = " ".join(_page(pdf_text, "hedgebook").split())
    assert "Worksheet functions the figures are as hedgebook computed them" in start


def test_recalculated_without_the_functions_every_calculation_sheet_says_why(recalculated_text):
    """Issue 11: forced to recalculate without the add-in, the #NAME? cells come with words saying what is missing."""
    start = " ".join(_page(recalculated_text, "hedgebook").split())
    assert "Worksheet functions not loaded: this program cannot recalculate hedgebook's figures (#NAME?)" in start
    for title in ("Rebalance", "Carry", "Costs", "Risk"):
        page = _page(recalculated_text, title)
        assert "Worksheet functions not loaded, so #NAME? below: see Start" in " ".join(page.split()), title
