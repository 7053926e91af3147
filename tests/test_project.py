"""The project's promises: README quick start, CI command, doctests (layering: test_layers.py)."""

import doctest
import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import hedgebook.core

ROOT = Path(__file__).resolve().parents[1]


def test_readme_quick_start_has_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick_start)
    assert len(commands) == 2
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines, "`.ci/run` must run exactly the README's test command"


CORE_MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(hedgebook.core.__path__, "hedgebook.core.")
)


@pytest.mark.parametrize("module_name", CORE_MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_a_demo_written_into_the_current_folder_does_not_block_the_next(tmp_path, monkeypatch):
    """The README's quick start run in the repository root leaves hedgebook_demo.py there; with the current folder
    on Python's path (``python -m pytest``), that file is the user's own, not an installed module."""
    from hedgebook.cli import main
    from hedgebook.excel.project import check_name

    here = tmp_path / "here"
    here.mkdir()
    (here / "hedgebook_demo.py").write_text("from hedgebook.excel.macros import main\n", encoding="utf-8")
    monkeypatch.chdir(here)
    others = [entry for entry in sys.path if not (Path(entry or ".") / "hedgebook_demo.py").exists()]
    monkeypatch.setattr(sys, "path", [str(here), *others])  # no other demo on the path (the repository's own)
    importlib.invalidate_caches()
    assert check_name("hedgebook_demo") == "hedgebook_demo"
    assert main(["demo", "--out", str(tmp_path / "elsewhere")]) == 0
    with pytest.raises(ValueError, match="installed Python module"):
        check_name("json")  # still refused: found outside the current folder


def test_every_document_the_code_names_is_in_the_repository():
    """A docstring or comment that points to a document points to one in the repository (docs/...)."""
    named = set()
    for path in [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]:
        named |= {(path.name, found) for found in re.findall(r"\b(?:docs/)?[A-Z][A-Z_]+\.md\b",
                                                                path.read_text(encoding="utf-8"))}
    missing = {(where, name) for where, name in named
               if not (ROOT / name).exists() and not (ROOT / "docs" / name).exists()}
    assert not missing


def test_no_source_module_is_longer_than_450_lines():
    """One concept per module: a module above 450 lines holds more than one."""
    long = {path.relative_to(ROOT / "src").as_posix(): count
            for path in (ROOT / "src").rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long
