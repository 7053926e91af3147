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
