"""The tests never touch the user's own files (issue 21 C): the session-wide guard is in force before any
fixture runs, module-scoped ones included, and its check of the user's folders can fail."""

import os
from pathlib import Path

import pytest

from hedgebook.market import history_store
from hedgebook.market.config import MarketConfig
from tests.isolation import SessionGuard, listing, user_hedgebook_folders


@pytest.fixture(scope="module")
def paths_seen_by_a_module_fixture():
    """A module-scoped fixture runs before the per-test isolation: what it sees is the session guard's."""
    return {"home": os.environ["HOME"], "folders": user_hedgebook_folders(),
            "store": history_store.default_path(), "cache": MarketConfig.from_environment().cache_dir}


def test_module_fixtures_see_only_the_session_folder(paths_seen_by_a_module_fixture, session_guard):
    root = session_guard.root
    assert Path(paths_seen_by_a_module_fixture["home"]).is_relative_to(root)
    for path in [*paths_seen_by_a_module_fixture["folders"], paths_seen_by_a_module_fixture["store"],
                 paths_seen_by_a_module_fixture["cache"]]:
        assert Path(path).resolve().is_relative_to(root), path


def test_the_default_store_without_the_variable_is_in_the_session_folder(monkeypatch, session_guard):
    monkeypatch.delenv("HEDGEBOOK_HISTORY_DB")
    monkeypatch.delenv("HEDGEBOOK_CACHE_DIR")
    assert history_store.default_path().resolve().is_relative_to(session_guard.root)
    assert MarketConfig.from_environment().cache_dir.resolve().is_relative_to(session_guard.root)


def test_the_user_folders_are_not_the_session_folder(session_guard):
    for folder in session_guard.user_folders:
        assert not folder.resolve().is_relative_to(session_guard.root)


def test_a_write_into_a_watched_folder_is_seen(tmp_path, monkeypatch):
    """The end-of-session check reports a file written into a user folder, so it can fail."""
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    guard = SessionGuard()
    try:
        assert guard.changes() == []
        data = guard.user_folders[1]
        data.mkdir(parents=True)
        (data / "history.sqlite").write_bytes(b"x")
        changed = guard.changes()
        assert str(data / "history.sqlite") in changed and str(data) in changed
    finally:
        guard.close()
    assert listing([tmp_path / "absent"]) == {str(tmp_path / "absent"): None}
