"""The history store: points kept once, restated ones updated, intervals told record by record, a foreign or
damaged file set aside, a kill mid-write and two writers at once survived."""

from __future__ import annotations

import math
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from hedgebook.market.history_store import (
    CLOSE,
    FUNDING,
    HISTORY_DB_VARIABLE,
    OPEN_INTEREST,
    SCHEMA_VERSION,
    HistoryStore,
    Point,
    Written,
    default_path,
)

H = 3_600_000


@pytest.fixture
def store(tmp_path):
    with HistoryStore(tmp_path / "history.sqlite", clock=lambda: 1_765_000_000.0) as opened:
        yield opened


def test_points_are_kept_once_and_read_back_oldest_first(store):
    written = store.write("binance", "BTCUSDT", CLOSE, [Point(2 * 86_400_000, 101.0), Point(86_400_000, 100.0)])
    assert written == Written(new=2, changed=0)
    again = store.write("binance", "BTCUSDT", CLOSE, [Point(86_400_000, 100.0), Point(2 * 86_400_000, 101.0)])
    assert again == Written(new=0, changed=0)
    assert store.points("binance", "BTCUSDT", CLOSE) == [Point(86_400_000, 100.0), Point(2 * 86_400_000, 101.0)]
    assert store.points("binance", "BTCUSDT", CLOSE, since_ms=2 * 86_400_000) == [Point(2 * 86_400_000, 101.0)]
    assert store.points("bybit", "BTCUSDT", CLOSE) == []


def test_a_restated_point_is_updated_not_duplicated(store):
    store.write("okx", "BTC-USDT-SWAP", FUNDING, [Point(0, 0.0001), Point(8 * H, 0.0002)], fallback_interval_h=8.0)
    written = store.write("okx", "BTC-USDT-SWAP", FUNDING, [Point(8 * H, 0.00025), Point(16 * H, 0.0003)],
                          fallback_interval_h=8.0)
    assert written == Written(new=1, changed=1)
    assert [p.value for p in store.points("okx", "BTC-USDT-SWAP", FUNDING)] == [0.0001, 0.00025, 0.0003]


def test_each_funding_record_gets_the_interval_the_time_since_the_one_before_tells(store):
    # 8 h settlements, then the venue moves the symbol to 4 h; the second write continues from the stored ones
    store.write("binance", "ETHUSDT", FUNDING, [Point(0, 1e-4), Point(8 * H, 1e-4), Point(16 * H, 1e-4)],
                fallback_interval_h=4.0)
    store.write("binance", "ETHUSDT", FUNDING, [Point(20 * H, 2e-4), Point(24 * H, 2e-4), Point(40 * H, 2e-4)],
                fallback_interval_h=4.0)
    intervals = [p.interval_h for p in store.points("binance", "ETHUSDT", FUNDING)]
    # first: nothing before it, the current interval; 40 h comes 16 h after 24 h: a gap, not an interval
    assert intervals == [4.0, 8.0, 8.0, 4.0, 4.0, 4.0]


def test_an_interval_the_venue_gives_is_kept(store):
    store.write("mexc", "BTC_USDT", FUNDING, [Point(0, 1e-4, 8.0), Point(4 * H, 1e-4, 4.0)], fallback_interval_h=1.0)
    assert [p.interval_h for p in store.points("mexc", "BTC_USDT", FUNDING)] == [8.0, 4.0]


def test_an_unknown_interval_is_left_blank_not_guessed(store):
    store.write("bingx", "BTC-USDT", FUNDING, [Point(0, 1e-4)])
    assert store.points("bingx", "BTC-USDT", FUNDING)[0].interval_h is None


@pytest.mark.parametrize("field, value, interval, why", [
    (CLOSE, math.nan, None, "nan is not a number"),
    (CLOSE, math.inf, None, "inf is not a number"),
    (CLOSE, -5.0, None, "-5.0 is not a price"),
    (CLOSE, 0.0, None, "0.0 is not a price"),
    (OPEN_INTEREST, -1.0, None, "-1.0 is not an open interest"),
    (FUNDING, 0.0001, 0.0, "an interval of 0.0 h is not one"),
])
def test_a_record_no_one_can_mean_is_never_stored_and_the_rest_is(store, field, value, interval, why):
    """Issue 21 B4: such a record was stored (or failed the whole write), and kept every later figure failing."""
    written = store.write("binance", "BTCUSDT", field, [Point(0, 1.0), Point(86_400_000, value, interval)])
    assert (written.new, written.refused) == (1, 1)
    assert [p.time_ms for p in store.points("binance", "BTCUSDT", field)] == [0]
    assert store.notes == [f"binance BTCUSDT {field}: 1 record(s) refused, never stored (the first at "
                           f"1970-01-02 00:00 UTC: {why})"]


def test_a_bad_record_stored_before_is_skipped_and_named(store, tmp_path):
    store.write("binance", "BTCUSDT", CLOSE, [Point(0, 100.0), Point(86_400_000, 101.0)])
    store._db.execute("UPDATE points SET value = -3 WHERE time_ms = 86400000")  # as an older hedgebook stored it
    assert store.points("binance", "BTCUSDT", CLOSE) == [Point(0, 100.0)]
    assert store.notes == ["binance BTCUSDT close: 1 stored record(s) skipped (the first at 1970-01-02 00:00 UTC: "
                           "-3.0 is not a price)"]


def test_an_unknown_field_is_refused(store):
    with pytest.raises(ValueError, match="unknown history field 'price'"):
        store.write("binance", "BTCUSDT", "price", [])


def test_state_tells_the_newest_point_when_it_was_updated_and_why_it_failed(store):
    assert store.state("binance", "BTCUSDT", CLOSE).newest_ms is None
    store.write("binance", "BTCUSDT", CLOSE, [Point(86_400_000, 1.0)])
    store.mark_failed("binance", "BTCUSDT", CLOSE, "timed out")
    state = store.state("binance", "BTCUSDT", CLOSE)
    assert (state.newest_ms, state.error) == (86_400_000, "timed out")
    assert state.updated_at.timestamp() == 1_765_000_000.0  # the last success, not the failure
    assert store.points("binance", "BTCUSDT", CLOSE) == [Point(86_400_000, 1.0)]  # kept
    store.write("binance", "BTCUSDT", CLOSE, [])
    assert store.state("binance", "BTCUSDT", CLOSE).error is None


def test_the_store_lives_where_the_setting_says(tmp_path):
    assert default_path({HISTORY_DB_VARIABLE: str(tmp_path / "mine.sqlite")}) == tmp_path / "mine.sqlite"
    assert default_path({}).name == "history.sqlite"


def _aside(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir() if ".set-aside-" in p.name and not p.name.endswith(("-wal",
                                                                                                         "-shm")))


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_is(tmp_path):
    """Issue 21 B7: the workbook given by mistake to --store was renamed aside."""
    path = tmp_path / "plan.xlsm"
    path.write_bytes(b"PK\x03\x04 a workbook, not a database " * 100)
    with pytest.raises(ValueError, match=r"plan.xlsm is not a hedgebook store \(not a SQLite database\): it was "
                                         r"left as it is; give another path"):
        HistoryStore(path)
    assert path.read_bytes() == b"PK\x03\x04 a workbook, not a database " * 100
    assert _aside(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsm"]


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "history.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    other.execute("INSERT INTO invoices VALUES (1, 99.5)")
    other.commit()
    other.close()
    with pytest.raises(ValueError, match="is another program's database, not a hedgebook store"):
        HistoryStore(path)
    assert _aside(tmp_path) == []
    assert sqlite3.connect(path).execute("SELECT amount FROM invoices").fetchall() == [(99.5,)]


def test_a_store_missing_its_tables_is_set_aside_like_a_damaged_one(tmp_path):
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as opened:
        opened.write("binance", "BTCUSDT", CLOSE, [Point(0, 1.0)])
    broken = sqlite3.connect(path)
    broken.execute("DROP TABLE points")
    broken.commit()
    broken.close()
    with HistoryStore(path, clock=lambda: 1_765_000_000.0) as opened:
        assert "missing its tables" in opened.notes[0]
        assert opened.write("binance", "BTCUSDT", CLOSE, [Point(0, 1.0)]).new == 1
    assert len(_aside(tmp_path)) == 1


def test_an_empty_file_is_a_new_store(tmp_path):
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"")
    with HistoryStore(path) as opened:
        assert opened.notes == [] and opened.write("binance", "BTCUSDT", CLOSE, [Point(0, 1.0)]).new == 1


def test_a_store_from_a_newer_hedgebook_is_set_aside_not_overwritten(tmp_path):
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as opened:
        opened.write("binance", "BTCUSDT", CLOSE, [Point(0, 1.0)])
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    with HistoryStore(path) as opened:
        assert "newer hedgebook" in opened.notes[0]
        assert opened.points("binance", "BTCUSDT", CLOSE) == []
    assert len(_aside(tmp_path)) == 1


def test_reopening_a_good_store_keeps_everything_and_says_nothing(tmp_path):
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as opened:
        opened.write("binance", "BTCUSDT", CLOSE, [Point(0, 1.0)])
    with HistoryStore(path) as opened:
        assert opened.notes == []
        assert opened.points("binance", "BTCUSDT", CLOSE) == [Point(0, 1.0)]
        assert opened.series() == [("binance", "BTCUSDT", CLOSE)]


BATCH = 500
WRITER = textwrap.dedent("""
    import os, signal, sys
    from hedgebook.market.history_store import HistoryStore, Point, CLOSE
    path, offset, batches, value = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    die_in = int(sys.argv[5])
    store = HistoryStore(path)
    for batch in range(batches):
        if batch == die_in:  # killed inside the write: after its points went in, before it is committed
            type(store)._mark = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
        start = offset + batch * {batch}
        store.write("binance", "BTCUSDT", CLOSE, [Point(t, value) for t in range(start, start + {batch})])
        print(batch, flush=True)
""").format(batch=BATCH)


def _writer(path, offset, batches, value=1.0, die_in=-1):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(offset), str(batches), str(value),
                             str(die_in)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_process_killed_mid_write_leaves_the_store_as_before_that_write(tmp_path):
    path = tmp_path / "history.sqlite"
    writer = _writer(path, 0, 10, die_in=3)
    writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    with HistoryStore(path) as reopened:
        assert reopened.notes == []  # not damaged: nothing set aside
        assert len(reopened.points("binance", "BTCUSDT", CLOSE)) == 3 * BATCH  # the fourth write is not there
        assert reopened.state("binance", "BTCUSDT", CLOSE).newest_ms == 3 * BATCH - 1


def test_two_processes_writing_at_once_both_finish_and_nothing_is_duplicated(tmp_path):
    path = tmp_path / "history.sqlite"
    HistoryStore(path).close()
    first, second = _writer(path, 0, 20, 1.0), _writer(path, 5 * BATCH, 20, 2.0)  # overlapping spans
    for writer in (first, second):
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with HistoryStore(path) as reopened:
        points = reopened.points("binance", "BTCUSDT", CLOSE)
    assert len(points) == 25 * BATCH == len({p.time_ms for p in points})
    assert {p.value for p in points} <= {1.0, 2.0}


def test_a_write_waits_for_another_process_holding_the_lock(tmp_path):
    path = tmp_path / "history.sqlite"
    HistoryStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    writer = _writer(path, 0, 1)
    time.sleep(0.5)
    assert writer.poll() is None  # waiting, not failed
    holder.execute("COMMIT")
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err


def test_a_folder_is_refused_never_set_aside(tmp_path):
    with pytest.raises(ValueError, match="is not a file"):
        HistoryStore(tmp_path)
    assert tmp_path.is_dir() and not _aside(tmp_path.parent)


def test_a_store_locked_too_long_is_an_error_and_is_left_as_it_is(tmp_path, monkeypatch):
    import hedgebook.market.history_store as module

    path = tmp_path / "history.sqlite"
    HistoryStore(path).close()
    before = path.read_bytes()

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(module.sqlite3, "connect", locked)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        HistoryStore(path)
    assert path.read_bytes() == before and not _aside(tmp_path)
