"""A plan workbook without Excel: reading it (openpyxl), refreshing it, and replacing it atomically.

openpyxl drops charts and form-control buttons from a file it saves, so a
headless refresh does not save through openpyxl: it reads the workbook with
openpyxl, runs :func:`hedgebook.app.refresh.refresh`, and rebuilds the whole
workbook with the template builder (VBA project, Refresh button and charts
included) into a temporary file that replaces the original only once
complete.  A crash mid-write leaves the original untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..app.daily_history import USER_STORE, history_from_store
from ..app.refresh import NO_VENUE_ANSWERED, Fetch, FetchCot, RefreshOutcome, UpdateHistory, refresh, utc_now
from ..market import fetch_market
from ..market.cot import fetch_cot
from .reading import WorkbookContents, read_workbook
from .safe_file import (
    FileState,
    WorkbookError,
    check_regular_file,
    check_replaceable,
    check_unpacked_size,
    remove_stray_temporaries,
    replace_atomically,
    target_of,
)
from .template import Kept, build_workbook
from .workbook_cells import OpenpyxlCells

__all__ = ["NO_VENUE_ANSWERED", "OpenpyxlCells", "read_file", "refresh_file", "write_atomically"]


def read_file(path: Path) -> WorkbookContents:
    """Holdings, Settings, the last market data, the CFTC report and the UDF module of a plan workbook.

    Raises
    ------
    ValueError
        When the file cannot be opened, would unpack to far more than a plan
        does, or is not a hedgebook plan, or an input cell holds a bad value
        (the message names the sheet, row, column and value).
    """
    import openpyxl

    path = Path(path)
    check_regular_file(path)
    check_unpacked_size(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_vba=False)
    except MemoryError:
        raise WorkbookError(f"cannot open {path.name}: not enough memory") from None
    except Exception as error:
        raise WorkbookError(f"cannot open {path.name}: {error or type(error).__name__}") from None
    try:
        return read_workbook(OpenpyxlCells(book, formulas), default_module=path.stem)
    except WorkbookError as error:
        if str(error).startswith("not a hedgebook plan"):
            raise WorkbookError(f"{path.name} is {error}") from None
        if str(error).startswith("cannot be read"):
            raise WorkbookError(f"{path.name} {error}") from None
        raise
    finally:
        book.close()
        formulas.close()


def refresh_file(path: Path, venues: list[str] | None = None, *, fetch: Fetch = fetch_market,
                 fetch_cot: FetchCot = fetch_cot, timeout: float | None = None, progress=None,
                 now: Callable = utc_now, contents: WorkbookContents | None = None,
                 deadline: float | None = None, history: UpdateHistory | None | object = USER_STORE) -> RefreshOutcome:
    """Refresh a plan workbook without Excel, by the rules of :mod:`hedgebook.app.refresh`.

    The file is replaced atomically when the outcome says to write, and not
    touched otherwise; see :mod:`hedgebook.excel.safe_file` for what is
    checked around the replacement.  ``contents`` is what :func:`read_file`
    read from it, when the caller has read it already.  ``history`` brings the
    plan's history up to date (default: the user's history store; None: the
    workbook's History is kept as it is).

    Raises
    ------
    ValueError
        The file is not a readable plan, an input cell is bad, it holds sheets
        of its own that a rewrite would drop, it is read-only, open in Excel,
        hard-linked, or changed while it was being refreshed (nothing is written).
    OSError
        The new file could not be written (a full disk, say); the original is kept.
    """
    path = Path(path)
    target, state, contents = open_for_rewrite(path, "a refresh without Excel",
                                               "refresh it in Excel, or move them out", contents)
    outcome = refresh(contents.inputs, contents.market, fetch=fetch, fetch_cot=fetch_cot, now=now,
                      previous_cot=contents.cot, venues=venues, timeout=timeout, progress=progress,
                      previous_tiers=contents.tiers, deadline=deadline,
                      history=_store_history(timeout, deadline) if history is USER_STORE else history,
                      previous_histories=contents.histories)
    if outcome.write:
        replace_atomically(path, lambda temporary: _build(temporary, outcome, contents, target),
                           verify=verify_workbook, expected=state)
    return outcome


def open_for_rewrite(path: Path, what: str, instead: str, contents: WorkbookContents | None = None
                     ) -> tuple[Path, FileState, WorkbookContents]:
    """What a rewrite of the workbook at ``path`` needs before it starts: the file it replaces (a link's target),
    that file's state as read (a change meanwhile stops the replacement) and its contents; the checks of
    :mod:`.safe_file` passed, and no sheet of the user's own that ``what`` (a refresh without Excel, an import) would
    drop (``instead`` says what to do then).

    Raises
    ------
    ValueError
        The file is not a readable plan, is read-only, open in Excel, hard-linked, or holds sheets of its own.
    """
    target = target_of(path)
    check_regular_file(target)
    check_replaceable(target)
    remove_stray_temporaries(target)
    state = FileState.of(target)
    contents = contents or read_file(path)
    if contents.extra_sheets:
        raise WorkbookError(f"{path.name} has sheets hedgebook does not manage ({', '.join(contents.extra_sheets)}); "
                            f"{what} rewrites the workbook and would drop them: {instead}")
    return target, state, contents


def _store_history(timeout: float | None, deadline: float | None):
    from ..market import MarketConfig

    return history_from_store(config=MarketConfig.from_environment().with_timeout(timeout, deadline))


def _build(temporary: Path, outcome: RefreshOutcome, contents: WorkbookContents, original: Path) -> None:
    build_replacement(temporary, outcome.plan, outcome.snapshot, udf_module=contents.udf_module, cot=outcome.cot,
                      keep=Kept.from_file(original, contents))


def build_replacement(temporary: Path, plan, snapshot, *, udf_module: str, cot, keep: Kept) -> None:
    """:func:`build_workbook` into the temporary file that will replace a user's workbook.

    Raises
    ------
    OSError
        The file could not be written (XlsxWriter wraps the OS's error: a full disk, a size limit).
    """
    from xlsxwriter.exceptions import XlsxWriterException

    try:
        build_workbook(temporary, plan, snapshot, udf_module=udf_module, cot=cot, keep=keep)
    except XlsxWriterException as error:
        raise OSError(f"could not write the workbook: {error}") from None


def write_atomically(path: Path, write: Callable[[Path], object],
                     verify: Callable[[Path], None] | None = None) -> None:
    """Write through a temporary file, check it, then replace ``path`` in one step (see :func:`replace_atomically`)."""
    replace_atomically(path, write, verify=verify)


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
        raise WorkbookError(f"the workbook written could not be read back ({type(error).__name__}: "
                         f"{str(error)[:120]}); the file was not changed") from None
