"""The xlwings Lite bundle (addin/lite): fresh, declaring every worksheet function as Windows does, callable as
Office.js calls it, and its Refresh script run in a stand-in browser against the local venues.

``main.py`` is run in CPython with a stand-in ``xlwings`` module that records what the decorators declare; the
browser's ``XMLHttpRequest`` is a stand-in performing each GET against the local server, under
``sys.platform == "emscripten"`` as in Pyodide.
"""

from __future__ import annotations

import datetime as dt
import importlib.machinery
import importlib.util
import sys
import types
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from hedgebook.excel import layout as L
from hedgebook.excel import lite, udfs
from hedgebook.excel.project import write_project

from ..market.venues import serve_all
from .standin import Book, open_workbook

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT.joinpath(*lite.BUNDLE_FOLDER)


def test_the_bundle_in_addin_lite_is_fresh():
    for name, text in lite.bundle_files().items():
        assert (BUNDLE / name).read_text(encoding="utf-8") == text, "regenerate with python -m hedgebook.excel.lite"


class StandInXlwings(types.ModuleType):
    """``xlwings`` as xlwings Lite provides it, reduced to recording ``func``, ``arg`` and ``script``."""

    def __init__(self):
        super().__init__("xlwings")
        self.__spec__ = importlib.machinery.ModuleSpec("xlwings", None)
        self.functions, self.scripts, self.Book = {}, {}, type("Book", (), {})

    def func(self, function):
        self.functions[function.__name__] = {"function": function, "args": getattr(function, "_lite_args", {})}
        return function

    def arg(self, name, **options):
        def record(function):
            function.__dict__.setdefault("_lite_args", {})[name] = options
            return function
        return record

    def script(self, **options):
        def record(function):
            self.scripts[function.__name__] = {"function": function, **options}
            return function
        return record


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory):
    """A plan workbook as hedgebook builds it (before the stand-in xlwings replaces the real one)."""
    return write_project(tmp_path_factory.mktemp("lite"), "liteplan").workbook


@pytest.fixture
def lite_main(monkeypatch):
    standin = StandInXlwings()
    monkeypatch.setitem(sys.modules, "xlwings", standin)
    spec = importlib.util.spec_from_file_location("lite_main", BUNDLE / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return standin, module


def test_every_worksheet_function_is_declared_as_the_vba_listing_declares_it(lite_main):
    standin, _ = lite_main
    assert sorted(standin.functions) == sorted(udfs.WORKSHEET_FUNCTIONS) and len(standin.functions) >= 16
    for name, declared in standin.functions.items():
        xlfunc = getattr(udfs, name).__xlfunc__
        assert sorted(declared["args"]) == sorted(a["name"] for a in xlfunc["args"]), name
        for info in xlfunc["args"]:
            options = declared["args"][info["name"]]
            assert options["doc"] == info["doc"] and options.get("ndim") == info["options"].get("ndim"), name
        assert declared["function"].__doc__ == xlfunc["ret"]["doc"]


def test_refresh_is_a_script_bound_to_the_shape_on_start(plan_file, lite_main):
    standin, _ = lite_main
    assert standin.scripts["Refresh"]["button"] == "[TextBox 1]Start!C13"
    with zipfile.ZipFile(plan_file) as archive:
        start_drawing = archive.read("xl/drawings/drawing1.xml").decode()
        links = archive.read("xl/drawings/_rels/drawing1.xml.rels").decode()
        start_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert 'name="TextBox 1"' in start_drawing and "Refresh in xlwings Lite" in start_drawing
    assert f"Target=\"#'{L.START}'!{L.LITE_BUTTON_TARGET.a1()}\"" in links and "drawing1.xml" in start_rels


ORDER_CELLS = {"min_row": 5, "max_row": 6, "min_col": 2, "max_col": 5}
"""Orders' first two rows, venue to contracts."""
EXPIRY_SERIAL = 45744 + 8 / 24  # 2025-03-28 08:00 as Excel counts days
AS_OF_SERIAL = 45671 + 8 / 24  # 2025-01-14 08:00: 73 days before


@pytest.mark.parametrize("name, arguments, expected", [
    # 65 000 of BTC and a −15 000 short in a 100 000 portfolio: 50 000, or 0.5 as a weight
    ("NETEXPOSURE", ([[65_000]], [[-15_000]]), 50_000),
    ("NETEXPOSURE", ([[65_000]], [[-15_000]], [[100_000]]), 0.5),
    ("NETEXPOSURE", ([[65_000]], [[-15_000]], [[None]]), 50_000),  # a blank optional cell is its default
    # 65 % to 50 % of 100 000 at 60 000 per coin: short 0.25
    ("HEDGESIZE", ([[65_000]], [[0.5]], [[100_000]], [[60_000]], [[None]], [[0.001]], [[None]]), -0.25),
    # a short of 15 000 at +0.01 % per 8 h for 30 days receives 15 000 × 0.0001 × 90 = 135
    ("FUNDINGCOST", ([[-15_000]], [[0.0001]], [[30]], [[8]]), -135),
    ("FUNDINGCOST", ([[-15_000]], [[0.0001]], [[30]], [[None]]), "#N/A"),  # interval unknown: never guessed
    # (61 200 / 60 000 − 1) × 365 / 73 = 0.1: expiry and valuation as serial numbers, as ISO text, or mixed
    ("ANNUALIZEDBASIS", ([[60_000]], [[61_200]], [[EXPIRY_SERIAL]], [[AS_OF_SERIAL]]), 0.1),
    ("ANNUALIZEDBASIS", ([[60_000]], [[61_200]], [["2025-03-28T08:00:00"]], [["2025-01-14T08:00:00Z"]]), 0.1),
    ("ANNUALIZEDBASIS", ([[60_000]], [[61_200]], [["2025-03-28T08:00:00"]], [[AS_OF_SERIAL]]), 0.1),
])
def test_functions_called_as_office_js_calls_them(lite_main, name, arguments, expected):
    _, main = lite_main
    result = getattr(main, name)(*arguments)
    value = result[0][0] if isinstance(result, list) else result
    assert value == (pytest.approx(expected) if isinstance(expected, (int, float)) else expected)


def test_bad_input_from_office_js_is_a_message_not_a_traceback(lite_main):
    _, main = lite_main
    result = main.ANNUALIZEDBASIS([[60_000]], [[61_200]], [["next March"]], [[AS_OF_SERIAL]])
    text = result[0][0] if isinstance(result, list) else result
    assert text.startswith("#VALUE!") and "expiry must be a date" in text


class StandInXMLHttpRequest:
    """The browser's XMLHttpRequest, synchronous, performing the GET with the standard library."""

    sent: list[dict] = []

    @classmethod
    def new(cls):
        return cls()

    def open(self, method, url, asynchronous):
        assert method == "GET" and asynchronous is False
        self.url, self.headers, self.timeout = url, {}, 0

    def setRequestHeader(self, name, value):  # noqa: N802  (the browser's name)
        self.headers[name] = value

    def send(self, body):
        StandInXMLHttpRequest.sent.append(dict(self.headers))
        request = urllib.request.Request(self.url, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                self.status, self._headers, self.responseText = answer.status, answer.headers, answer.read().decode()
        except urllib.error.HTTPError as error:
            self.status, self._headers, self.responseText = error.code, error.headers, error.read().decode()

    def getAllResponseHeaders(self):  # noqa: N802
        return "".join(f"{name}: {value}\r\n" for name, value in self._headers.items())


class StandInFetch:
    """Pyodide's ``pyfetch`` (the browser's ``fetch``): the GET performed with the standard library in a thread, after
    ``delay(url)`` seconds; the body handed out in chunks by a reader, as a browser stream is. A failure to connect
    is what the browser raises for CORS or no network ("Failed to fetch")."""

    def __init__(self, delay=lambda url: 0.0):
        self.delay, self.sent, self.in_flight, self.most_in_flight = delay, [], 0, 0

    async def __call__(self, url, method="GET", headers=None):
        import asyncio

        self.sent.append(dict(headers or {}))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay(url))
            status, answer_headers, body = await asyncio.to_thread(self._get, url, dict(headers or {}))
        finally:
            self.in_flight -= 1
        return types.SimpleNamespace(status=status, headers=answer_headers,
                                     js_response=types.SimpleNamespace(body=StandInStream(body)))

    @staticmethod
    def _get(url, headers):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except (urllib.error.URLError, OSError):
            raise TypeError("Failed to fetch") from None


class StandInStream:
    def __init__(self, body, size=65_536):
        self.chunks = [body[i:i + size] for i in range(0, len(body), size)]

    def getReader(self):  # noqa: N802  (the browser's name)
        return self

    async def read(self):
        if not self.chunks:
            return types.SimpleNamespace(done=True, value=None)
        chunk = self.chunks.pop(0)
        return types.SimpleNamespace(done=False, value=types.SimpleNamespace(to_bytes=lambda: chunk))

    def cancel(self):
        self.chunks = []


@pytest.fixture
def in_browser(monkeypatch):
    """Pyodide as hedgebook sees it: ``sys.platform``, the ``js`` module, ``pyodide.ffi`` and ``pyodide.http``."""
    js = types.ModuleType("js")
    js.XMLHttpRequest = StandInXMLHttpRequest
    pyodide = types.ModuleType("pyodide")
    ffi = types.ModuleType("pyodide.ffi")
    ffi.JsException = type("JsException", (Exception,), {})
    http = types.ModuleType("pyodide.http")
    http.pyfetch = StandInFetch()
    pyodide.ffi, pyodide.http = ffi, http
    for name, module in {"js": js, "pyodide": pyodide, "pyodide.ffi": ffi, "pyodide.http": http}.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "platform", "emscripten")
    StandInXMLHttpRequest.sent = []
    return http


def test_the_refresh_script_on_a_book_built_from_the_template(plan_file, lite_main, in_browser, market_server):
    import asyncio

    serve_all(market_server)
    _, main = lite_main
    book = open_workbook(plan_file, deferred=True)
    asyncio.run(main.Refresh(book))
    book.end_script()
    sheets = book.workbook
    orders = [[c.value for c in row] for row in sheets[L.ORDERS].iter_rows(**ORDER_CELLS)]
    assert orders == [["binance", "BTCUSDT", "sell", -0.249], ["binance", "ETHUSDT", "buy", 4.999]]
    sent = in_browser.pyfetch.sent
    assert sent and all("User-Agent" not in h for h in sent) and not StandInXMLHttpRequest.sent  # fetch only
    status = {row[0].value: row[2].value for row in sheets[L.START].iter_rows(min_row=L.VENUE_STATUS.first_row + 1,
                                                                               max_row=L.VENUE_STATUS.first_row + 6)}
    assert status.get("binance") == "ok"
    assert isinstance(sheets[L.START][L.LAST_REFRESH.a1()].value, dt.datetime)
    # the copy of the typed inputs holds what the workbook holds after the script, the new valuation time too
    from hedgebook.excel.workbook_cells import XlwingsCells

    cells = XlwingsCells(Book(book.workbook))
    for typed, copy in zip(L.TYPED_INPUTS, L.INPUTS_AS_BUILT, strict=True):
        assert cells.values(copy) == cells.values(typed), typed


def test_the_refresh_script_says_so_when_the_browser_blocks_every_venue(plan_file, lite_main, in_browser, capsys,
                                                                      monkeypatch):
    import asyncio

    async def blocked(url, method="GET", headers=None):
        raise TypeError("Failed to fetch")

    monkeypatch.setattr(in_browser, "pyfetch", blocked)
    _, main = lite_main
    book = open_workbook(plan_file, deferred=True)
    before = [[c.value for c in row] for row in book.workbook[L.ORDERS].iter_rows(**ORDER_CELLS)]
    asyncio.run(main.Refresh(book))
    book.end_script()
    message = capsys.readouterr().out
    assert "Refresh stopped, nothing was changed" in message and "blocked by the browser (CORS)" in message
    after = [[c.value for c in row] for row in book.workbook[L.ORDERS].iter_rows(**ORDER_CELLS)]
    assert after == before  # the last good values stay


PYODIDE_PROVIDED = {"numpy", "pandas"}
"""Compiled packages Pyodide builds and serves itself (its "Packages built in Pyodide")."""
PURE_WHEEL_ON_THE_INDEX = {"charset-normalizer"}
"""Installed here from a compiled wheel, but also published as py3-none-any, which micropip picks in Pyodide."""
PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
           "platform_machine": "wasm32", "extra": ""}


def test_hedgebook_installs_in_pyodide_every_dependency_pure_python_or_provided():
    """Issue 11: what micropip installs for hedgebook in xlwings Lite (markers evaluated as in Pyodide)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    purity, todo = {}, ["hedgebook"]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in purity:
            continue
        distribution = metadata.distribution(name)
        purity[name] = "Root-Is-Purelib: true" in (distribution.read_text("WHEEL") or "")
        todo += [r.name for r in map(Requirement, distribution.requires or [])
                 if r.marker is None or r.marker.evaluate(dict(PYODIDE))]
    assert "xlwings" not in purity  # xlwings Lite brings its own (the desktop one is compiled)
    compiled = {name for name, pure in purity.items() if not pure}
    assert compiled <= PYODIDE_PROVIDED | PURE_WHEEL_ON_THE_INDEX, compiled


def test_what_lite_runs_imports_no_workbook_writer_cache_or_terminal():
    """The worksheet functions and Refresh import neither XlsxWriter, requests-cache, rich nor openpyxl."""
    import subprocess

    code = ("import sys, hedgebook.excel.udfs, hedgebook.excel.lite_refresh; "
            "print(sorted(m for m in ('xlsxwriter', 'requests_cache', 'rich', 'openpyxl') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"


STANDIN_PACKAGE = '''"""xlwings as xlwings Lite provides it, reduced to decorators that leave each function as it is."""
def func(function):
    return function
def arg(name, **options):
    return lambda function: function
def script(**options):
    return lambda function: function
class Book:
    pass
'''


def test_main_py_carries_hedgebook_itself_so_nothing_comes_from_the_package_index(tmp_path):
    """As the README's Lite steps go (paste main.py and requirements.txt, which names no hedgebook): main.py, run
    where hedgebook is not installed, writes its own code to the (temporary) file system and imports it from there;
    the functions compute and Refresh's modules load."""
    import os
    import subprocess

    standin = tmp_path / "standin" / "xlwings"
    standin.mkdir(parents=True)
    (standin / "__init__.py").write_text(STANDIN_PACKAGE, encoding="utf-8")
    probe = f"""
import importlib.abc, runpy, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "hedgebook" and not sys.path[0].endswith(".zip"):
            raise ImportError("hedgebook is not installed here")
sys.meta_path.insert(0, NotInstalled())
sys.path.insert(0, {str(standin.parent)!r})
main = runpy.run_path({str(BUNDLE / "main.py")!r})
import hedgebook, hedgebook.excel.lite_refresh
print(hedgebook.__file__)
print(main["HEDGESIZE"]([[65000.0]], [[0.5]], [[100000.0]], [[60000.0]], [[1.0]], [[0.001]]))
"""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    where, size = out.stdout.splitlines()
    assert where.startswith(str(tmp_path)) and ".zip" in where and size == "-0.25"
    requirements = (BUNDLE / "requirements.txt").read_text(encoding="utf-8")
    assert "hedgebook" not in requirements.split("\n", 2)[2]


def test_hedgebook_lite_writes_the_bundle_for_the_installed_version(tmp_path, capsys):
    from hedgebook.cli import main

    assert main(["lite", "--out", str(tmp_path / "bundle")]) == 0
    for name, text in lite.bundle_files().items():
        assert (tmp_path / "bundle" / name).read_text(encoding="utf-8") == text
    assert "Paste requirements.txt, then main.py" in capsys.readouterr().out


def test_the_venues_are_read_at_once_and_one_that_never_answers_is_a_timeout(plan_file, lite_main, in_browser,
                                                                             market_server, monkeypatch):
    """Binance holds every answer for a minute; the refresh does not wait for it: Binance is reported as timed out
    (not as blocked by the browser), its previous rows kept, and the other venues are refreshed."""
    import asyncio
    import time

    from hedgebook.excel import lite_refresh
    from hedgebook.market import MarketConfig

    serve_all(market_server)
    hold = {"/fapi/", "/dapi/"}
    in_browser.pyfetch = StandInFetch(delay=lambda url: 60.0 if any(p in url for p in hold) else 0.05)
    book = open_workbook(plan_file, deferred=True)
    config = MarketConfig.from_environment().with_timeout(0.5)
    started = time.monotonic()
    message = asyncio.run(lite_refresh.refresh_async(book, config=config))
    assert time.monotonic() - started < 20  # a minute's wait was not waited
    book.end_script()
    assert "binance: no answer within 0.5 s" in message and "CORS" not in message.split("binance:")[1][:40]
    status = {row[0].value: row[2].value for row in book.workbook[L.START].iter_rows(
        min_row=L.VENUE_STATUS.first_row + 1, max_row=L.VENUE_STATUS.first_row + 10)}
    assert status.get("binance_spot") == status.get("coingecko") == "ok"
    assert "no answer within 0.5 s" in status.get("binance", "")
    assert in_browser.pyfetch.most_in_flight > 1  # the venues were asked at once


def test_a_body_past_the_cap_is_cut_while_it_is_read():
    import asyncio

    from hedgebook.market.browser_fetch import TOO_LARGE, pyfetch_answer

    class Huge(StandInFetch):
        @staticmethod
        def _get(url, headers):
            return 200, {}, b"[" + b"1," * 200_000 + b"1]"

    sys.modules.setdefault("pyodide", types.ModuleType("pyodide"))
    http = types.ModuleType("pyodide.http")
    http.pyfetch = Huge()
    sys.modules["pyodide.http"] = http
    try:
        status, _, body = asyncio.run(pyfetch_answer("https://example.invalid/x", {}, 5.0, 100_000))
    finally:
        del sys.modules["pyodide.http"]
    assert status == TOO_LARGE and body == b""
