"""A plan workbook without Excel: reading it (openpyxl), refreshing it, and replacing it atomically.

openpyxl drops charts and form-control buttons from a file it saves, so a
headless refresh does not save through openpyxl: it reads the workbook with
openpyxl, runs :func:`hedgebook.app.refresh.refresh`, and rebuilds the whole
workbook with the template builder (VBA project, Refresh button and charts
included) into a temporary file that replaces the original only once
complete.  A crash mid-write leaves the original untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from ..app.refresh import NO_VENUE_ANSWERED, Fetch, FetchCot, RefreshOutcome, refresh, utc_now
from ..market import fetch_market
from ..market.cot import fetch_cot
from . import layout as L
from .reading import WorkbookContents, read_workbook
from .template import build_workbook

__all__ = ["NO_VENUE_ANSWERED", "OpenpyxlCells", "read_file", "refresh_file", "write_atomically"]


class OpenpyxlCells:
    """:class:`hedgebook.excel.reading.Cells` over a workbook openpyxl opened (read-only, cached values)."""

    def __init__(self, book):
        self.book = book

    @property
    def sheet_names(self) -> Sequence[str]:
        return self.book.sheetnames

    def refers_to(self, name: str) -> str | None:
        defined = self.book.defined_names.get(name)
        return None if defined is None else defined.attr_text

    def values(self, block: L.Block) -> list[list[Any]]:
        sheet = self.book[block.sheet]
        rows = sheet.iter_rows(min_row=block.first.row1, max_row=block.last.row1, min_col=block.first.col1,
                               max_col=block.last.col1, values_only=True)
        return [list(row) + [None] * (block.cols - len(row)) for row in rows] or [[None] * block.cols]

    def rows_until_blank(self, table: L.Table) -> list[list[Any]]:
        rows = []
        width = len(table.titles)
        sheet = self.book[table.sheet]
        for row in sheet.iter_rows(min_row=table.first_row + 1, min_col=table.first_col + 1,
                                   max_col=table.first_col + width, values_only=True):
            if not row or row[0] in (None, ""):
                break
            rows.append(list(row) + [None] * (width - len(row)))
        return rows


def read_file(path: Path) -> WorkbookContents:
    """Holdings, Settings, the last market data, the CFTC report and the UDF module of a plan workbook.

    Raises
    ------
    ValueError
        When the file cannot be opened or is not a hedgebook plan, or an input
        cell holds a bad value (the message names the sheet, row, column and value).
    """
    import openpyxl

    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except Exception as error:
        raise ValueError(f"cannot open {path.name}: {error}") from None
    try:
        return read_workbook(OpenpyxlCells(book), default_module=path.stem)
    except ValueError as error:
        if str(error).startswith("not a hedgebook plan"):
            raise ValueError(f"{path.name} is {error}") from None
        raise
    finally:
        book.close()


def refresh_file(path: Path, venues: list[str] | None = None, *, fetch: Fetch = fetch_market,
                 fetch_cot: FetchCot = fetch_cot, timeout: float | None = None, progress=None,
                 now: Callable = utc_now, contents: WorkbookContents | None = None,
                 deadline: float | None = None) -> RefreshOutcome:
    """Refresh a plan workbook without Excel, by the rules of :mod:`hedgebook.app.refresh`.

    The file is replaced atomically when the outcome says to write, and not
    touched otherwise.  ``contents`` is what :func:`read_file` read from it, when
    the caller has read it already.

    Raises
    ------
    ValueError
        The file is not a readable plan, an input cell is bad, or it holds
        sheets of its own that a rewrite would drop (nothing is written).
    """
    path = Path(path)
    contents = contents or read_file(path)
    if contents.extra_sheets:
        raise ValueError(
            f"{path.name} has sheets hedgebook does not manage ({', '.join(contents.extra_sheets)}); a refresh "
            "without Excel rewrites the workbook and would drop them: refresh it in Excel, or move them out"
        )
    outcome = refresh(contents.inputs, contents.market, fetch=fetch, fetch_cot=fetch_cot, now=now,
                      previous_cot=contents.cot, venues=venues, timeout=timeout, progress=progress,
                      deadline=deadline)
    if outcome.write:
        write_atomically(path, lambda target: build_workbook(target, outcome.book, outcome.snapshot,
                                                             udf_module=contents.udf_module, cot=outcome.cot),
                         verify=verify_workbook)
    return outcome


def write_atomically(path: Path, write: Callable[[Path], object],
                     verify: Callable[[Path], None] | None = None) -> None:
    """Write through a temporary file in the same folder, check it, then replace ``path`` in one step.

    ``verify(temporary)`` raises when what was written is not sound; the
    original is then kept as it was, and no temporary file is left.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        if verify is not None:
            verify(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def verify_workbook(path: Path) -> None:
    """Raise ValueError unless ``path`` is a workbook every part of which parses (as Excel will need).

    A character XML cannot hold, or a damaged part, makes Excel refuse the
    whole file: such a file never replaces the user's.
    """
    import zipfile
    from xml.etree import ElementTree

    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels", ".vml")):
                    with archive.open(name) as member:
                        for _ in ElementTree.iterparse(member):
                            pass
        openpyxl.load_workbook(path, read_only=True, keep_vba=False).close()
    except Exception as error:  # any failure to read it back means it must not replace the original
        raise ValueError(f"the workbook written could not be read back ({type(error).__name__}: "
                         f"{str(error)[:120]}); the file was not changed") from None
