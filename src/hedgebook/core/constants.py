"""Named constants shared by the calculations.

Units are in the names; nothing here is a tunable default except where the
name says ``DEFAULT``.
"""

BPS_PER_UNIT = 10_000.0
"""Basis points in one unit (1 bp = 0.0001)."""

DEFAULT_FUNDING_INTERVAL_H = 8.0
"""Funding interval, hours, when a venue does not say otherwise."""

TRADE_LEGS_OPEN_CLOSE = 2
"""A futures position is opened and later closed: two trades, two fees."""

WEIGHT_SUM_TOLERANCE = 1e-6
"""Target weights summing to more than 1 by more than this are rejected."""

LOT_ROUNDING_EPSILON = 1e-9
"""Slack, in lots, so that 3 lots computed as 2.9999999999 (binary noise) count as 3, not 2."""

LIMIT_TOLERANCE = 1e-9
"""Relative slack when an order is compared with a venue's minimum (exactly the minimum is placeable)."""
