"""What a new user meets at the terminal says plain things (issue 25 §1): one line each, no errno, no traceback."""

import openpyxl
import pytest

from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", ["plan", "refresh", "accounts"])
def test_a_missing_file_is_one_plain_line(capsys, tmp_path, command):
    code, _, err = run(capsys, command, tmp_path / "nope.xlsm")
    assert code == 1 and err.strip() == f"error: no such file: {tmp_path / 'nope.xlsm'}"


@pytest.mark.parametrize("arguments, expected", [
    (["market", "--venues", "binanse"], "unknown venue 'binanse' (did you mean binance?)"),
    (["history", "--venues", "okex", "--assets", "BTC"], "unknown venue 'okex' (did you mean okx?)"),
    (["accounts", "X.xlsm", "--venues", "bybitt"], "unknown venue 'bybitt' (did you mean bybit?)")])
def test_a_misspelt_venue_says_which_was_meant(capsys, arguments, expected):
    code, _, err = run(capsys, *arguments)
    assert code == 2 and err.strip().startswith(f"error: {expected}") and err.count("\n") == 1


def test_a_misspelt_venue_on_refresh_is_caught_before_anything_is_read(capsys, tmp_path):
    plan = write_project(tmp_path, "venues").workbook
    before = plan.read_bytes()
    code, _, err = run(capsys, "refresh", plan, "--venues", "binanse")
    assert code == 2 and "unknown venue 'binanse' (did you mean binance?)" in err and plan.read_bytes() == before


def test_targets_typed_as_percent_numbers_say_how_to_type_them(capsys, tmp_path):
    plan = write_project(tmp_path, "targets").workbook
    book = openpyxl.load_workbook(plan, keep_vba=True)
    column = L.HOLDINGS_TABLE.col("Target weight") + 1
    for row in (L.HOLDINGS_TABLE.first_row + 1, L.HOLDINGS_TABLE.first_row + 2):
        book[L.HOLDINGS].cell(row, column, 50)
    book.save(plan)
    code, _, err = run(capsys, "plan", plan)
    assert code == 1
    assert "Target weight: 50 is more than 100 %; type 0.5 or 50 % for half the portfolio" in err


def test_the_demo_ends_with_the_next_steps(capsys, tmp_path):
    code, out, _ = run(capsys, "demo", "--out", tmp_path / "demo")
    assert code == 0
    tail = out.strip().splitlines()[-3:]
    assert any("hedgebook new" in line for line in tail) and any("Refresh" in line for line in tail)


def test_targets_that_sum_to_more_than_the_portfolio_say_how_to_type_them():
    from hedgebook.excel import udfs

    answer = udfs.REBALANCE([["BTC"], ["ETH"]], [[65_000], [35_000]], [[0], [0]], [[0.6], [0.6]], [[60_000], [3_000]])
    assert answer == ("#VALUE! target weights sum to 1.2 (120%), more than the whole portfolio: type each as a "
                      "fraction (0.5) or a percentage (50 %), together at most 1")


def test_history_offline_shows_what_the_store_holds_with_its_age_and_exits_0(capsys, tmp_path):
    """No venue answers (every address a closed port): the store's 30 days of BTCUSDT funding and closes are shown,
    with their age, and a warning says the venues were not reached."""
    import time

    from hedgebook.market.history_store import CLOSE, FUNDING, HistoryStore, Point

    store = tmp_path / "history.sqlite"
    now_ms = int(time.time() * 1000)
    day = 86_400_000
    with HistoryStore(store) as opened:
        opened.write("binance", "BTCUSDT", FUNDING, [Point(now_ms - k * day // 3, 0.0001, 8.0) for k in range(90)])
        opened.write("binance", "BTCUSDT", CLOSE, [Point(now_ms - k * day, 60_000 + 10 * k) for k in range(30)])
        opened.write("binance_spot", "BTCUSDT", CLOSE, [Point(now_ms - k * day, 60_000 + 9 * k) for k in range(30)])
    code, out, err = run(capsys, "history", "--assets", "BTC", "--store", store, "--timeout", "1")
    assert code == 0, err
    assert "the venues were not reached" in err and "as of" in err
    assert "BTCUSDT" in out and "10.95" in out  # 0.01 % per 8 h = 10.95 % a year
