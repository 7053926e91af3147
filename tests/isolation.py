"""The session-wide guard: nothing a test does reaches the user's own files.

Before any test module is imported or any fixture runs (module- and session-scoped ones included),
HOME, the XDG folders and every hedgebook path point into one temporary folder.  The user's own
hedgebook folders (spec cache, history store) are listed first and again when the session ends;
a difference fails the run, naming what changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

USER_FOLDER_VARIABLES = ("HOME", "USERPROFILE", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                         "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "APPDATA", "LOCALAPPDATA")
HEDGEBOOK_PATH_VARIABLES = ("HEDGEBOOK_CACHE_DIR", "HEDGEBOOK_HISTORY_DB")


def user_hedgebook_folders() -> list[Path]:
    """The hedgebook folders platformdirs names under the environment as it is now."""
    import platformdirs

    return [Path(platformdirs.user_cache_dir("hedgebook", appauthor=False)),
            Path(platformdirs.user_data_dir("hedgebook", appauthor=False)),
            Path(platformdirs.user_config_dir("hedgebook", appauthor=False))]


def listing(folders: list[Path]) -> dict[str, tuple[int, int] | None]:
    """Every file under ``folders`` with its size and modification time; None for a missing folder."""
    found: dict[str, tuple[int, int] | None] = {}
    for folder in folders:
        if not folder.exists():
            found[str(folder)] = None
            continue
        for path in [folder, *folder.rglob("*")]:
            stat = path.lstat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


class SessionGuard:
    """Points the user's folders at ``root`` for the session and remembers what they held before."""

    def __init__(self) -> None:
        self.user_folders = user_hedgebook_folders()
        self.before = listing(self.user_folders)
        self.saved = {name: os.environ.get(name) for name in (*USER_FOLDER_VARIABLES, *HEDGEBOOK_PATH_VARIABLES)}
        self.root = Path(tempfile.mkdtemp(prefix="hedgebook-tests-")).resolve()
        home = self.root / "home"
        folders = {"HOME": home, "USERPROFILE": home, "XDG_CACHE_HOME": home / ".cache",
                   "XDG_DATA_HOME": home / ".local" / "share", "XDG_CONFIG_HOME": home / ".config",
                   "XDG_STATE_HOME": home / ".local" / "state", "XDG_RUNTIME_DIR": self.root / "run",
                   "APPDATA": home / "AppData" / "Roaming", "LOCALAPPDATA": home / "AppData" / "Local",
                   "HEDGEBOOK_CACHE_DIR": self.root / "hedgebook-cache",
                   "HEDGEBOOK_HISTORY_DB": self.root / "hedgebook-history" / "history.sqlite"}
        for name, path in folders.items():
            if name != "HEDGEBOOK_HISTORY_DB":
                path.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.environ[name] = str(path)

    def changes(self) -> list[str]:
        """What changed in the user's own hedgebook folders since the session began."""
        after = listing(self.user_folders)
        return sorted(path for path in self.before.keys() | after.keys()
                      if self.before.get(path) != after.get(path))

    def close(self) -> None:
        for name, value in self.saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(self.root, ignore_errors=True)
