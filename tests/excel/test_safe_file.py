"""Replacing the user's workbook: what a headless refresh refuses, keeps and cleans up."""

import os
import stat
import subprocess
import sys
import time
import zipfile

import pytest

from hedgebook.excel import layout as L
from hedgebook.excel.project import write_project
from hedgebook.excel.safe_file import (
    MAX_UNPACKED_BYTES,
    STRAY_AFTER_S,
    TEMPORARY_MARK,
    check_unpacked_size,
)
from hedgebook.excel.workbook_io import read_file, refresh_file
from hedgebook.market import MarketSnapshot, load_sample

SAMPLE = load_sample()


def fetch(venues, assets, **kwargs):
    return MarketSnapshot(SAMPLE.table, requests={"binance": 1})


def refresh(path, fetcher=fetch):
    return refresh_file(path, fetch=fetcher, fetch_cot=lambda timeout=None: None, now=lambda: SAMPLE.fetched_at)


@pytest.fixture
def plan(tmp_path):
    return write_project(tmp_path, "safeplan").workbook


def test_the_files_permissions_are_kept(plan):
    plan.chmod(0o664)
    assert refresh(plan).write
    assert stat.S_IMODE(plan.stat().st_mode) == 0o664


def test_a_symbolic_link_keeps_pointing_at_the_refreshed_file(plan, tmp_path):
    link = tmp_path / "link.xlsm"
    link.symlink_to(plan)
    before = plan.read_bytes()
    assert refresh(link).write
    assert link.is_symlink() and os.readlink(link) == str(plan)
    assert plan.read_bytes() != before  # the target was refreshed


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.chmod(0o444), "safeplan.xlsm is read-only: it was not changed"),
    (lambda p: os.link(p, p.with_name("other.xlsm")), "safeplan.xlsm has 1 other hard link(s), which a refresh "
                                                      "would break: it was not changed"),
    (lambda p: p.with_name("~$safeplan.xlsm").write_bytes(b"lock"), "safeplan.xlsm is open in Excel "
                                                                    "(~$safeplan.xlsm is there)"),
])
def test_what_a_replacement_would_break_is_refused(plan, setup, message):
    setup(plan)
    before = plan.read_bytes()
    calls = []
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("$", r"\$")):
        refresh(plan, lambda *a, **k: calls.append(1))
    assert plan.read_bytes() == before and calls == []  # refused before anything was fetched


def test_a_file_saved_while_it_was_refreshed_is_not_replaced(plan):
    def fetch_while_the_user_saves(venues, assets, **kwargs):
        plan.write_bytes(plan.read_bytes() + b" ")  # Excel saving the workbook meanwhile
        return fetch(venues, assets)

    with pytest.raises(ValueError, match="safeplan.xlsm changed while it was being refreshed: it was not replaced"):
        refresh(plan, fetch_while_the_user_saves)
    assert plan.read_bytes().endswith(b" ")
    assert sorted(p.name for p in plan.parent.iterdir()) == ["safeplan.py", "safeplan.xlsm"]


def test_a_killed_refreshs_temporary_file_is_removed_by_the_next(plan):
    stray = plan.with_name(f".{plan.name}{TEMPORARY_MARK}abc123.xlsm")
    stray.write_bytes(b"half a workbook")
    old = time.time() - STRAY_AFTER_S - 1
    os.utime(stray, (old, old))
    running = plan.with_name(f".{plan.name}{TEMPORARY_MARK}def456.xlsm")
    running.write_bytes(b"another refresh, now")
    assert refresh(plan).write
    assert not stray.exists() and running.exists()


def test_the_temporary_file_of_a_refresh_killed_just_now_is_removed_by_the_next(plan):
    """Issue 21 B11: a refresh killed while saving left ``.plan.xlsm.hedgebook-<pid>-….xlsm``; the next refresh,
    seconds later, left it there (it only removed files ten minutes old)."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = int(gone.stdout)
    stray = plan.with_name(f".{plan.name}{TEMPORARY_MARK}{dead}-x1y2z3.xlsm")
    stray.write_bytes(b"half a workbook")
    alive = plan.with_name(f".{plan.name}{TEMPORARY_MARK}{os.getpid()}-a1b2c3.xlsm")
    alive.write_bytes(b"a refresh of this process, now")
    assert refresh(plan).write
    assert not stray.exists() and alive.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once(tmp_path):
    """Issue 21 B10: a FIFO given as the workbook hung the command (opening it waits for a writer)."""
    fifo = tmp_path / "plan.xlsm"
    os.mkfifo(fifo)
    started = time.monotonic()
    for call in (read_file, refresh):
        with pytest.raises(ValueError, match=r"^plan.xlsm is not a regular file \(a FIFO\): not a workbook"):
            call(fifo)
    assert time.monotonic() - started < 5
    (tmp_path / "folder.xlsm").mkdir()
    with pytest.raises(ValueError, match=r"^folder.xlsm is not a regular file \(a folder\)"):
        read_file(tmp_path / "folder.xlsm")


def test_a_workbook_that_would_unpack_to_gigabytes_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "bomb.xlsm"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"bomb.xlsm would unpack to 201 MB \(limit 200 MB\): not a plan workbook"):
        read_file(bomb)
    assert time.perf_counter() - start < 1


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    notes = tmp_path / "notes.xlsm"
    notes.write_text("not a workbook")
    with pytest.raises(ValueError, match="notes.xlsm is not a workbook"):
        check_unpacked_size(notes)


def test_typed_text_that_starts_with_an_equals_sign_stays_text(plan):
    """Issue 21 B6: a cell typed as text (Excel: '=ETH) was read by its value, taken for a formula, and written
    back as one."""
    import openpyxl

    book = openpyxl.load_workbook(plan, keep_vba=True)
    cell = book[L.HOLDINGS]["E5"]  # BTC's Hedge instrument
    cell.value = "=BTCUSDT"
    cell.data_type = "s"
    book.save(plan)
    refresh(plan)
    after = openpyxl.load_workbook(plan)[L.HOLDINGS]["E5"]
    assert (after.value, after.data_type) == ("=BTCUSDT", "s")
