"""The README's worked example as built-in sample numbers (not market data).

Portfolio 100 000 USD: 65 000 of BTC at 60 000 and 35 000 of ETH at 3 000,
target 50/50, perpetual funding +0.01 % per 8 h on both.
"""

from __future__ import annotations

from .core.plan import Holding
from .core.report import PlanSettings

SAMPLE_AS_OF = "2025-01-14T08:00:00Z"

WORKED_EXAMPLE_HOLDINGS = (
    Holding("BTC", quantity=65_000 / 60_000, price=60_000.0, target_weight=0.5, lot_size=0.001),
    Holding("ETH", quantity=35_000 / 3_000, price=3_000.0, target_weight=0.5, lot_size=0.001),
)
WORKED_EXAMPLE_COST_BASIS = {"BTC": 20_000.0, "ETH": 1_500.0}
"""Average purchase price, USD per coin."""

WORKED_EXAMPLE_FUNDING = {"BTC": (0.0001, 8.0), "ETH": (0.0001, 8.0)}
"""Perpetual funding rate per interval and interval in hours."""

WORKED_EXAMPLE_SETTINGS = PlanSettings()
