"""Ctrl-C (issue 21 B8): refresh, market and history stop within 2 s of the signal, print one line, exit 130, and
leave the workbook as it was.  Before: 34–41 s, a traceback, and now and then a rewritten workbook.

Every venue is a local server that holds each request until the test ends, so each command is caught waiting for
the network, as a user who presses Ctrl-C on a slow refresh catches it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from werkzeug import Response

from hedgebook.excel.project import write_project
from hedgebook.market import VENUES

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is POSIX")

STOP_WITHIN_S = 2.0
"""The goal: from the signal to the process's end (Python's start-up is not counted)."""


@pytest.fixture
def hanging_venues(httpserver):
    """Every venue and the CFTC at a local server that answers nothing until the test is over."""
    release, asked = threading.Event(), threading.Event()

    def hold(request):
        asked.set()
        release.wait(60)
        return Response("{}", status=503)

    httpserver.expect_request("").respond_with_handler(hold)
    base = httpserver.url_for("/").rstrip("/")
    env = {**os.environ, **{f"HEDGEBOOK_URL_{key.upper()}": base for key in [*VENUES, "cftc"]}}
    yield asked, env
    release.set()


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child, before it starts: Ctrl-C acts as in a terminal. A run started in the background by a
    non-interactive shell ignores SIGINT, and a child inherits that; the user the test stands for does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(arguments: list[str], env: dict, asked: threading.Event) -> tuple[int, str, float]:
    """Start ``hedgebook <arguments>``, send SIGINT once it is waiting on the venues: (exit code, standard error,
    seconds from the signal to its end)."""
    child = subprocess.Popen([sys.executable, "-m", "hedgebook.cli", *arguments], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_as_in_a_terminal)
    try:
        assert asked.wait(60), "the command never asked a venue"
        time.sleep(0.3)
        child.send_signal(signal.SIGINT)
        sent = time.monotonic()
        _, error = child.communicate(timeout=30)
        return child.returncode, error, time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_refresh_stops_at_once_and_leaves_the_workbook(hanging_venues, tmp_path):
    asked, env = hanging_venues
    plan = write_project(tmp_path, "interrupted").workbook
    before = plan.read_bytes()
    code, error, seconds = interrupt(["refresh", str(plan), "--timeout", "30"], env, asked)
    assert code == 130 and seconds < STOP_WITHIN_S
    assert one_line(error) == "error: interrupted: interrupted.xlsm was not changed"
    assert plan.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if ".hedgebook-" in p.name]  # no temporary file left


@pytest.mark.parametrize("arguments", [["market", "--timeout", "30"],
                                       ["history", "--timeout", "30", "--assets", "BTC"]])
def test_market_and_history_stop_at_once(hanging_venues, tmp_path, arguments):
    asked, env = hanging_venues
    if arguments[0] == "history":
        arguments = [*arguments, "--store", str(tmp_path / "history.sqlite")]
    code, error, seconds = interrupt(arguments, env, asked)
    assert code == 130 and seconds < STOP_WITHIN_S
    assert one_line(error) == "error: interrupted: nothing was written"
