"""The rows that both workbook writers show as values: Orders, venue status, open interest, the CFTC report.

Each function returns plain rows (lists of numbers, text, times), in the
order of its ``*_TITLES``; the template builder and Refresh in Excel write
the same rows, so they can never disagree.
"""

from __future__ import annotations

import math

import pandas as pd

from ..app.choices import hedge_choices
from ..app.counterparty import venue_exposures
from ..app.inputs import HoldingInput
from ..app.legs import switch_legs, unwind_legs
from ..app.plan import SIDE_WITHHELD, Plan
from ..app.planning import SAMPLE_OK
from ..app.scenarios import SCENARIO_SHOCK, asset_scenarios
from ..core.history import positioning_reading, relative_change
from ..market import MarketSnapshot
from ..market.table import KIND_SPOT, STATUS_OK

ORDER_TITLES = ("Asset", "Venue", "Contract", "Side", "Contracts", "Notional (USD)", "Funding over horizon (USD)",
                "Margin of the position after (USD)", "Liquidation price after (USD)", "Status", "Data as of (UTC)")
UNWIND_TITLES = ("Venue", "Contract", "Side", "Contracts")
SWITCH_TITLES = ("Asset", "Venue", "Close perpetual", "Close side", "Close contracts", "Open dated future",
                 "Open side", "Open contracts", "Days to expiry", "Switch gain to expiry")
SCENARIO_TITLES = (f"Asset moving {SCENARIO_SHOCK:+.0%}", "Alone: after plan (USD)", "Alone: now (USD)",
                   "Leading, others by β: after plan (USD)", "Leading: now (USD)", "Note")
CHOICE_TITLES = ("Asset", "Venue", "Hedge after plan (USD)", "Linear perpetual", "Its funding over horizon",
                 "Inverse perpetual", "Its funding over horizon ", "Dated future", "Its cost over horizon (rolls)",
                 "Cheapest")
VENUE_STATUS_TITLES = ("Venue", "Instruments", "Status")
VENUE_RISK_TITLES = ("Venue", "Notional after", "Gross notional after", "Margin required", "Collateral posted",
                     "Share of portfolio", "Counterparty check")
OPEN_INTEREST_TITLES = ("Venue", "Contract", "Kind", "Open interest (coins)", "Open interest (USD m)",
                        "Funding APR")
POSITIONING_DAYS = (7, 30)
POSITIONING_TITLES = ("Asset", "Venue", "Contract",
                      *(title for days in POSITIONING_DAYS for title in (
                          f"Open interest, {days} d", f"Price, {days} d", f"Reading, {days} d")))
COT_CHANGE_TITLES = ("CME market", "Weeks", "From", "To", "Open interest", "Leveraged funds net",
                     "Asset managers net", "Dealers net")


def order_indices(plan: Plan) -> list[int]:
    """The holdings that have a row on Orders, in order: those that trade and those whose order is withheld."""
    return [i for i, side in enumerate(plan.sides) if side == SIDE_WITHHELD or side != "none"]


def order_rows(plan: Plan) -> list[list]:
    """The Orders sheet, in :data:`ORDER_TITLES` order: one row per asset that trades or whose order is withheld,
    after a row per position it closes (a hedge moved to another contract: close the old, then open the new).

    A withheld order has no numbers, and its status says why; an order from
    stale data says so and when its data was current.  Margin and
    liquidation price are those of the position the order leaves in its
    contract (what was held there plus the order).
    """
    rows = []
    ordered = set(order_indices(plan))
    for i, (line, closed) in enumerate(zip(plan.lines, plan.closing)):
        if i not in ordered and not closed:
            continue
        asset, venue, hedge = line.holding.asset, line.holding.venue, line.hedge
        for position in closed:
            rows.append([asset, position.venue, position.symbol, "buy" if position.contracts < 0 else "sell",
                         -position.contracts, -position.notional, None, None, None,
                         f"close: the hedge is now {venue} {hedge.symbol}", position.data_as_of])
        if i not in ordered:
            continue
        if line.side == SIDE_WITHHELD:
            rows.append([asset, venue, hedge.symbol or None, line.side, None, None, None, None, None, line.status,
                         hedge.data_as_of])
        else:
            rows.append([asset, venue, hedge.symbol, line.side, float(line.order.contracts),
                         float(line.order.notional), line.costs.funding, line.costs.margin,
                         line.costs.liquidation_price, hedge.data_status if line.stale else line.status,
                         hedge.data_as_of])
    return rows


def unwind_rows(plan: Plan) -> list[list]:
    """Orders' unwind block (:data:`UNWIND_TITLES`): the orders that close every position the plan leaves."""
    return [[leg.venue, leg.contract, leg.side, leg.contracts] for leg in unwind_legs(plan)]


def switch_rows(plan: Plan) -> list[list]:
    """Orders' switch block (:data:`SWITCH_TITLES`): per perpetual hedge, close it and open the dated future."""
    return [[s.asset, s.close.venue, s.close.contract, s.close.side, s.close.contracts, s.open.contract, s.open.side,
             s.open.contracts, s.days_to_expiry, s.switch_gain] for s in switch_legs(plan)]


def choice_rows(plan: Plan) -> list[list]:
    """Carry's hedge choices (:data:`CHOICE_TITLES`): each hedged holding's linear, inverse and dated costs."""
    return [[c.asset, c.venue, c.notional, c.linear or None, c.linear_cost, c.inverse or None, c.inverse_cost,
             c.dated or None, c.dated_cost, c.cheapest or None] for c in hedge_choices(plan)]


def venue_risk_rows(plan: Plan) -> list[list]:
    """Risk's counterparty block, in :data:`VENUE_RISK_TITLES` order: one row per venue after the plan."""
    limit = plan.settings.concentration_limit
    return [[v.venue, v.notional, v.gross_notional, v.margin, v.collateral if v.collateral == v.collateral else None,
             v.share_of_portfolio, f"above the {limit:.0%} limit" if v.above_limit else "ok"]
            for v in venue_exposures(plan)]


def venue_status_rows(snapshot: MarketSnapshot) -> list[list]:
    """Start's status table: venue, instruments, "ok" (the sample's "ok: sample data") or the reason it failed
    (:data:`VENUE_STATUS_TITLES`)."""
    table = snapshot.table
    ok = SAMPLE_OK if snapshot.sample else STATUS_OK
    return [
        [venue, int((table["venue"] == venue).sum()), snapshot.errors.get(venue, ok)]
        for venue in sorted(set(table["venue"]) | set(snapshot.errors))
    ]


def scenario_rows(plan: Plan) -> list[list]:
    """Risk's one-asset scenarios (:data:`SCENARIO_TITLES`, :func:`hedgebook.app.scenarios.asset_scenarios`)."""
    return [[s.asset, s.alone_after, s.alone_now, s.led_after, s.led_now, s.note or None]
            for s in asset_scenarios(plan)]


def open_interest_rows(holdings: list[HoldingInput], table: pd.DataFrame) -> list[list]:
    """Context rows: the holdings' assets' futures by venue (:data:`OPEN_INTEREST_TITLES`)."""
    assets = {h.asset.upper() for h in holdings}
    rows = table[table["base"].isin(assets) & (table["kind"] != KIND_SPOT)].sort_values(["base", "venue", "symbol"])
    return [[r.venue, r.symbol, r.kind, r.open_interest, r.open_interest_usd, r.funding_apr]
            for r in rows.itertuples(index=False)]


def cot_rows(cot: pd.DataFrame | None) -> list[list]:
    """The CFTC report as a header row plus one row per market and week (empty when not loaded)."""
    if cot is None or cot.empty:
        return []
    return [list(cot.columns)] + [list(record) for record in cot.itertuples(index=False)]


def positioning_rows(plan: Plan) -> list[list]:
    """Context rows (:data:`POSITIONING_TITLES`): each hedge's open interest against its contract's own price over
    the last 7 and 30 days of its history (changes as decimals), and what the two moving together say.  A cross
    hedge's contract is another asset's: its open interest is read against that asset's price (the contract's
    closes), never the holding's."""
    found = []
    for k, item in enumerate(plan.histories):
        if item is None or not item.open_interest or all(math.isnan(v) for v in item.open_interest):
            continue
        cross = k < len(plan.hedges) and bool(plan.hedges[k].cross_asset)
        prices = item.hedge_close if cross or any(not math.isnan(v) for v in item.hedge_close) else item.spot_close
        row = [item.asset, item.venue, item.symbol]
        for days in POSITIONING_DAYS:
            interest = relative_change(_last_known(item.open_interest), days)
            price = relative_change(_last_known(prices), days)
            row += [interest, price, positioning_reading(interest, price)]
        found.append(row)
    return found


def _last_known(values) -> list[float]:
    """The values up to the last known one (a day not yet in is not a change)."""
    known = [k for k, v in enumerate(values) if not math.isnan(v)]
    return list(values[: known[-1] + 1]) if known else []


def cot_change_rows(cot: pd.DataFrame | None) -> list[list]:
    """Context rows (:data:`COT_CHANGE_TITLES`): per CME market, how open interest and the net positions of
    leveraged funds, asset managers and dealers changed from the oldest to the newest report loaded (contracts)."""
    if cot is None or cot.empty:
        return []
    found = []
    for market, reports in cot.sort_values("report_date").groupby("market", sort=True):
        first, last = reports.iloc[0], reports.iloc[-1]
        found.append([market, len(reports), first["report_date"], last["report_date"],
                      *(last[column] - first[column] for column in (
                          "open_interest", "leveraged_funds_net", "asset_manager_net", "dealer_net"))])
    return found
