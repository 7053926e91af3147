import os

import pytest
from pytest_httpserver import HTTPServer

from hedgebook.market import VENUES
from tests.isolation import SessionGuard
from tests.memory_keyring import MemoryKeyring

_guard: SessionGuard | None = None


def pytest_configure(config):
    """Before any test module is imported or any fixture runs, point HOME, the XDG folders and every
    hedgebook path into a temporary folder (``tests/isolation.py``)."""
    global _guard
    if _guard is None:
        _guard = SessionGuard()
        config.hedgebook_guard = _guard


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when anything in the user's own hedgebook folders changed during it."""
    if _guard is None:
        return
    changed = _guard.changes()
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "tests wrote outside their temporary folders: " + ", ".join(changed[:10])
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config):
    global _guard
    if _guard is not None:
        _guard.close()
        _guard = None


LONGEST_FIRST = ("test_fault_injection.py", "test_refresh_paths.py", "test_cli.py", "test_history_faults.py",
                 "test_formulas_eval.py", "test_soak.py", "test_accounts_command.py", "test_workbook.py",
                 "test_macros.py", "test_safe_file.py", "test_libreoffice.py", "test_lite.py")
"""The modules that take longest, in that order: handed to the workers first, so that the short ones fill the end
of the run instead of one long module running alone on one worker (``--dist=loadscope`` keeps a module together and
deals the modules out in the order they were collected)."""


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: each module's tests keep their order


@pytest.fixture(scope="session")
def session_guard(pytestconfig) -> SessionGuard:
    """The session-wide guard (where HOME and the hedgebook paths point for the whole run)."""
    return pytestconfig.hedgebook_guard


@pytest.fixture(scope="session")
def make_httpserver():
    """The local venue server answers requests concurrently, as a real venue does."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


CLOSED_LOCAL_PORT = "http://127.0.0.1:9"
"""Nothing listens here: a test that forgets to set up the local server fails fast instead of going online."""


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    """The OS keyring replaced by an empty one in memory, and no API key in the environment: no test reads or
    writes the user's own keys (given back after each test)."""
    import keyring

    for name in [n for n in os.environ if n.startswith(("HEDGEBOOK_API_KEY_", "HEDGEBOOK_API_SECRET_",
                                                        "HEDGEBOOK_API_PASSPHRASE_"))]:
        monkeypatch.delenv(name)
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch, tmp_path):
    """Point every venue and the CFTC at a closed local port, and the spec cache and the history store at a
    temporary folder."""
    for key in [*VENUES, "cftc"]:
        monkeypatch.setenv(f"HEDGEBOOK_URL_{key.upper()}", CLOSED_LOCAL_PORT)
    monkeypatch.setenv("HEDGEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HEDGEBOOK_HISTORY_DB", str(tmp_path.parent / f"{tmp_path.name}-history" / "history.sqlite"))
    monkeypatch.setenv("HEDGEBOOK_RETRY_BACKOFF_S", "0")


@pytest.fixture
def market_server(httpserver, monkeypatch, tmp_path):
    """Every venue pointed at one local HTTP server, a fresh spec cache, no retry backoff."""
    base = httpserver.url_for("/").rstrip("/")
    for key in [*VENUES, "cftc"]:
        monkeypatch.setenv(f"HEDGEBOOK_URL_{key.upper()}", base)
    monkeypatch.setenv("HEDGEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HEDGEBOOK_RETRY_BACKOFF_S", "0")
    return httpserver
