"""Risk's stress as array formulas: one call per block, whatever the number of holdings (issue 23 §1, first step)."""

from pathlib import Path

import openpyxl
import pytest

from hedgebook.excel import layout as L

TEMPLATE = Path(__file__).resolve().parents[2] / "workbook_templates" / "hedgebook.xlsm"


@pytest.fixture(scope="module")
def risk():
    return openpyxl.load_workbook(TEMPLATE)[L.RISK]


def _text(value):
    return value.text if type(value).__name__ == "ArrayFormula" else value


def test_the_stress_table_is_one_call_over_every_holding_row(risk):
    S = L.STRESS_TABLE
    anchor = risk.cell(S.first_row + 1, L.stress_column(0) + 1).value
    last = L.a1(S.first_row + S.max_rows - 1, L.stress_column(len(L.STRESS_SHOCKS) - 1))
    assert type(anchor).__name__ == "ArrayFormula" and anchor.ref == f"{L.a1(S.first_row, L.stress_column(0))}:{last}"
    spot, futures, orders = (L.REBALANCE_TABLE.column(t).ref() for t in ("Spot value", "Futures now",
                                                                          "Order notional"))
    assert f"STRESSPNL({spot},{futures},Risk_Shocks,{orders})" in anchor.text
    calls = [(cell.coordinate, _text(cell.value)) for row in risk.iter_rows() for cell in row
             if isinstance(_text(cell.value), str) and "STRESSPNL(" in _text(cell.value)]
    assert len(calls) == 3 + len(L.PORTFOLIO_STRESS_TITLES), calls  # the table, the chart's two parts, 4 lines
    assert all(len(text) <= 200 for _, text in calls)


def test_every_cell_of_an_array_carries_its_value():
    values = openpyxl.load_workbook(TEMPLATE, data_only=True)[L.RISK]
    S = L.STRESS_TABLE
    rows = [[values.cell(S.first_row + 1 + r, L.stress_column(k) + 1).value for k in range(len(L.STRESS_SHOCKS))]
            for r in range(3)]
    # BTC: 65 000 − 15 000 = 50 000 net after the plan; ETH 35 000 + 15 000 = 50 000; the third row is blank
    assert rows[0] == pytest.approx([50_000 * s for s in L.STRESS_SHOCKS])
    assert rows[1] == pytest.approx([50_000 * s for s in L.STRESS_SHOCKS])
    assert rows[2] == [None] * len(L.STRESS_SHOCKS)
    whole = [values.cell(L.PORTFOLIO_STRESS.first_row + 3, L.stress_column(k) + 1).value
             for k in range(len(L.STRESS_SHOCKS))]  # total now: 100 000 of coins, no futures
    assert whole == pytest.approx([100_000 * s for s in L.STRESS_SHOCKS])


def test_positions_notional_and_pnl_are_one_call_each_and_a_blank_row_stays_blank():
    from hedgebook.excel.udfs_margin import POSITIONNOTIONAL, POSITIONPNL

    sheet = openpyxl.load_workbook(TEMPLATE)[L.POSITIONS]
    calls = [cell.coordinate for row in sheet.iter_rows() for cell in row
             if isinstance(_text(cell.value), str) and "POSITION" in _text(cell.value)]
    notional, pnl = (L.positions_column(name) for name in ("Positions_Notional", "Positions_PnL"))
    assert calls == sorted([notional.first.a1(), pnl.first.a1()], key=lambda a: (int(a[1:]), a))
    anchor = sheet[notional.first.a1()].value
    assert anchor.ref == notional.relative() and len(anchor.text) <= 200
    # short 0.25 BTC at 60 000 (lot of 1 coin per contract); a short 2 ETH row without a mark yet; a blank row
    assert POSITIONNOTIONAL([[-0.25], [2.0], [""]], [[60_000.0], [""], [""]], [[1.0], [1.0], [""]], False) == \
        [[-15_000.0], [""], [""]]
    # entered at 55 000, marked at 60 000: the short lost 0.25 × 5 000 = 1 250
    assert POSITIONPNL([[-0.25], [""]], [[55_000.0], [""]], [[60_000.0], [""]]) == [[-1_250.0], [""]]
