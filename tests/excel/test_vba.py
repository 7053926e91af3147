"""The VBA that xlwings' "Import Functions" generates for the worksheet functions."""

import copy
import inspect
import re
import types
from pathlib import Path

import pytest

from hedgebook.excel import udfs
from hedgebook.excel.vba_listing import LISTING_FILE, generate_listing, xlwings_udfs

ROOT = Path(__file__).resolve().parents[2]
VBA_MAX_LINE = 1023
VBA_KEYWORDS = {
    "and", "as", "boolean", "byref", "byte", "byval", "call", "case", "const", "currency", "date", "declare", "dim",
    "do", "double", "each", "else", "elseif", "empty", "end", "enum", "eqv", "erase", "error", "event", "exit",
    "false", "for", "friend", "function", "get", "global", "gosub", "goto", "if", "imp", "implements", "in",
    "integer", "is", "let", "lib", "like", "long", "loop", "lset", "me", "mod", "new", "next", "not", "nothing",
    "null", "on", "open", "option", "optional", "or", "paramarray", "preserve", "print", "private", "property",
    "public", "raiseevent", "redim", "rem", "resume", "return", "rset", "select", "set", "single", "static",
    "step", "stop", "string", "sub", "then", "to", "true", "type", "typeof", "until", "variant", "wend", "while",
    "with", "withevents", "xor", "name", "width", "string", "object", "type", "val",
}


@pytest.fixture(scope="module")
def listing():
    return generate_listing()


def test_committed_listing_is_fresh(listing):
    committed = (ROOT / "addin" / LISTING_FILE).read_text(encoding="utf-8")
    assert committed == listing, "addin/ listing is stale: run python -m hedgebook.excel.vba_listing"


def test_every_function_is_in_the_listing(listing):
    declared = re.findall(r"^Function (\w+)\(", listing, flags=re.M)
    assert sorted(declared) == sorted(udfs.WORKSHEET_FUNCTIONS)


def test_no_argument_is_a_vba_keyword(listing):
    for signature in re.findall(r"^Function \w+\((.*)\)$", listing, flags=re.M):
        for argument in signature.split(","):
            name = argument.split()[-1]
            assert name.lower() not in VBA_KEYWORDS, name
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,254}", name), name


def test_lines_within_vba_limits_and_blocks_balanced(listing):
    lines = listing.splitlines()
    assert max(len(line) for line in lines) <= VBA_MAX_LINE
    assert len(re.findall(r"^Function \w+\(", listing, flags=re.M)) == len(re.findall(r"^End Function$", listing, flags=re.M))
    assert listing.count("#If ") == listing.count("#End If") == len(udfs.WORKSHEET_FUNCTIONS)
    for function in udfs.WORKSHEET_FUNCTIONS:
        assert f"{function} = Err.Description" in listing


@pytest.mark.parametrize("name", sorted(udfs.WORKSHEET_FUNCTIONS))
def test_metadata_is_what_xlwings_builds(name):
    """Our __xlfunc__ equals what @xw.func + @xw.arg(doc=..., ndim=...) would attach."""
    ours = getattr(udfs, name).__xlfunc__
    original = inspect.unwrap(getattr(udfs, name))  # below the error text and, for a position, the row-by-row
    clone = types.FunctionType(original.__code__, original.__globals__, name, original.__defaults__, original.__closure__)
    clone.__doc__ = ours["ret"]["doc"]
    xw = xlwings_udfs()
    reference = clone
    for arg in ours["args"]:  # @xw.arg decorators sit below @xw.func, so they apply first
        reference = xw.xlarg(arg["name"], doc=arg["doc"], **copy.deepcopy(arg["options"]))(reference)
    reference = xw.xlfunc(category="hedgebook")(reference)
    assert ours == reference.__xlfunc__
