"""The command starts at once (issue 25 §1): what it loads to parse its arguments, not how long that takes (the time
is measured by benchmarks/startup.py)."""

import subprocess
import sys

from hedgebook.market.venue_names import SPOT_HISTORY_VENUE_NAME, VENUE_NAMES
from hedgebook.market.venues import DEFAULT_VENUES, SPOT_HISTORY_VENUE

HEAVY = ("numpy", "pandas", "requests", "urllib3", "rich", "keyring", "openpyxl", "xlsxwriter")


def test_the_command_parses_its_arguments_without_the_heavy_libraries():
    probe = ("import sys; from hedgebook.cli import build_parser; build_parser().format_help(); "
             f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def test_the_venue_names_the_help_shows_are_the_registrys():
    assert VENUE_NAMES == DEFAULT_VENUES and SPOT_HISTORY_VENUE_NAME == SPOT_HISTORY_VENUE
