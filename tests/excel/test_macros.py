"""Refresh inside Excel (macros.refresh), driven through a stand-in for xlwings' Book API."""

import datetime as dt

import openpyxl
import pytest

from hedgebook.excel import layout as L
from hedgebook.excel import macros
from hedgebook.excel.project import write_project
from hedgebook.market import MarketSnapshot, fetch_market, load_sample
from hedgebook.market.table import make_row, to_table

from ..market.servers import serve_all


class Range:
    """The part of xlwings' Range that refresh uses, over an openpyxl sheet (1-based cells)."""

    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last or first

    def options(self, ndim=None):
        return self

    @property
    def row(self):
        return self.first[0]

    @property
    def value(self):
        (r1, c1), (r2, c2) = self.first, self.last
        cells = [[self.sheet.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return cells if self.last != self.first else cells[0][0]

    @value.setter
    def value(self, data):
        r1, c1 = self.first
        rows = data if isinstance(data, list) else [[data]]
        for i, line in enumerate(rows):
            for j, item in enumerate(line):
                self.sheet.cell(r1 + i, c1 + j).value = item

    def clear_contents(self):
        (r1, c1), (r2, c2) = self.first, self.last
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.sheet.cell(r, c).value = None

    def end(self, direction):
        assert direction == "down"
        r, c = self.first
        while self.sheet.cell(r + 1, c).value not in (None, ""):
            r += 1
        return Range(self.sheet, (r, c))


class Sheet:
    def __init__(self, sheet):
        self.sheet = sheet

    def range(self, first, last=None):
        return Range(self.sheet, first, last)


class App:
    def __init__(self):
        self.messages = []

    @property
    def status_bar(self):
        return self.messages[-1] if self.messages else False

    @status_bar.setter
    def status_bar(self, text):
        self.messages.append(text)


class Book:
    def __init__(self, workbook):
        self.workbook, self.app = workbook, App()
        self.sheets = {name: Sheet(workbook[name]) for name in workbook.sheetnames}


@pytest.fixture
def open_book(tmp_path):
    path = write_project(tmp_path, "excelplan").workbook
    return Book(openpyxl.load_workbook(path, data_only=True))


def test_refresh_writes_market_holdings_orders_and_status(open_book, market_server):
    serve_all(market_server)
    snapshot = macros.refresh(open_book, fetch=fetch_market, timeout=5)
    assert snapshot.errors == {}
    sheets = open_book.workbook
    assert sheets[L.HOLDINGS]["G5"].value == "BTCUSDT" and sheets[L.HOLDINGS]["H5"].value == 60_000
    market_venues = {sheets[L.MARKET].cell(r, 1).value for r in range(L.MARKET_FIRST_ROW + 1, 60)} - {None}
    assert market_venues == {"binance", "binance_spot", "coingecko"}
    orders = [[c.value for c in row] for row in sheets[L.ORDERS].iter_rows(min_row=5, max_row=6, max_col=5)]
    # Spot at the server's index prices: 65 000/60 000 × 59 990 + 35 000/3 000 × 2 999.5 = 99 983.33;
    # ETH: (0.5 × 99 983.33 − 34 994.17) / 3 000 = 4.99917 → 4.999 (lot 0.001); BTC: −14 997.5 / 60 000 → −0.250.
    assert orders[0][:4] == ["binance", "BTCUSDT", "sell", -0.25] and orders[0][4] == pytest.approx(-15_000)
    assert orders[1][:4] == ["binance", "ETHUSDT", "buy", 4.999] and orders[1][4] == pytest.approx(14_997)
    assert sheets[L.START].cell(L.LAST_REFRESH_ROW + 2, 3).value.startswith("live data")
    assert sheets[L.START].cell(L.START_STATUS_ROW + 1, 1).value == "binance"
    assert open_book.app.messages[0] == "hedgebook: reading 3 venues..."
    assert any("3/3 venues read" in m for m in open_book.app.messages) and open_book.app.messages[-1] is False


def test_failed_venue_keeps_previous_rows_marked_stale(open_book, market_server):
    market_server.expect_request("/fapi/v1/premiumIndex").respond_with_data("", status=503)
    serve_all(market_server)
    snapshot = macros.refresh(open_book, fetch=fetch_market, timeout=5)
    assert snapshot.errors == {"binance": "server error (HTTP 503)"}
    market = open_book.workbook[L.MARKET]
    binance = [(market.cell(r, 2).value, market.cell(r, 20).value) for r in range(L.MARKET_FIRST_ROW + 1, 60)
               if market.cell(r, 1).value == "binance"]
    assert binance and all(status == "stale: server error (HTTP 503)" for _, status in binance)
    status = {open_book.workbook[L.START].cell(r, 1).value: open_book.workbook[L.START].cell(r, 3).value
              for r in range(L.START_STATUS_ROW + 1, L.START_STATUS_ROW + 10)}
    assert status["binance"] == "server error (HTTP 503)" and status["coingecko"] == "ok"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd|'/c calc'!A0", "@SUM(1)", "-1+1"])
def test_network_text_lands_as_text(open_book, text):
    sample = load_sample()
    hostile = make_row("binance", text, "BTC", "USDT", "perp", "linear", mark_price=60_000.0, index_price=60_000.0,
                       funding_rate=0.0001, funding_interval_h=8.0, contract_size=1.0, lot_size=0.001,
                       updated_at=dt.datetime(2025, 1, 14, tzinfo=dt.timezone.utc))
    table = to_table([hostile] + [r for r in sample.table.to_dict("records") if r["symbol"] != "BTCUSDT"])

    def fake_fetch(venues, assets, **kwargs):
        return MarketSnapshot(table, requests={"binance": 1}, fetched_at=sample.fetched_at)

    macros.refresh(open_book, fetch=fake_fetch, cot_fetch=lambda timeout: None)
    market = open_book.workbook[L.MARKET]
    symbols = [market.cell(r, 2).value for r in range(L.MARKET_FIRST_ROW + 1, 40)]
    assert "'" + text in symbols  # Excel stores a leading-quote entry as text
    assert open_book.workbook[L.HOLDINGS]["G5"].value == "'" + text


def test_as_text_leaves_ordinary_values_alone():
    assert macros.as_text("BTCUSDT") == "BTCUSDT"
    assert macros.as_text(-1.5) == -1.5
    assert macros.as_text("=1") == "'=1"


def test_bad_input_cell_stops_the_refresh_and_is_named(open_book):
    open_book.workbook[L.HOLDINGS]["B5"] = "lots"

    def never_called(*args, **kwargs):
        raise AssertionError("the market must not be fetched for bad input")

    with pytest.raises(ValueError, match=r"Holdings row 5 \(BTC\): could not convert string to float: 'lots'"):
        macros.refresh(open_book, fetch=never_called)
