"""The `hedgebook` command, called as a user would: demo, new, plan, refresh, market."""

import json
from pathlib import Path

import openpyxl
import pytest

from hedgebook.cli import main
from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.market import DEFAULT_VENUES

from .market.venues import serve_all, serve_venue


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("demo"), "plan_demo").workbook


def test_demo_prints_the_worked_example_and_writes_the_project(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    btc = next(line for line in out.splitlines() if "BTC" in line and "sell" in line)
    eth = next(line for line in out.splitlines() if "ETH" in line and "buy" in line)
    assert "-0.25" in btc and "-15,000.00" in btc and "65.00%" in btc
    assert " 5 " in eth and "15,000.00" in eth
    for figure in ("-135.00", "79,681.27", "2,008.03", "2,530.00", "SAMPLE DATA"):
        assert figure in out
    assert (tmp_path / "hedgebook_demo.xlsm").stat().st_size > 10_000
    assert "from hedgebook.excel.macros import main" in (tmp_path / "hedgebook_demo.py").read_text()
    assert main(["demo", "--out", str(tmp_path)]) == 0  # the demo may overwrite its own files


def test_demo_without_a_folder_writes_into_a_folder_of_its_own(tmp_path, monkeypatch, capsys):
    """Issue 11: run from the repository root, the demo left hedgebook_demo.py beside the tests; now it names a
    folder, and the current one gets nothing else."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hedgebook-demo"]
    assert sorted(p.name for p in (tmp_path / "hedgebook-demo").iterdir()) == ["hedgebook_demo.py",
                                                                            "hedgebook_demo.xlsm"]
    assert f"Workbook: {Path('hedgebook-demo') / 'hedgebook_demo.xlsm'}" in " ".join(capsys.readouterr().out.split())


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["demo", "new", "refresh", "plan", "market", "history"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: hedgebook {command}" in text and len(text) > 300


def test_the_venues_in_the_help_come_from_the_registry(capsys):
    with pytest.raises(SystemExit):
        main(["market", "--help"])
    assert ", ".join(DEFAULT_VENUES) in " ".join(capsys.readouterr().out.split())


def test_new_project_and_its_refusals(tmp_path, capsys):
    assert main(["new", "myplan", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "myplan" / "myplan.xlsm").exists() and (tmp_path / "myplan" / "myplan.py").exists()
    before = (tmp_path / "myplan" / "myplan.xlsm").read_bytes()
    assert main(["new", "myplan", "--dir", str(tmp_path)]) == 1
    assert "exists; not overwriting it" in capsys.readouterr().err
    assert (tmp_path / "myplan" / "myplan.xlsm").read_bytes() == before
    assert main(["new", "pandas", "--dir", str(tmp_path)]) == 1
    assert "cannot be a plan name" in capsys.readouterr().err


def test_plan_on_sample_data_is_valued_at_the_samples_own_time_on_any_date(demo_file, capsys):
    """The workbook of `hedgebook new` holds the labelled sample from 2025-01: planned today it gives the worked
    example, labelled as sample."""
    assert main(["plan", str(demo_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sample"] is True and data["as_of"].startswith("2025-01-14")
    orders = {o["asset"]: o for o in data["orders"]}
    assert (orders["BTC"]["side"], orders["BTC"]["contracts"]) == ("sell", -0.25)
    assert (orders["ETH"]["side"], orders["ETH"]["contracts"]) == ("buy", 5)
    assert data["summary"]["data_age_days"] > 600  # its age is still said, measured to today


def test_live_data_keeps_the_age_limit(demo_file, tmp_path, capsys):
    """The same rows, no longer marked as the sample: 692-day-old data values nothing."""
    path = tmp_path / "live.xlsm"
    book = openpyxl.load_workbook(demo_file, keep_vba=True)
    book[L.START][L.GLANCE_CELL["sample"].a1()] = 0
    book.save(path)
    assert main(["plan", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing that a script could take for a plan
    assert "BTC cannot be valued — error: data is " in captured.err and "days old (limit 7 days) —" in captured.err
    assert "so the portfolio's value, and every order, is unknown: press Refresh" in captured.err


def test_plan_reads_a_refreshed_file_as_json(market_server, tmp_path, capsys):
    serve_all(market_server)
    path = write_project(tmp_path, "jsonplan").workbook
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    capsys.readouterr()
    assert main(["plan", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    orders = {o["asset"]: o for o in data["orders"]}
    # −14 997.5 / 60 000 = −0.24996, cut toward zero to whole lots of 0.001
    assert (orders["BTC"]["side"], orders["BTC"]["contracts"], orders["BTC"]["status"]) == ("sell", -0.249, "ok")
    assert orders["BTC"]["stale"] is False and orders["BTC"]["data_as_of"].endswith("+00:00")
    assert data["portfolio_value"] == pytest.approx(99_983.33, abs=0.01)  # at the server's index prices


def test_plan_json_has_positions_holdings_and_venues(market_server, tmp_path, capsys):
    """The plan's JSON: positions marked at mark price, each holding's hedge, what each venue holds after the plan."""
    serve_all(market_server)
    path = write_project(tmp_path, "positionsplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    for cell, value in {"A5": "binance", "B5": "BTCUSDT", "C5": -0.25}.items():
        book[L.POSITIONS][cell] = value
    book[L.HOLDINGS]["A7"], book[L.HOLDINGS]["B7"], book[L.HOLDINGS]["F7"] = "USD", 5_000, 0.0
    book.save(path)
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    capsys.readouterr()
    assert main(["plan", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["positions"] == [{"venue": "binance", "contract": "BTCUSDT", "asset": "BTC", "counts_for": "BTC",
                                  "contracts": -0.25,
                                  "mark_price": 60_000.0, "notional": -15_000.0, "entry_price": None,
                                  "unrealized_pnl": None, "status": "ok",
                                  # as held now (issue 21 A2): no entry, no margin typed: 15 000 / 3, assumed;
                                  # (5 000 + 15 000) / (0.25 × 1.004) = 79 681.27, 32.8 % above the mark
                                  "margin_mode": "isolated", "margin": 5_000.0, "margin_assumed": True,
                                  "liquidation_price": pytest.approx(20_000 / 0.251), "maint_margin_rate": 0.004,
                                  "liquidation_distance": pytest.approx(20_000 / 0.251 / 60_000 - 1),
                                  "past_liquidation": False, "unrealized_pnl_coins": None,
                                  "liquidation_note": None,
                                  # typed (issue 24): no venue's own liquidation price to compare with
                                  "source": "typed", "venue_liquidation_price": None,
                                  "liquidation_warning": None}]
    holdings = {h["asset"]: h for h in data["holdings"]}
    assert holdings["BTC"]["futures_notional"] == -15_000 and holdings["BTC"]["hedge"] == "ok"
    assert holdings["USD"] == {"asset": "USD", "spot_value": 5_000, "futures_notional": 0, "current_weight":
                               pytest.approx(5_000 / 104_983.33), "target_weight": 0, "post_trade_weight":
                               pytest.approx(5_000 / 104_983.33), "hedge": "no hedge: USD is cash",
                               "cross_hedge": None, "sized_by": "notional", "hedge_ratio": 1.0,
                               "measured_hedge_ratio": None, "hedge_effectiveness": None,
                                   "your_funding": None}
    # of 104 983.33 the targets are 52 491.67: BTC 64 989.17 − 15 000 = 49 989.17, buy 2 502.5 / 60 000 → 0.041;
    # ETH 34 994.17: buy 17 497.5 / 3 000 → 5.832
    orders = {o["asset"]: o for o in data["orders"]}
    assert set(orders) == {"BTC", "ETH"}  # USD is not hedged: no order
    assert (orders["BTC"]["contracts"], orders["ETH"]["contracts"]) == (0.041, 5.832)
    assert orders["BTC"]["resulting_contracts"] == pytest.approx(-0.209)
    assert orders["BTC"]["margin"] == pytest.approx(0.209 * 60_000 / 3)  # of the position left, not the order
    assert orders["BTC"]["maint_margin_rate"] == 0.004  # tier 1 of the shipped BTCUSDT brackets
    assert orders["BTC"]["margin_tiers"] == "binance tiers published 2021-03-18 (shipped table)"
    assert orders["ETH"]["margin_tiers"] is None  # no tiers known: the Settings rate
    assert data["unwind"] == [{"venue": "binance", "contract": "BTCUSDT", "side": "buy", "contracts":
                               pytest.approx(0.209)},
                              {"venue": "binance", "contract": "ETHUSDT", "side": "sell", "contracts": -5.832}]
    (btc_switch,) = data["switch"]  # the local server lists a dated future for BTC only
    assert btc_switch["legs"] == [
        {"venue": "binance", "contract": "BTCUSDT", "side": "buy", "contracts": pytest.approx(0.209)},
        {"venue": "binance", "contract": "BTCUSDT_250328", "side": "sell", "contracts": pytest.approx(-0.209)}]
    assert btc_switch["notional"] == pytest.approx(-0.209 * 60_000)
    (binance,) = data["venues"]
    assert binance["venue"] == "binance" and binance["collateral"] is None
    assert binance["notional"] == pytest.approx(-0.209 * 60_000 + 5.832 * 3_000)
    assert binance["gross_notional"] == pytest.approx(0.209 * 60_000 + 5.832 * 3_000)
    assert binance["margin"] == pytest.approx(binance["gross_notional"] / 3)
    assert binance["share_of_portfolio"] == pytest.approx(binance["margin"] / 104_983.33, abs=1e-6)


def test_collateral_posted_per_venue_gives_its_share_and_a_warning_above_the_limit(market_server, tmp_path, capsys):
    """Issue 10: Accounts beside Positions; 40 000 USD posted on binance of a ~100 000 portfolio is 40 %, above
    the 25 % limit; what was typed stays where it was typed through the rewrite."""
    serve_all(market_server)
    path = write_project(tmp_path, "accountsplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    venue, collateral = (L.ACCOUNTS_TABLE.cell(title, 1).a1() for title in L.ACCOUNTS_TABLE.titles)
    book[L.POSITIONS][venue], book[L.POSITIONS][collateral] = "Binance", 40_000  # on the block's second row
    book.save(path)
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    capsys.readouterr()
    assert main(["plan", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    (binance,) = json.loads(captured.out)["venues"]
    assert binance["collateral"] == 40_000 and binance["above_limit"] is True
    assert binance["share_of_portfolio"] == pytest.approx(40_000 / 99_983.33, abs=1e-6)
    assert "binance holds 40.0% of the portfolio (collateral posted 40,000 USD), above the 25% limit" in \
        " ".join(captured.err.split())
    kept = openpyxl.load_workbook(path)
    assert [kept[L.POSITIONS][venue].value, kept[L.POSITIONS][collateral].value] == ["binance", 40_000]  # as keys
    risk = openpyxl.load_workbook(path, data_only=True)[L.RISK]
    row = [risk[L.VENUE_RISK_TABLE.cell(title, 0).a1()].value for title in L.VENUE_RISK_TABLE.titles]
    assert row[0] == "binance" and row[4] == 40_000 and row[6] == "above the 25% limit"


def test_plan_on_a_file_that_is_not_a_plan(tmp_path, capsys):
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    assert main(["plan", str(other)]) == 1
    assert "is not a hedgebook plan: no sheet 'Holdings'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["plan", "refresh"])
def test_a_bad_input_cell_is_named_and_nothing_changes(tmp_path, capsys, command):
    path = write_project(tmp_path, "badplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[L.HOLDINGS]["B5"] = "lots"
    book.save(path)
    before = path.read_bytes()
    assert main([command, str(path)]) == 1
    assert "Holdings row 5 (BTC), Quantity (coins): 'lots' is not a number" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_refresh_against_the_local_venues(market_server, tmp_path, capsys):
    serve_all(market_server)
    path = write_project(tmp_path, "liveplan").workbook
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "Refreshed liveplan.xlsm" in out and "BTCUSDT" in out
    values = openpyxl.load_workbook(path, data_only=True)
    assert values[L.START].cell(L.DATA_LABEL.row1, L.DATA_LABEL.col1).value.startswith("live data")
    holdings = values[L.HOLDINGS]
    assert holdings["G5"].value == "BTCUSDT" and holdings["H5"].value == 60_000  # from the local server
    dated = L.HOLDINGS_TABLE.cell("Dated future", 0).a1()
    assert holdings[dated].value == "BTCUSDT_250328"  # the quarterly, 73 days away: the dated alternative
    market = values[L.MARKET]
    venues = {market.cell(r, 1).value for r in range(L.MARKET_TABLE.first_row + 1, L.MARKET_TABLE.first_row + 40)}
    assert venues - {None} == {"binance", "binance_coinm", "binance_spot", "coingecko"}  # what the plan needs


def test_refresh_says_what_failed_and_exits_1_when_nothing_answers(market_server, tmp_path, capsys):
    path = write_project(tmp_path, "staleplan").workbook
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=451)
    serve_all(market_server)
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    err = capsys.readouterr().err
    assert "binance failed: not available from your location (HTTP 451) (its previous rows are kept" in err
    market_server.clear()
    before = path.read_bytes()
    assert main(["refresh", str(path), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "error: no venue answered; staleplan.xlsm was not changed" in err
    assert "rows are kept" not in err  # nothing was kept: nothing was written
    assert path.read_bytes() == before


def test_refresh_refuses_a_workbook_with_sheets_of_its_own(tmp_path, capsys):
    path = write_project(tmp_path, "notesplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book.create_sheet("My notes")["A1"] = "keep me"
    book.save(path)
    before = path.read_bytes()
    assert main(["refresh", str(path)]) == 1
    assert "has sheets hedgebook does not manage (My notes)" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_market_prints_the_table_and_failed_venues(market_server, capsys):
    serve_venue(market_server, "binance")
    market_server.expect_request("/v5/market/tickers").respond_with_data("", status=451)
    assert main(["market", "--venues", "binance,bybit", "--assets", "BTC", "--timeout", "5"]) == 0
    captured = capsys.readouterr()
    btc = next(line for line in captured.out.splitlines() if "BTCUSDT " in line or "BTCUSDT│" in line.replace(" ", ""))
    assert "60,000.00" in btc and "0.0100" in btc and "10.95" in btc and "8 h" in btc and "ok" in btc
    assert "bybit failed: not available from your location (HTTP 451)" in captured.err
    assert "instruments from 1 of 2 venues" in captured.out


def test_market_exit_code_when_every_venue_fails(market_server, capsys):
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=503)
    serve_venue(market_server, "binance")
    assert main(["market", "--venues", "binance", "--timeout", "5"]) == 1
    assert "binance failed: server error (HTTP 503)" in capsys.readouterr().err


def test_market_rejects_unknown_venue(capsys):
    assert main(["market", "--venues", "ftx"]) == 2  # a usage error
    assert "unknown venue 'ftx'" in capsys.readouterr().err


def test_venue_text_is_printed_as_it_is_never_as_markup(market_server, capsys):
    """A symbol "[bold]ETH[/bold]USDT" prints as such; an error message "[/]" does not crash the command."""
    from .market.routes import route, serve
    from .market.venues.bodies import binance as binance

    symbol = "[bold]ETH[/bold]USDT"
    info = {**binance.EXCHANGE_INFO, "symbols": [binance.usdm(symbol, "ETH", "PERPETUAL", binance.NEVER, "0.001")]}
    serve(market_server, [route("/fapi/v1/exchangeInfo", info),
                          route("/fapi/v1/premiumIndex", [binance.premium(symbol, "3000", "3000", "0.0001",
                                                                          binance.NEXT)]),
                          route("/fapi/v1/fundingInfo", []), route("/fapi/v1/ticker/price", []),
                          route("/fapi/v1/openInterest", {"openInterest": "1"})])
    market_server.expect_request("/v5/market/tickers").respond_with_json({"msg": "[/] rejected"}, status=400)
    assert main(["market", "--venues", "binance,bybit", "--assets", "ETH", "--timeout", "5"]) == 0
    captured = capsys.readouterr()
    assert symbol in captured.out
    assert "bybit failed: HTTP 400: [/] rejected" in captured.err


def test_plan_says_which_orders_come_from_stale_data_and_when_it_was_current(market_server, tmp_path, capsys):
    import datetime as dt

    serve_all(market_server)
    path = write_project(tmp_path, "staleness").workbook
    assert main(["refresh", str(path), "--timeout", "5"]) == 0
    book = openpyxl.load_workbook(path, keep_vba=True)
    market, updated = book[L.MARKET], L.MARKET_TABLE.col("updated_at") + 1
    three_hours_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3)).replace(tzinfo=None, microsecond=0)
    for row in range(L.MARKET_TABLE.first_row + 1, market.max_row + 1):
        if market.cell(row, 1).value == "binance":
            market.cell(row, updated).value = three_hours_ago
    book.save(path)
    capsys.readouterr()
    assert main(["plan", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    btc = json.loads(captured.out)["orders"][0]
    assert (btc["status"], btc["stale"], btc["contracts"]) == ("ok", True, -0.249)
    assert btc["data_as_of"] == three_hours_ago.isoformat() + "+00:00"
    assert "BTC: order computed from stale data (stale: data is 3 h old, as of" in captured.err


@pytest.mark.parametrize("command", ["plan", "refresh"])
@pytest.mark.parametrize("sheet, cell, message", [
    (L.HOLDINGS, "B5", "Holdings row 5 (BTC), Quantity (coins): 2025-03-01 is a date, not a number"),
    (L.SETTINGS, "B5", "Settings row 5, Horizon: 2025-03-01 is a date, not a number"),
])
def test_a_date_typed_into_a_number_cell_is_one_line_and_nothing_changes(tmp_path, capsys, command, sheet, cell,
                                                                          message):
    import datetime as dt

    path = write_project(tmp_path, "dateplan").workbook
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[sheet][cell] = dt.datetime(2025, 3, 1)
    book.save(path)
    before = path.read_bytes()
    assert main([command, str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"error: {message}" and "Traceback" not in captured.err
    assert path.read_bytes() == before


def test_a_full_disk_while_writing_is_one_line_and_the_file_is_intact(market_server, tmp_path):
    """The refresh runs in a process whose files may not grow past 20 kB: writing the workbook fails."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    serve_all(market_server)
    path = write_project(tmp_path, "fullplan").workbook
    before = path.read_bytes()

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    env = {**os.environ, "HEDGEBOOK_NO_CACHE": "1"}
    result = subprocess.run([sys.executable, "-m", "hedgebook.cli", "refresh", str(path), "--timeout", "5"],
                            capture_output=True, text=True, env=env, preexec_fn=small_files, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and "Traceback" not in result.stderr, result.stderr
    assert lines[-1].startswith("error: could not write the workbook: ") and "File too large" in lines[-1], lines[-1]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fullplan.py", "fullplan.xlsm"]


def test_plan_json_says_how_each_hedge_is_sized_and_whose_exposure_a_position_counts_in():
    """ETH cross-hedged with Bybit's BTC perpetual (sample history), a 0.1 BTC short there counted for ETH."""
    from hedgebook.app.export import plan_as_json
    from hedgebook.app.inputs import HoldingInput, PositionInput
    from hedgebook.excel.project import sample_plan

    book, _ = sample_plan([HoldingInput("BTC", 1.0, venue="binance", target_weight=0.5),
                           HoldingInput("ETH", 20.0, venue="bybit", instrument="BTCUSDT", target_weight=0.2)],
                          positions=[PositionInput("bybit", "BTCUSDT", -0.1)])
    data = plan_as_json(book)
    btc, eth = data["holdings"]
    fit = book.sizings[1]
    assert (eth["cross_hedge"], eth["sized_by"], eth["hedge_ratio"]) == ("BTC", "beta", fit.measured)
    assert eth["hedge_effectiveness"] == fit.effectiveness and 0 < fit.effectiveness < 1
    assert (btc["cross_hedge"], btc["sized_by"], btc["hedge_ratio"]) == (None, "notional", 1.0)
    assert btc["measured_hedge_ratio"] == pytest.approx(book.sizings[0].measured)  # shown, not used
    (short,) = data["positions"]
    assert (short["asset"], short["counts_for"]) == ("BTC", "ETH")
    assert eth["futures_notional"] == -6_000 and btc["futures_notional"] == 0
