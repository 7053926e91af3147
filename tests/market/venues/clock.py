"""The venues' clock in the tests: times as a venue answering now would give them.

T0 is the start of the minute the tests started (UTC), NEXT the funding 8 h
later (NEXT_4H 4 h later), QUARTER a quarterly expiring 73 days later (its
symbol's date is a name only), NEVER Binance's delivery date of a perpetual.
"""

import time

import pandas as pd

HOUR_MS = 3_600_000
MINUTE_MS = 60_000
T0 = int(time.time() * 1000) // MINUTE_MS * MINUTE_MS
"""The minute the tests started: the data is fresh for the whole run (stale after an hour), even across the hour."""
NEXT = T0 + 8 * HOUR_MS
NEXT_4H = T0 + 4 * HOUR_MS
QUARTER = T0 + 73 * 24 * HOUR_MS
NEVER = 4133404800000
"""Binance's delivery date of a perpetual (2100)."""
UTC = "UTC"
NEXT_TS = pd.Timestamp(NEXT, unit="ms", tz=UTC)
QUARTER_TS = pd.Timestamp(QUARTER, unit="ms", tz=UTC)
T0_TS = pd.Timestamp(T0, unit="ms", tz=UTC)
