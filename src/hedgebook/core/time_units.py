"""Units of time, each defined once: every module that converts hours, days, seconds or milliseconds uses these.

Milliseconds are integers (the venues' timestamps are whole milliseconds, and a window's bounds must stay whole);
seconds, hours and days are floats.  A year is 365 calendar days, the venues' convention for annualizing funding
and basis.
"""

MS_PER_SECOND = 1000
MS_PER_HOUR = 3_600_000
MS_PER_DAY = 86_400_000
SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86_400.0
MINUTES_PER_HOUR = 60.0
HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.0
"""Calendar days per year used to annualize funding and basis (the venues' convention)."""
