"""One root for every error hedgebook raises on purpose, caught once by the command line and once by Refresh."""

import ast
import inspect

import pytest

from hedgebook import cli
from hedgebook.core.errors import HedgebookError, InputError, PlanError
from hedgebook.excel import lite_refresh, macros
from hedgebook.excel.cells import CellError
from hedgebook.excel.safe_file import WorkbookError
from hedgebook.market import errors as venue_errors
from hedgebook.market.history_store import StoreError
from hedgebook.market.spec_cache import UnsafeCacheDir


@pytest.mark.parametrize("kind", [InputError, PlanError, StoreError, WorkbookError, UnsafeCacheDir, CellError,
                                  *(value for value in vars(venue_errors).values()
                                    if isinstance(value, type) and issubclass(value, Exception)
                                    and value.__module__ == venue_errors.__name__)])
def test_every_error_meant_for_the_user_is_a_hedgebook_error(kind):
    assert issubclass(kind, HedgebookError)


def _handlers(function):
    tree = ast.parse(inspect.getsource(function))
    return [ast.unparse(node.type) for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler)]


def test_the_command_line_catches_the_root_once():
    assert _handlers(cli.main) == ["(HedgebookError, OSError, MemoryError)", "KeyboardInterrupt"]


@pytest.mark.parametrize("function", [macros.main, lite_refresh.refresh])
def test_refresh_in_excel_catches_the_root_once(function):
    assert _handlers(function) == ["HedgebookError"]


def test_a_bad_input_on_the_command_line_is_one_line(capsys):
    assert cli.main(["market", "--venues", "binanse", "--timeout", "1"]) == 2  # a usage error, as argparse says
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "unknown venue 'binanse'" in err


def test_a_value_no_reader_named_is_one_workbook_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    """A ValueError from deep in the reader (a library's own) reaches the terminal as one line naming the file."""
    from hedgebook.excel import reading
    from hedgebook.excel.project import write_project

    path = write_project(tmp_path, "plan").workbook

    def broken(*arguments):
        raise ValueError("could not convert string to float: 'x'")

    monkeypatch.setattr(reading, "market_from_rows", broken)
    assert cli.main(["plan", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "error: plan.xlsm cannot be read as a plan (could not convert string to float: 'x')"
