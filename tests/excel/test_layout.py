"""layout.py, the only home of positions: both conventions, addresses, and the defined names built from it."""

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.widths import COLUMN_WIDTHS


@given(st.integers(0, 16_383))
def test_column_letters_round_trip(col):
    assert L.column_index(L.column_letter(col)) == col


@pytest.mark.parametrize("col, letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(col, letters):
    assert L.column_letter(col) == letters


def test_a_cell_in_both_conventions():
    cell = L.Cell("Start", 15, 2)
    assert (cell.row, cell.col, cell.row1, cell.col1) == (15, 2, 16, 3)
    assert (cell.a1(), cell.a1(absolute=True), cell.ref()) == ("C16", "$C$16", "'Start'!$C$16")
    assert cell.block() == L.Block("Start", 15, 2, 15, 2)


def test_tables_take_their_letters_from_their_titles():
    assert L.REBALANCE_TABLE.ref("Order notional", 0) == "Rebalance!J5"
    assert L.REBALANCE_TABLE.column("Spot value").relative() == "B5:B104"
    assert L.HOLDINGS_INPUT.ref() == "'Holdings'!$A$5:$F$104"  # 100 holdings
    assert L.POSITIONS_INPUT.ref() == "'Positions'!$A$5:$H$104"  # and 100 positions (with source, venue's price)
    assert L.positions_column("Positions_Contracts").ref() == "'Positions'!$C$5:$C$104"
    with pytest.raises(KeyError, match="Rebalance has no column 'Nope'"):
        L.REBALANCE_TABLE.col("Nope")


@pytest.mark.parametrize("text, block", [
    ("='Holdings'!$A$5:$A$16", L.Block("Holdings", 4, 0, 15, 0)),
    ("Start!$C$16", L.Block("Start", 15, 2, 15, 2)),
    ("'It''s'!B2", L.Block("It's", 1, 1, 1, 1)),
    ("=#REF!", None), ("", None), (None, None), ("=SUM(A1:A2)", None),
])
def test_a_defined_names_reference_as_a_block(text, block):
    assert L.parse_reference(text) == block


def test_every_defined_name_of_a_built_workbook_points_where_the_layout_says(tmp_path):
    book = openpyxl.load_workbook(write_project(tmp_path, "names").workbook)
    names = {name: L.parse_reference(book.defined_names[name].attr_text) for name in book.defined_names}
    expected = {column.name: L.holdings_column(column.name) for column in L.HOLDINGS_COLUMNS}
    expected.update({name: L.SETTINGS_TABLE.cell("Value", i).block() for i, name in enumerate(L.SETTINGS_NAMES)})
    expected.update({column.name: L.positions_column(column.name) for column in L.POSITIONS_COLUMNS})
    expected.update({column.name: L.accounts_column(column.name) for column in L.ACCOUNTS_COLUMNS})
    expected.update({name: L.VENUE_RATES_TABLE.column(title) for title, name in L.VENUE_RATE_NAMES.items()})
    expected.update({L.LAST_REFRESH_NAME: L.LAST_REFRESH.block(), L.DATA_LABEL_NAME: L.DATA_LABEL.block(),
                     L.FUNCTIONS_STATUS_NAME: L.FUNCTIONS_STATUS.block(),
                     L.PORTFOLIO_VALUE_NAME: L.PORTFOLIO_VALUE.block(), L.POSITIONS_PENDING_NAME:
                     L.POSITIONS_PENDING.block(),
                     L.HEDGE_RATIO_NAME: L.REBALANCE_TABLE.column("Hedge ratio (β)")})
    expected.update({L.FUNCTIONS_MISSING_NAME: L.FUNCTIONS_MISSING.block(), L.INPUTS_CHANGED_NAME: None})
    expected.update({name: L.GLANCE_CELL[field].block() for field, _, name in L.GLANCE})
    expected[L.SHOCKS_NAME] = L.shocks_row(L.STRESS_TABLE.header_row)
    expected.update({name: L.tier_block(titles) for name, titles in L.TIER_NAMES.items()})
    H = L.CARRY_HISTORY_TABLE
    expected[L.HISTORY_FIGURES_NAME] = H.data(H.titles[1], H.titles[-2])
    assert names == expected


def test_column_widths_live_in_layout_only():
    """Every sheet's widths are in layout.COLUMN_WIDTHS; a sheet builder sets none of its own."""
    import re
    from pathlib import Path

    from hedgebook.excel import sheets

    calls = {path.name: re.findall(r"set_column\(([^)]*)\)", path.read_text(encoding="utf-8"))
             for path in Path(sheets.__file__).parent.glob("*.py")}
    assert {name: found for name, found in calls.items() if found} == {
        "formats.py": ["first, last, width"], "as_built.py": ['first, last, None, None, {"hidden": True}']}
    assert set(COLUMN_WIDTHS) == set(L.SHEETS)
