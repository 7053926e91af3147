"""``hedgebook accounts FILE`` end to end (issue 24): a local server plays the four venues' account endpoints and checks
every signature; the workbook is read back; nothing secret is left anywhere.

The account (tests/market/account_server.py) is held on all four venues: linear and inverse, isolated and cross,
long and short, Bybit in both categories, OKX in long/short mode."""

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.workbook_io import read_file
from tests.market.account_server import PHRASE, SECRET, AccountServer, mixed_account
from tests.market.test_key_checks import binance_restrictions, bybit_query_api


@pytest.fixture
def plan(tmp_path):
    """A plan workbook with two typed rows: a Deribit short (another venue: it stays) and a Binance short since closed
    at the venue (it goes); collateral typed for Binance (replaced) and Deribit (kept)."""
    path = write_project(tmp_path / "project", "accounts").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[L.POSITIONS]
    for cell, value in {"A5": "deribit", "B5": "BTC-PERPETUAL", "C5": -1000, "D5": 60_000,
                        "A6": "binance", "B6": "BTCUSDT", "C6": -0.5}.items():
        sheet[cell] = value
    first = L.ACCOUNTS_TABLE.first_col
    for offset, (venue, amount) in enumerate((("binance", 1.0), ("deribit", 5_000.0))):
        sheet.cell(L.ACCOUNTS_TABLE.first_row + offset + 1, first + 1, venue)
        sheet.cell(L.ACCOUNTS_TABLE.first_row + offset + 1, first + 2, amount)
    book.save(path)
    return path


def run(capsys, *args):
    code = main(["accounts", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def positions_sheet(path):
    sheet = openpyxl.load_workbook(path, data_only=True)[L.POSITIONS]
    rows = []
    for row in sheet.iter_rows(min_row=L.POSITIONS_TABLE.first_row + 1, max_row=L.POSITIONS_TABLE.first_row + 12,
                               values_only=True):
        if row[0]:
            rows.append(dict(zip(L.POSITIONS_TABLE.titles, row)))
    return rows


def leaks(server, texts, folders):
    """Where the secret, the passphrase or any signature the server saw appears: in ``texts`` (output), in any file
    under ``folders``, and inside every workbook's parts."""
    needles = [SECRET, PHRASE, *(s for s in server.signatures if s)]
    found = [f"output {k}" for k, t in enumerate(texts) for n in needles if n in t]
    for folder in folders:
        for file in Path(folder).rglob("*"):
            if not file.is_file():
                continue
            blobs = [file.read_bytes()]
            if zipfile.is_zipfile(file):
                with zipfile.ZipFile(file) as archive:
                    blobs += [archive.read(name) for name in archive.namelist()]
            found += [str(file) for blob in blobs for n in needles if n.encode() in blob]
    return found


def user_folders(tmp_path):
    """Every folder this test's run may write: its own, the spec cache and the history store (tests/conftest.py)."""
    return [tmp_path, Path(os.environ["HEDGEBOOK_CACHE_DIR"]), Path(os.environ["HEDGEBOOK_HISTORY_DB"]).parent]


def test_a_mixed_account_on_four_venues_is_imported_and_nothing_secret_is_left(plan, httpserver, monkeypatch,
                                                                               capsys, tmp_path):
    server = AccountServer(httpserver)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, plan)
    assert code == 0, err
    assert "Imported into accounts.xlsm: binance 2 positions, binance_coinm 1 position, bybit 2 positions, okx 2 " \
           "positions." in out
    rows = positions_sheet(plan)
    typed = [(r["Venue"], r["Contract"], r["Contracts (short < 0)"], r["Source"]) for r in rows]
    assert typed == [  # the Deribit row stays where it was typed; Binance's closed short went, its row reused
        ("deribit", "BTC-PERPETUAL", -1000, None),
        ("binance", "BTCUSDT", -0.25, "venue"), ("binance", "ETHUSDT", 2, "venue"),
        ("binance_coinm", "BTCUSD_PERP", -150, "venue"), ("bybit", "ETHUSDT", -5, "venue"),
        ("bybit", "BTCUSD", -15_000, "venue"), ("okx", "BTC-USDT-SWAP", -25, "venue"),
        ("okx", "ETH-USDT-SWAP", 10, "venue")]
    by_contract = {(r["Venue"], r["Contract"]): r for r in rows}
    btc = by_contract[("binance", "BTCUSDT")]
    assert (btc["Margin mode"], btc["Margin (optional)"], btc["Venue's liquidation price"]) == (
        "isolated", 1500, 65_737.05)
    # hedgebook's: a 0.25 BTC short from 60 000 with 1 500 posted liquidates where the margin and the loss leave
    # the maintenance: (60 000 + 1 500 / 0.25) / (1 + rate) with Binance's first tier (0.4 %) = 66 000 / 1.004
    assert btc["Liquidation price"] == pytest.approx(66_000 / 1.004, rel=1e-6)
    assert btc["Venue vs hedgebook"] == "agree (0.0% apart)"
    coinm = by_contract[("binance_coinm", "BTCUSD_PERP")]
    assert (coinm["Margin mode"], coinm["Margin (optional)"]) == ("isolated", 0.025)  # coins, inverse
    eth = by_contract[("okx", "ETH-USDT-SWAP")]  # 1 ETH long from 3 000, 300 posted: (3 000 − 300) / (1 − rate)
    check = eth["Venue vs hedgebook"]
    assert check.startswith("WARNING 3.") and check.endswith("trust the venue's")
    assert "warning: okx ETH-USDT-SWAP: the venue's liquidation price 2,800.00 and hedgebook's 2,7" in err
    assert by_contract[("okx", "BTC-USDT-SWAP")]["Margin mode"] == "cross"
    assert by_contract[("okx", "BTC-USDT-SWAP")]["Margin (optional)"] is None
    assert by_contract[("bybit", "BTCUSD")]["Status"] == "BTCUSD is not in bybit's market data"
    assert "not on Market yet, so not valued: bybit BTCUSD" in err
    risk = openpyxl.load_workbook(plan, data_only=True)[L.RISK]
    btc_row = L.RISK_TABLE.first_row + 1  # BTC, hedged on binance BTCUSDT: what it holds now is the short read
    assert [risk.cell(btc_row, L.RISK_TABLE.col(t) + 1).value for t in ("Asset", "Venue's liquidation now (USD)",
                                                                        "Venue vs hedgebook, now")] == [
        "BTC", 65_737.05, "agree (0.0% apart)"]
    contents = read_file(plan)
    collateral = {a.venue: a.collateral for a in contents.inputs.accounts}
    # wallet less isolated margins: 21 500 − 1 500; 0.5 BTC − 0.025 BTC at 60 000; 10 000 − 1 500; 8 000 − 300
    assert collateral == {"binance": pytest.approx(20_000), "deribit": 5_000, "binance_coinm": pytest.approx(28_500),
                          "bybit": pytest.approx(8_500), "okx": pytest.approx(7_700)}
    assert [a.venue for a in contents.inputs.accounts][:2] == ["binance", "deribit"]  # in their rows
    assert [p.source for p in contents.inputs.positions] == ["typed"] + ["venue"] * 7
    assert not leaks(server, [out, err], user_folders(tmp_path))
    assert len(server.signatures) >= 13 and all(server.signatures)


def test_the_funding_your_positions_received_is_kept_and_shown_per_hedge(plan, httpserver, monkeypatch, capsys):
    """Binance BTCUSDT (the BTC hedge; a 0.25 short at the mark 60 000 = 15 000): +3 a day ago, +4.5 ten days ago,
    -1.5 sixty days ago → 3 / 7.5 / 6 USD over 7 / 30 / 90 days; APR 3 / 15 000 × 365 / 7 = 1.04 %, 7.5 / 15 000
    × 365 / 30 = 0.61 %, 6 / 15 000 × 365 / 90 = 0.16 %."""
    import json

    from hedgebook.app.funding_received import received_report
    from hedgebook.market.history_store import HistoryStore, default_path

    server = AccountServer(httpserver)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    assert run(capsys, plan)[0] == 0
    apr = [3 / 15_000 * 365 / 7, 7.5 / 15_000 * 365 / 30, 6 / 15_000 * 365 / 90]
    carry = openpyxl.load_workbook(plan, data_only=True)[L.CARRY]
    table = L.CARRY_RECEIVED_TABLE
    btc = [carry.cell(table.first_row + 1, table.first_col + 1 + k).value for k in range(6)]
    assert btc == pytest.approx([3.0, 7.5, 6.0, *apr])
    eth = [carry.cell(table.first_row + 2, table.first_col + 1 + k).value for k in range(6)]
    assert eth == [None] * 6  # the ETH hedge is binance ETHUSDT: nothing received there
    assert main(["plan", "--json", str(plan)]) in (0, 3)
    holdings = json.loads(capsys.readouterr().out)["holdings"]
    assert holdings[0]["your_funding"]["usd"] == {"7d": 3.0, "30d": 7.5, "90d": 6.0}
    assert holdings[1]["your_funding"] is None
    with HistoryStore(default_path()) as store:
        reports = {(r.venue, r.symbol): r for r in received_report(store, server.now_ms)}
    assert set(reports) == {("binance", "BTCUSDT"), ("binance_coinm", "BTCUSD_PERP"), ("bybit", "ETHUSDT"),
                            ("okx", "BTC-USDT-SWAP")}
    btc = reports[("binance", "BTCUSDT")]
    assert btc.notional == pytest.approx(-15_000) and btc.figures.apr == pytest.approx(apr)


def test_a_position_closed_at_the_venue_disappears_on_the_next_import(plan, httpserver, monkeypatch, capsys):
    bodies = mixed_account()
    server = AccountServer(httpserver, bodies)
    for name, value in server.environment(["binance"]).items():
        monkeypatch.setenv(name, value)
    assert run(capsys, plan, "--venues", "binance")[0] == 0
    bodies["/fapi/v2/positionRisk"] = bodies["/fapi/v2/positionRisk"][:1]  # ETHUSDT closed since
    assert run(capsys, plan)[0] == 0  # every venue with a key: binance
    assert [(r["Venue"], r["Contract"]) for r in positions_sheet(plan)] == [
        ("deribit", "BTC-PERPETUAL"), ("binance", "BTCUSDT")]


@pytest.mark.parametrize("venue, path, body, granted", [
    ("bybit", "/v5/user/query-api", bybit_query_api(1, ["Withdraw"]), "Withdraw"),
    ("binance", "/sapi/v1/account/apiRestrictions", binance_restrictions(enableInternalTransfer=True),
     "enableInternalTransfer")])
def test_a_key_that_can_move_funds_stops_the_import_and_the_workbook_is_untouched(
        plan, httpserver, monkeypatch, capsys, venue, path, body, granted):
    bodies = mixed_account()
    bodies[path] = body
    server = AccountServer(httpserver, bodies)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    before = plan.read_bytes()
    code, out, err = run(capsys, plan, "--allow-trading-key")
    assert code == 1 and plan.read_bytes() == before
    assert err.count("\n") == 1 and f"error: {venue}: this key can move funds out" in err and granted in err
    assert "Traceback" not in err


def test_a_trading_key_is_refused_then_used_with_the_flag_and_a_warning(plan, httpserver, monkeypatch, capsys):
    bodies = mixed_account()
    bodies["/api/v5/account/config"]["data"][0]["perm"] = "read_only,trade"
    server = AccountServer(httpserver, bodies)
    for name, value in server.environment(["okx"]).items():
        monkeypatch.setenv(name, value)
    before = plan.read_bytes()
    code, _, err = run(capsys, plan)
    assert code == 1 and plan.read_bytes() == before and "okx: this key can trade" in err
    code, out, err = run(capsys, plan, "--allow-trading-key")
    assert code == 0 and "warning: okx: this key can trade" in err
    assert [r["Venue"] for r in positions_sheet(plan)] == ["deribit", "binance", "okx", "okx"]


def test_a_wrong_secret_is_one_line_naming_the_venue_and_leaks_nothing(plan, httpserver, monkeypatch, capsys,
                                                                       tmp_path):
    """Bybit's refusal echoes the request back (its origin string); the message is hedgebook's own."""
    server = AccountServer(httpserver)
    for name, value in server.environment(["binance", "bybit"], secret="a-wrong-secret").items():
        monkeypatch.setenv(name, value)
    before = plan.read_bytes()
    code, out, err = run(capsys, plan)
    assert code == 1 and plan.read_bytes() == before
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["binance failed", "bybit failed", "error"]
    assert lines[0].startswith("binance failed: binance: key rejected") and "Traceback" not in err
    assert not leaks(server, [out, err], user_folders(tmp_path))
    assert "a-wrong-secret" not in out + err


def test_a_venue_that_cannot_be_read_and_one_without_a_key_are_one_line_each(plan, capsys):
    code, _, err = run(capsys, plan, "--venues", "deribit")
    assert code == 1 and err.strip() == ("error: no account can be read from 'deribit': hedgebook reads binance, "
                                         "binance_coinm, bybit, okx")
    code, _, err = run(capsys, plan, "--venues", "okx")
    assert code == 1 and err.strip().startswith("error: no key for okx: add one with `hedgebook keys set okx`")
    code, _, err = run(capsys, plan)
    assert code == 1 and err.strip().startswith("error: no venue has a key: add a read-only one")


def test_a_replaced_rows_formulas_go_and_the_others_stay(plan):
    """The rebuild keeps a formula typed in a row of a venue not read, not one in a row (or collateral) replaced."""
    import dataclasses

    from hedgebook.excel.accounts_io import _kept

    contents = read_file(plan)
    first, accounts = L.POSITIONS_TABLE.first_row, L.ACCOUNTS_TABLE
    formulas = {(L.POSITIONS, first, 3): "=59000+1000", (L.POSITIONS, first + 1, 3): "=58000",
                (L.POSITIONS, accounts.first_row, accounts.first_col + 1): "=1",
                (L.POSITIONS, accounts.first_row + 1, accounts.first_col + 1): "=2500*2"}
    keep = _kept(plan, dataclasses.replace(contents, input_formulas=formulas), {"binance"})
    assert keep.input_formulas == {(L.POSITIONS, first, 3): "=59000+1000",
                                   (L.POSITIONS, accounts.first_row + 1, accounts.first_col + 1): "=2500*2"}
    assert keep.position_offsets == [0] and keep.account_offsets == [0, 1]


def test_the_help_says_which_venues_can_be_read(capsys):
    with pytest.raises(SystemExit):
        main(["accounts", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Venues that can be read: binance, binance_coinm, bybit, okx." in out and "--allow-trading-key" in out
