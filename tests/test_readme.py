"""A README a user can find things in (issue 25 §2): short, with the commands, the environment and every worksheet
function, each current; every link to a file of the project leads to one."""

import re
from pathlib import Path

from hedgebook.cli import build_parser
from hedgebook.excel import function_reference, udfs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_LINES = 250


def test_the_readme_is_short():
    assert len(README.splitlines()) <= README_LINES


def test_every_worksheet_function_has_an_example_and_the_reference_is_current():
    assert set(function_reference.EXAMPLES) == set(udfs.WORKSHEET_FUNCTIONS)
    assert function_reference.with_section(README) == README, "python -m hedgebook.excel.function_reference"
    documented = (ROOT / "docs" / "FUNCTIONS.md").read_text(encoding="utf-8")
    assert documented == function_reference.functions_document(), "python -m hedgebook.excel.function_reference"
    section = README.split(function_reference.README_START)[1]
    assert all(f"`{name}(" in section for name in udfs.WORKSHEET_FUNCTIONS)
    assert "#VALUE!" not in section and "#N/A" not in section  # every example computes


def test_the_command_table_names_every_command():
    commands = build_parser()._subparsers._group_actions[0].choices
    table = README.split("| command |")[1].split("\n\n")[0]
    assert all(f"`hedgebook {name}" in table for name in commands)


def test_the_environment_table_names_every_variable_the_code_reads():
    read = set()
    for path in ROOT.joinpath("src").rglob("*.py"):
        read |= set(re.findall(r"HEDGEBOOK_[A-Z_]+", path.read_text(encoding="utf-8")))
    table = README.split("## Environment variables")[1].split("\n## ")[0]
    named = {name.rstrip("_") for name in re.findall(r"`(HEDGEBOOK_[A-Z_]+)", table)}
    missing = [name for name in read if not any(name.rstrip("_").startswith(n) or n.startswith(name.rstrip("_"))
                                                for n in named)]
    assert not missing, missing


def test_every_link_to_a_project_file_leads_to_one():
    for document in [ROOT / "README.md", *ROOT.joinpath("docs").glob("*.md"), ROOT / "addin" / "README.md",
                     ROOT / "addin" / "lite" / "README.md"]:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (document.parent / target).exists(), f"{document.relative_to(ROOT)} links to {target}"
