"""Each sheet's column widths, in characters, by the layout's places (:mod:`hedgebook.excel.layout`)."""

from __future__ import annotations

from .layout import (
    ACCOUNTS_TABLE,
    CARRY,
    CARRY_HISTORY_TABLE,
    CARRY_RECEIVED_TABLE,
    CARRY_TABLE,
    CHOICES_TABLE,
    CONTEXT,
    COSTS,
    COSTS_TABLE,
    COT_CHANGE_TABLE,
    HISTORY,
    HISTORY_TITLES,
    HOLDINGS,
    HOLDINGS_TABLE,
    MARKET,
    MARKET_TABLE,
    MARKET_WIDTHS,
    ORDERS,
    ORDERS_TABLE,
    POSITIONING_TABLE,
    POSITIONS,
    REBALANCE,
    REBALANCE_TABLE,
    RISK,
    RISK_TABLE,
    SETTINGS,
    START,
    STRESS_TABLE,
    SWITCH_TABLE,
    TIERS_TABLE,
    UNWIND_TABLE,
    VENUE_RISK_TABLE,
    Table,
    positions_column,
    stress_column,
)


def _span(table: Table, first: str | None = None, last: str | None = None,
          width: float = 0) -> tuple[int, int, float]:
    """The columns of ``table`` from title ``first`` (default: its first) to ``last`` (default: its last), at
    ``width``."""
    return table.col(first or table.titles[0]), table.col(last or table.titles[-1]), width


def _named_widths(widths: dict[str, float]) -> tuple[tuple[int, int, float], ...]:
    return tuple((positions_column(name).first_col, positions_column(name).first_col, width)
                 for name, width in widths.items())


COLUMN_WIDTHS: dict[str, tuple[tuple[int, int, float], ...]] = {
    START: ((0, 0, 18), (1, 1, 12), (2, 2, 70), (3, 3, 2), (4, 4, 34), (5, 5, 40)),
    HOLDINGS: ((0, 0, 10), (1, 5, 15), (6, 6, 16), (7, 18, 12),
               _span(HOLDINGS_TABLE, "Dated future", "Dated future", width=16),
               _span(HOLDINGS_TABLE, "Expiry (UTC)", "Expiry (UTC)", width=16),
               _span(HOLDINGS_TABLE, "Data status", "Hedge", 40),
               (TIERS_TABLE.first_col, TIERS_TABLE.first_col, 44), _span(TIERS_TABLE, TIERS_TABLE.titles[1], width=12)),
    POSITIONS: _named_widths({
        "Positions_Venue": 12, "Positions_Contract": 18, "Positions_Contracts": 14, "Positions_EntryPrice": 14,
        "Positions_MarginMode": 10, "Positions_Margin": 14, "Positions_Source": 8,
        "Positions_VenueLiquidation": 14, "Positions_Asset": 8, "Positions_MarkedAs": 22,
        "Positions_Kind": 11, "Positions_Settle": 11, "Positions_ContractSize": 11, "Positions_Mark": 11,
        "Positions_Status": 40, "Positions_AsOf": 16, "Positions_Notional": 16, "Positions_PnL": 16,
        "Positions_NeedsRefresh": 9, "Positions_MarginUsed": 16, "Positions_Liquidation": 16,
        "Positions_LiquidationDistance": 12, "Positions_PnLCoins": 12, "Positions_LiquidationCheck": 34})
    + ((ACCOUNTS_TABLE.first_col, ACCOUNTS_TABLE.first_col, 12),
       (ACCOUNTS_TABLE.first_col + 1, ACCOUNTS_TABLE.first_col + 1, 22)),
    SETTINGS: ((0, 0, 20), (1, 1, 18), (2, 2, 50)),
    MARKET: tuple(_span(MARKET_TABLE, name, name, width) for name, width in MARKET_WIDTHS.items()),
    REBALANCE: ((0, 0, 10), _span(REBALANCE_TABLE, REBALANCE_TABLE.titles[1], width=14)),
    ORDERS: ((0, 0, 8), (1, 2, 15), (3, 3, 8), (4, 8, 14), _span(ORDERS_TABLE, "Status", "Status", width=44),
             _span(ORDERS_TABLE, "Data as of (UTC)", "Data as of (UTC)", width=16), _span(UNWIND_TABLE, width=14),
             _span(SWITCH_TABLE, width=15)),
    CARRY: (_span(CHOICES_TABLE, width=16), (0, 0, 10), _span(CARRY_TABLE, CARRY_TABLE.titles[1], width=14),
            _span(CARRY_HISTORY_TABLE, width=14), _span(CARRY_HISTORY_TABLE, "History", "History", 44),
            _span(CARRY_RECEIVED_TABLE, width=13)),
    COSTS: ((0, 0, 10), (1, len(COSTS_TABLE.titles) - 1, 20)),
    RISK: ((VENUE_RISK_TABLE.first_col, VENUE_RISK_TABLE.first_col, 12),
           _span(VENUE_RISK_TABLE, VENUE_RISK_TABLE.titles[1], VENUE_RISK_TABLE.titles[-2], 14),
           _span(VENUE_RISK_TABLE, VENUE_RISK_TABLE.titles[-1], width=24), (0, 0, 10),
           _span(RISK_TABLE, RISK_TABLE.titles[1], width=14), _span(RISK_TABLE, "Tiers from", "Tiers from", width=36),
           _span(RISK_TABLE, "Venue vs hedgebook, now", width=34),
           (len(RISK_TABLE.titles), len(RISK_TABLE.titles), 3), (STRESS_TABLE.first_col, STRESS_TABLE.first_col, 16),
           (stress_column(0), STRESS_TABLE.first_col + len(STRESS_TABLE.titles) - 1, 11)),
    HISTORY: ((0, 0, 11), (1, len(HISTORY_TITLES) - 1, 13), (3, 3, 17)),  # D: the dated future's symbol
    CONTEXT: ((0, 1, 16), (2, 2, 8), (3, 5, 18), (6, 30, 12),
              *((POSITIONING_TABLE.col(t), POSITIONING_TABLE.col(t), 40) for t in POSITIONING_TABLE.titles
                if t.startswith("Reading")),
              (COT_CHANGE_TABLE.first_col, COT_CHANGE_TABLE.first_col, 20)),
}
"""Each sheet's column widths, in characters: ``(first column, last column, width)`` (0-based), applied in order
(a later span wins where two overlap)."""
