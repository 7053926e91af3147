"""Start's Import positions button in classic Excel (issue 24 §1): the same macro as Refresh, told apart by the
button that ran it; it writes the venues' positions into the open workbook's typed cells, then refreshes."""

import zipfile
from types import SimpleNamespace

import pytest

from hedgebook.excel import layout as L
from hedgebook.excel.import_positions import OLDER_WORKBOOK, import_message, import_positions, pressed_import
from hedgebook.excel.project import write_project
from hedgebook.market.errors import VenueKeyTooPowerful
from tests.excel.standin import open_workbook
from tests.market.account_server import AccountServer, mixed_account
from tests.market.test_key_checks import bybit_query_api


class Refreshed:
    """Stands for Refresh: counts its calls and answers that all went well."""

    def __init__(self):
        self.calls = 0

    def __call__(self, book):
        self.calls += 1
        return SimpleNamespace(errors={}, write=True, plan=SimpleNamespace(rebalance=SimpleNamespace(assets=[]),
                                                                             order_status=[]))


@pytest.fixture
def book(tmp_path):
    workbook = open_workbook(write_project(tmp_path, "importplan").workbook)
    sheet = workbook.workbook[L.POSITIONS]
    sheet["A5"], sheet["B5"], sheet["C5"] = "deribit", "BTC-PERPETUAL", -1000  # another venue: untouched
    sheet["A6"], sheet["B6"], sheet["C6"] = "okx", "ETH-USDT-SWAP", 99  # closed at OKX since: it goes
    return workbook


def rows(book):
    sheet = book.workbook[L.POSITIONS]
    found = []
    for row in sheet.iter_rows(min_row=5, max_row=14, max_col=L.POSITIONS_INPUT.cols, values_only=True):
        found.append(tuple(row) if row[0] else None)
    return found


def test_import_writes_each_venue_read_into_free_rows_and_then_refreshes(book, httpserver, monkeypatch):
    server = AccountServer(httpserver)
    for name, value in server.environment(["okx", "binance"]).items():
        monkeypatch.setenv(name, value)
    refreshed = Refreshed()
    outcome = import_positions(book, refresh=refreshed)
    assert refreshed.calls == 1 and outcome.read == {"binance": 2, "okx": 2}
    assert rows(book)[:6] == [
        ("deribit", "BTC-PERPETUAL", -1000, None, None, None, None, None),
        ("binance", "BTCUSDT", -0.25, 60_000.0, "isolated", 1_500.0, "venue", 65_737.05),
        ("binance", "ETHUSDT", 2.0, 3_000.0, "cross", None, "venue", None),
        ("okx", "BTC-USDT-SWAP", -25.0, 60_000.0, "cross", None, "venue", 82_000.0),
        ("okx", "ETH-USDT-SWAP", 10.0, 3_000.0, "isolated", 300.0, "venue", 2_800.0), None]
    accounts = book.workbook[L.POSITIONS]
    first = L.ACCOUNTS_TABLE.first_col + 1
    assert [(accounts.cell(5 + k, first).value, accounts.cell(5 + k, first + 1).value) for k in range(2)] == [
        ("binance", pytest.approx(20_000.0)), ("okx", pytest.approx(7_700.0))]
    message = import_message(outcome)
    assert message.startswith("Imported positions: binance 2, okx 2.") and "okx ETH-USDT-SWAP" in message


def test_a_key_that_can_move_funds_writes_nothing_and_refreshes_nothing(book, httpserver, monkeypatch):
    bodies = mixed_account()
    bodies["/v5/user/query-api"] = bybit_query_api(1, ["Withdraw"])
    server = AccountServer(httpserver, bodies)
    for name, value in server.environment(["bybit", "binance"]).items():
        monkeypatch.setenv(name, value)
    before, refreshed = book.values(), Refreshed()
    with pytest.raises(VenueKeyTooPowerful, match="bybit: this key can move funds out"):
        import_positions(book, refresh=refreshed)
    assert book.values() == before and refreshed.calls == 0


def test_only_the_import_button_imports(book):
    class Buttons:
        def __init__(self, caption):
            self.caption = caption

        def __call__(self, name):
            return SimpleNamespace(Caption=self.caption)

    def pressed(caller, caption):
        start = SimpleNamespace(api=SimpleNamespace(Buttons=Buttons(caption)))
        return pressed_import(SimpleNamespace(app=SimpleNamespace(api=SimpleNamespace(Caller=caller)),
                                              sheets={L.START: start}))

    assert pressed("Button 2", "Import positions") and not pressed("Button 1", "Refresh")
    assert not pressed(-2146826265, "Import positions")  # Run main: no button (Excel's error value)
    assert not pressed_import(book)  # no COM: a Mac, or the stand-in


def test_start_has_the_button_and_says_lite_has_none(tmp_path):
    path = write_project(tmp_path, "buttons").workbook
    with zipfile.ZipFile(path) as archive:
        drawings = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".vml"))
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert drawings.count(b"SampleCall") == 2 and b"Import positions" in drawings and b"Refresh" in drawings
    assert "Not in xlwings Lite: a secret does not belong in a browser page." in strings


def test_a_workbook_built_before_the_source_column_is_told_what_to_do(book):
    del book.workbook.defined_names["Positions_Source"]
    with pytest.raises(ValueError, match="built before Import positions"):
        import_positions(book, refresh=Refreshed())
    assert "hedgebook refresh" in OLDER_WORKBOOK


def test_the_macro_imports_when_the_import_button_ran_it_and_says_why_not_in_one_line(book, monkeypatch):
    """No venue has a key (this test's keyring is empty): one message, nothing written, no refresh."""
    import xlwings

    from hedgebook.excel import import_positions as module
    from hedgebook.excel import macros

    alerts = []
    book.app.alert = lambda text, title=None: alerts.append(text)
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: book))
    monkeypatch.setattr(module, "pressed_import", lambda pressed: True)
    before = book.values()
    macros.main()
    assert alerts == ["Import stopped, nothing was changed: no venue has a key: add a read-only one with "
                      "`hedgebook keys set VENUE` (VENUE: binance, binance_coinm, bybit, okx)"]
    assert book.values() == before and not book.app.messages
