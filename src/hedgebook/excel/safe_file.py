"""Replacing a user's workbook without losing anything: checks before reading, before writing, and before replacing.

A headless refresh writes a new file beside the old one and swaps them in
one step.  Around that step:

- a file that is read-only, open in Excel (its ``~$`` lock file is there),
  or has other hard links is refused with a message (the swap would break
  what the user set up);
- a file whose parts would unpack to more than :data:`MAX_UNPACKED_BYTES` is
  refused before it is parsed (a few MB can unpack to gigabytes);
- the new file keeps the old one's permissions; a symbolic link keeps
  pointing where it did, at the new file;
- if the file changed while the refresh ran (saved in Excel, say), nothing
  is replaced;
- a temporary file left by a refresh that was killed is removed by the next: its name carries the process
  that wrote it, and one whose process is gone (or that is older than :data:`STRAY_AFTER_S`) is a stray.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.errors import HedgebookError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""A plan unpacks to a few MB; anything near this is not a workbook hedgebook should parse."""
TEMPORARY_MARK = ".hedgebook-"
STRAY_AFTER_S = 600
"""A temporary file older than this belongs to no running refresh."""
EXCEL_LOCK_PREFIX = "~$"


class WorkbookError(HedgebookError, ValueError):
    """A workbook file cannot be read as a plan, or must not be replaced (read-only, open in Excel, changed during
    the refresh...); ``str(error)`` names the file and says why, and that it was not changed."""


@dataclass(frozen=True)
class FileState:
    """What a file was when it was read: to tell whether it changed since."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> "FileState":
        info = Path(path).stat()
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        return cls(info.st_size, info.st_mtime_ns, digest)


def target_of(path: Path) -> Path:
    """The file a path names: a symbolic link's target, so that the link keeps pointing at the new file."""
    return Path(os.path.realpath(path))


def check_regular_file(path: Path) -> None:
    """Raise WorkbookError at once when ``path`` is not a regular file (a FIFO would block its reader forever)."""
    path = Path(path)
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "not a file")
    raise WorkbookError(f"{path.name} is not a regular file ({kind}): not a workbook")


def check_replaceable(path: Path) -> None:
    """Raise WorkbookError, saying why, when replacing ``path`` would break what the user set up."""
    path = Path(path)
    info = path.stat()
    if not os.access(path, os.W_OK) or not info.st_mode & stat.S_IWUSR:
        raise WorkbookError(f"{path.name} is read-only: it was not changed")
    if info.st_nlink > 1:
        raise WorkbookError(f"{path.name} has {info.st_nlink - 1} other hard link(s), which a refresh would break: "
                         "it was not changed")
    lock = path.with_name(EXCEL_LOCK_PREFIX + path.name)
    if lock.exists():
        raise WorkbookError(f"{path.name} is open in Excel ({lock.name} is there): use Refresh in Excel, or close the "
                         "workbook first; it was not changed")


def check_unpacked_size(path: Path, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Raise WorkbookError when the workbook's parts would unpack to more than ``limit`` bytes (read from the
    zip's directory, before anything is unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise WorkbookError(f"{Path(path).name} is not a workbook (not a zip file)") from None
    if total > limit:
        raise WorkbookError(f"{Path(path).name} would unpack to {total / 2**20:,.0f} MB "
                            f"(limit {limit / 2**20:,.0f} MB): not a plan workbook; refused")


def _writer(stray: Path, prefix: str) -> int | None:
    """The process id a temporary file's name carries (``.<name>.hedgebook-<pid>-<random>``), None when it has
    none."""
    head = stray.name[len(prefix):].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _running(pid: int) -> bool:
    """Whether process ``pid`` is running (where that cannot be told, it is taken as running)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it exists
        return True
    return True


def remove_stray_temporaries(path: Path, now: Callable[[], float] = time.time) -> list[Path]:
    """Remove temporary files a killed refresh of ``path`` left: those whose writing process is gone, or older than
    :data:`STRAY_AFTER_S`; the ones removed."""
    path = Path(path)
    prefix = f".{path.name}{TEMPORARY_MARK}"
    removed = []
    for stray in path.parent.glob(f"{prefix}*"):
        try:
            writer = _writer(stray, prefix)
            if (writer is not None and not _running(writer)) or now() - stray.stat().st_mtime > STRAY_AFTER_S:
                stray.unlink()
                removed.append(stray)
        except OSError:
            pass
    return removed


def replace_atomically(path: Path, write: Callable[[Path], object], *, verify: Callable[[Path], None] | None = None,
                       expected: FileState | None = None) -> None:
    """Write through a temporary file beside ``path``, check it, then replace ``path`` in one step.

    Parameters
    ----------
    path : Path
        The file to replace (a symbolic link: its target is replaced).
    write : callable
        ``write(temporary)`` writes the new file.
    verify : callable, optional
        ``verify(temporary)`` raises when what was written is not sound.
    expected : FileState, optional
        What ``path`` was when it was read: if it changed since, nothing is replaced.

    Raises
    ------
    ValueError
        The file changed meanwhile, or what was written did not pass ``verify``;
        the original is kept as it was, and no temporary file is left.
    """
    path = target_of(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}{TEMPORARY_MARK}{os.getpid()}-", suffix=path.suffix,
                                         dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        if verify is not None:
            verify(Path(temporary))
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        if expected is not None and FileState.of(path) != expected:
            raise WorkbookError(f"{path.name} changed while it was being refreshed: it was not replaced; "
                             "refresh again")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
