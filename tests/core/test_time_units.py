"""The units of time are defined once, in core, and agree with each other."""

import re
from pathlib import Path

import hedgebook
from hedgebook.core import time_units as T

UNIT = re.compile(r"^(MS_PER|SECONDS_PER|MINUTES_PER|HOURS_PER|DAYS_PER)_[A-Z]+ = ", re.M)


def test_the_units_agree():
    assert T.MS_PER_HOUR == T.SECONDS_PER_HOUR * T.MS_PER_SECOND == 60 * T.MINUTES_PER_HOUR * T.MS_PER_SECOND
    assert T.MS_PER_DAY == T.HOURS_PER_DAY * T.MS_PER_HOUR and T.SECONDS_PER_DAY == T.HOURS_PER_DAY * T.SECONDS_PER_HOUR
    assert isinstance(T.MS_PER_DAY, int) and isinstance(T.MS_PER_HOUR, int)  # timestamps stay whole milliseconds


def test_no_other_module_defines_a_unit_of_time():
    package = Path(hedgebook.__file__).parent
    defining = [path.relative_to(package).as_posix() for path in package.rglob("*.py")
                if UNIT.search(path.read_text(encoding="utf-8"))]
    assert defining == ["core/time_units.py"]
