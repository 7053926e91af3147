"""The demo workbook opened by a real spreadsheet program (LibreOffice Calc, headless), read back from its PDF."""

import shutil
import subprocess

import pytest

from hedgebook.cli import main

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed; .ci/run installs them",
)


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    assert main(["demo", "--out", str(folder)]) == 0
    profile = folder / "lo-profile"  # a private LibreOffice profile: no lock shared with another run
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(folder / "hedgebook_demo.xlsm")],
        check=True, capture_output=True, timeout=180,
    )
    pdf = folder / "hedgebook_demo.pdf"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def _page(text, title):
    """The PDF page (one per sheet) whose first line is the sheet's title."""
    pages = [page.strip() for page in text.split("\f")]
    return next(page for page in pages if page.splitlines() and page.splitlines()[0].strip() == title)


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
