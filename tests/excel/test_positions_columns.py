"""Positions' margin columns (issue 21 A1) in the workbook: written and read back, and a workbook built before they
existed is read without taking its Refresh columns for them."""

import math

import openpyxl
import pytest

from hedgebook.app.inputs import HoldingInput, PositionInput
from hedgebook.excel import layout as L
from hedgebook.excel.project import sample_plan
from hedgebook.excel.template import build_workbook
from hedgebook.excel.workbook_io import read_file

POSITIONS = [PositionInput("binance", "BTCUSDT", -0.25, 60_000.0, margin=4_000.0),
             PositionInput("binance", "ETHUSDT", 5.0, 3_000.0, margin_mode="cross")]
HOLDINGS = [HoldingInput("BTC", 65_000 / 60_000, 20_000.0, venue="binance", target_weight=0.5),
            HoldingInput("ETH", 35_000 / 3_000, 1_500.0, venue="binance", target_weight=0.5)]


@pytest.fixture
def workbook(tmp_path):
    book, snapshot = sample_plan(HOLDINGS, positions=POSITIONS)
    return build_workbook(tmp_path / "plan.xlsm", book, snapshot, udf_module="plan")


def test_the_margin_columns_are_written_and_read_back(workbook):
    positions = read_file(workbook).inputs.positions
    assert [(p.margin_mode, p.margin) for p in positions][0] == ("isolated", 4_000)
    assert positions[1].margin_mode == "cross" and math.isnan(positions[1].margin)
    sheet = openpyxl.load_workbook(workbook)[L.POSITIONS]
    liquidation = sheet.cell(L.POSITIONS_TABLE.first_row + 1, L.POSITIONS_TABLE.col("Liquidation price") + 1).value
    # (4 000 + 0.25 × 60 000) / (0.25 × 1.004) on Settings' 0.4 %... or BTCUSDT's shipped tiers, whose first is 0.4 %
    assert liquidation == pytest.approx(19_000 / 0.251)
    margin_used = sheet.cell(L.POSITIONS_TABLE.first_row + 2, L.POSITIONS_TABLE.col("Margin used") + 1).value
    assert margin_used == "cross"


def test_a_workbook_from_before_the_margin_columns_reads_its_positions(workbook, tmp_path):
    """Its columns E and F held Refresh's Asset and Marked as, and it had no names for the margin columns."""
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    for name in ("Positions_MarginMode", "Positions_Margin"):
        del book.defined_names[name]
    sheet = book[L.POSITIONS]
    header = L.POSITIONS_TABLE.header_row + 1
    sheet.cell(header, 5).value, sheet.cell(header, 6).value = "Asset", "Marked as"
    for row, (asset, marked) in enumerate((("BTC", "BINANCE BTCUSDT"), ("ETH", "BINANCE ETHUSDT")), start=header + 1):
        sheet.cell(row, 5).value, sheet.cell(row, 6).value = asset, marked
    old = tmp_path / "old.xlsm"
    book.save(old)
    positions = read_file(old).inputs.positions
    assert [(p.contract, p.contracts, p.margin_mode) for p in positions] == [
        ("BTCUSDT", -0.25, "isolated"), ("ETHUSDT", 5.0, "isolated")]
    assert all(math.isnan(p.margin) for p in positions)


def test_a_venue_rate_typed_on_settings_is_read_and_an_older_workbook_has_none(workbook):
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet = book[L.SETTINGS]
    venues = [sheet.cell(L.VENUE_RATES_TABLE.first_row + 1 + k, 1).value for k in range(L.MAX_VENUE_RATES)]
    deribit = venues.index("deribit")
    sheet.cell(L.VENUE_RATES_TABLE.first_row + 1 + deribit, 2).value = 0.005
    book.save(workbook)
    assert read_file(workbook).inputs.settings.venue_maint_rates == (("deribit", 0.005),)
    for name in L.VENUE_RATE_NAMES.values():  # as a workbook built before the block
        del book.defined_names[name]
    sheet.cell(L.VENUE_RATES_TABLE.header_row + 1, 1).value = None
    book.save(workbook)
    assert read_file(workbook).inputs.settings.venue_maint_rates == ()
