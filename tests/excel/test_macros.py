"""Refresh inside Excel (macros.refresh), through a stand-in for xlwings' Book API: what only Excel does.

The rules both refresh paths share are tested once for both in tests/test_refresh_paths.py.
"""

import datetime as dt

import pytest

from hedgebook.excel import layout as L
from hedgebook.excel import macros, workbook_cells
from hedgebook.excel.project import write_project
from hedgebook.market import MarketSnapshot, fetch_market, load_sample
from hedgebook.market.table import make_row, to_table

from ..market.venues import serve_all
from .standin import open_workbook


@pytest.fixture
def open_book(tmp_path):
    path = write_project(tmp_path, "excelplan").workbook
    return open_workbook(path)


def test_refresh_against_the_local_venues_with_progress_in_the_status_bar(open_book, market_server):
    serve_all(market_server)
    outcome = macros.refresh(open_book, fetch=fetch_market, timeout=5)
    assert outcome.errors == {} and outcome.write
    sheets = open_book.workbook
    assert sheets[L.HOLDINGS]["G5"].value == "BTCUSDT" and sheets[L.HOLDINGS]["H5"].value == 60_000
    market_venues = {sheets[L.MARKET].cell(r, 1).value for r in range(L.MARKET_TABLE.first_row + 1, 60)} - {None}
    assert market_venues == {"binance", "binance_coinm", "binance_spot", "coingecko"}
    orders = [[c.value for c in row] for row in sheets[L.ORDERS].iter_rows(min_row=5, max_row=6, min_col=2, max_col=6)]
    # Spot at the server's index prices: 65 000/60 000 × 59 990 + 35 000/3 000 × 2 999.5 = 99 983.33;
    # ETH: (0.5 × 99 983.33 − 34 994.17) / 3 000 = 4.99917 → 4.999 (lot 0.001);
    # BTC: −14 997.5 / 60 000 = −0.24996 → −0.249, lots cut toward zero so that no order overshoots its target;
    # −0.249 × 60 000 = −14 940.
    assert orders[0][:4] == ["binance", "BTCUSDT", "sell", -0.249] and orders[0][4] == pytest.approx(-14_940)
    assert orders[1][:4] == ["binance", "ETHUSDT", "buy", 4.999] and orders[1][4] == pytest.approx(14_997)
    assert open_book.app.messages[0] == "hedgebook: reading 4 venues..."
    assert any("4/4 venues read" in m for m in open_book.app.messages) and open_book.app.messages[-1] is False


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd|'/c calc'!A0", "@SUM(1)", "-1+1"])
def test_network_text_lands_as_text(open_book, text):
    sample = load_sample()
    hostile = make_row("binance", text, "BTC", "USDT", "perp", "linear", mark_price=60_000.0, index_price=60_000.0,
                       funding_rate=0.0001, funding_interval_h=8.0, contract_size=1.0, lot_size=0.001,
                       updated_at=dt.datetime(2025, 1, 14, tzinfo=dt.timezone.utc))
    table = to_table([hostile] + [r for r in sample.table.to_dict("records") if r["symbol"] != "BTCUSDT"])

    def fake_fetch(venues, assets, **kwargs):
        return MarketSnapshot(table, requests={"binance": 1}, fetched_at=sample.fetched_at)

    macros.refresh(open_book, fetch=fake_fetch, fetch_cot=lambda timeout: None, now=lambda: sample.fetched_at)
    market = open_book.workbook[L.MARKET]
    symbols = [market.cell(r, 2).value for r in range(L.MARKET_TABLE.first_row + 1, 40)]
    assert "'" + text in symbols  # Excel stores a leading-quote entry as text
    assert open_book.workbook[L.HOLDINGS]["G5"].value == "'" + text


def test_as_text_leaves_ordinary_values_alone():
    assert workbook_cells.as_text("BTCUSDT") == "BTCUSDT"
    assert workbook_cells.as_text(-1.5) == -1.5
    assert workbook_cells.as_text("=1") == "'=1"


def test_cells_found_through_their_defined_names(open_book):
    """A user who inserts a row above Holdings moves the names; Refresh follows them."""
    names = open_book.workbook.defined_names
    for name in [c.name for c in L.HOLDINGS_COLUMNS]:
        names[name].attr_text = names[name].attr_text.replace("$5:", "$6:").replace("$16", "$17")
    holdings = open_book.workbook[L.HOLDINGS]
    holdings.move_range("A5:R16", rows=1)
    sample = load_sample()

    def fetch(venues, assets, **kwargs):
        return MarketSnapshot(sample.table, requests={"binance": 1})

    outcome = macros.refresh(open_book, fetch=fetch, fetch_cot=lambda timeout: None, now=lambda: sample.fetched_at)
    assert outcome.write
    assert holdings["A6"].value == "BTC" and holdings["G6"].value == "BTCUSDT" and holdings["G5"].value is None
    assert holdings["A7"].value == "ETH" and holdings["G7"].value == "ETHUSDT"


def test_what_the_user_is_told_after_a_refresh(open_book):
    sample = load_sample()
    table = sample.table.copy()
    table.loc[(table["venue"] == "binance") & (table["symbol"] == "BTCUSDT"), "mark_price"] = 600.0

    def fetch(venues, assets, **kwargs):
        return MarketSnapshot(table[table["venue"] != "coingecko"], requests={"binance": 1},
                              errors={"coingecko": "server error (HTTP 503)"})

    outcome = macros.refresh(open_book, fetch=fetch, fetch_cot=lambda timeout: None, now=lambda: sample.fetched_at)
    assert macros.refresh_message(outcome) == (
        "Refreshed. Some venues failed and kept their last values: coingecko: server error (HTTP 503). "
        "Orders withheld (see Orders): BTC: withheld: suspect: mark 600 is 99% from the reference 60,000 (limit 5%).")
    assert open_book.workbook[L.ORDERS]["D5"].value == "withheld"


def test_refresh_copies_the_typed_inputs_the_orders_were_computed_from(open_book):
    """Issue 11: after Refresh in Excel, the hidden copy equals every typed input (the stale warning is off)."""
    holdings = open_book.workbook[L.HOLDINGS]
    holdings[L.HOLDINGS_TABLE.cell("Quantity (coins)", 0).a1()] = 2.0
    sample = load_sample()
    macros.refresh(open_book, fetch=lambda venues, assets, **kwargs: MarketSnapshot(sample.table, requests={}),
                   fetch_cot=lambda timeout: None, now=lambda: sample.fetched_at)
    cells = macros.XlwingsCells(open_book)
    for typed, copy in zip(L.TYPED_INPUTS, L.INPUTS_AS_BUILT, strict=True):
        assert cells.values(copy) == cells.values(typed), typed
    assert cells.values(L.INPUTS_AS_BUILT[0])[0][1] == 2.0


def test_refresh_writes_no_copy_into_a_workbook_built_without_one(open_book):
    """A workbook from before the copy existed keeps Orders' far columns empty (they are not hidden there)."""
    del open_book.workbook.defined_names[L.INPUTS_CHANGED_NAME]
    for copy in L.INPUTS_AS_BUILT:
        for row in open_book.workbook[L.ORDERS].iter_rows(min_row=copy.first_row + 1, max_row=copy.last_row + 1,
                                                          min_col=copy.first_col + 1, max_col=copy.last_col + 1):
            for cell in row:
                cell.value = None
    sample = load_sample()
    macros.refresh(open_book, fetch=lambda venues, assets, **kwargs: MarketSnapshot(sample.table, requests={}),
                   fetch_cot=lambda timeout: None, now=lambda: sample.fetched_at)
    cells = macros.XlwingsCells(open_book)
    for copy in L.INPUTS_AS_BUILT:
        assert all(value is None for row in cells.values(copy) for value in row), copy
