"""What ``plan --json`` and ``history --json`` print: a contract with whoever reads it, kept apart from the command.

Numbers are plain JSON numbers in the plan's units (USD, contracts, fractions: 0.5 is 50 %); what is not known
(NaN, an infinity) is null.
"""

from __future__ import annotations

import datetime as dt
import math

from .accounts import liquidation_warning
from .choices import hedge_choices
from .counterparty import venue_exposures
from .funding_received import WINDOW_DAYS, FundingReceived, received_of_holding
from .legs import switch_legs, unwind_legs
from .plan import Plan
from .sizing import HedgeSizing
from .summary import summary_of


def sizing_json(sizing: HedgeSizing) -> dict:
    """A holding's hedge sizing in the plan's JSON: β it is sized by, and β and R² measured on its history."""
    return {"sized_by": "beta" if sizing.by_history else "notional", "hedge_ratio": json_number(sizing.ratio),
            "measured_hedge_ratio": json_number(sizing.measured),
            "hedge_effectiveness": json_number(sizing.effectiveness)}


def json_number(x) -> float | None:
    """A plain JSON number; NaN (and an infinity, which JSON cannot hold) as null."""
    x = float(x)
    return x if math.isfinite(x) else None


def plan_as_json(plan: Plan, now: dt.datetime | None = None) -> dict:
    """The plan as plain JSON-ready data (numbers in USD, contracts and fractions, NaN as null).

    ``sample`` says the plan is valued on the bundled sample data; ``summary`` is what Start shows at a glance
    (:class:`hedgebook.app.summary.PlanSummary`, the data's age measured to ``now``, default when the data was
    checked).  ``orders`` holds the rebalance orders only: one per hedged asset that trades, or whose order is
    withheld (its ``status`` says why).
    """
    rebalance, lines = plan.rebalance, plan.lines

    number = json_number

    def moment(value):
        return None if value is None else value.isoformat()

    summary = summary_of(plan, now)
    return {
        "sample": plan.sample,
        "summary": {
            "portfolio_value": number(summary.portfolio_value), "order_count": summary.order_count,
            "gross_notional": number(summary.gross_notional),
            "nearest_liquidation": number(summary.nearest_liquidation),
            "nearest_liquidation_contract": summary.nearest_liquidation_contract or None,
            "venues_above_limit": list(summary.venues_above_limit), "data_as_of": moment(summary.data_as_of),
            "data_age_days": number(summary.data_age_days),
        },
        "portfolio_value": number(rebalance.portfolio_value),
        "cash_weight": number(rebalance.cash_weight),
        "as_of": plan.as_of.isoformat(),
        "checked_at": moment(plan.checked_at),
        "notes": list(plan.notes),
        "orders": [
            {
                "asset": line.holding.asset, "venue": line.holding.venue, "contract": line.hedge.symbol,
                "side": line.side, "status": str(line.status), "stale": line.stale,
                "data_as_of": moment(line.hedge.data_as_of),
                "contracts": None if line.status.withheld else number(line.order.contracts),
                "notional": None if line.status.withheld else number(line.order.notional),
                "current_weight": number(line.order.current_weight), "target_weight": number(line.order.target_weight),
                "post_trade_weight": number(line.order.post_trade_weight),
                "funding_over_horizon": number(line.costs.funding),
                "margin": number(line.costs.margin), "liquidation_price": number(line.costs.liquidation_price),
                "maint_margin_rate": number(line.costs.maint_margin_rate),
                "margin_tiers": line.hedge.tiers.source if line.hedge.tiers else None,
                "resulting_contracts": number(line.costs.resulting_contracts),
                "resulting_entry_price": number(line.costs.entry),
                "futures_cost": number(line.costs.futures_cost), "spot_cost": number(line.costs.spot_cost),
            }
            for line in lines if line.side in ("buy", "sell", "withheld")
        ],
        "holdings": [
            {
                "asset": line.holding.asset, "spot_value": number(rebalance.spot_values[i]),
                "futures_notional": number(rebalance.futures_notionals[i]),
                "current_weight": number(line.order.current_weight),
                "target_weight": number(line.order.target_weight),
                "post_trade_weight": number(line.order.post_trade_weight),
                "hedge": str(line.status),
                "cross_hedge": line.hedge.cross_asset or None,
                **sizing_json(line.sizing),
                "your_funding": received_json(received_of_holding(plan, i)),
            }
            for i, line in enumerate(lines)
        ],
        "positions": [
            {
                "venue": p.venue, "contract": p.symbol or p.position.contract, "asset": p.asset or None,
                "counts_for": p.exposure_asset or None, "contracts": number(p.contracts),
                "mark_price": number(p.mark_price), "notional": number(p.notional),
                "entry_price": number(p.position.entry_price), "unrealized_pnl": number(p.unrealized_pnl),
                "status": p.status if p.marked else p.problem,
                "margin_mode": risk.margin_mode, "margin": number(risk.margin), "margin_assumed": risk.margin_assumed,
                "liquidation_price": number(risk.liquidation_price),
                "maint_margin_rate": number(risk.maint_margin_rate),
                "liquidation_distance": number(risk.distance), "past_liquidation": risk.past_liquidation,
                "unrealized_pnl_coins": number(risk.pnl_coins), "liquidation_note": risk.problem or None,
                "source": p.position.source,
                "venue_liquidation_price": number(p.position.venue_liquidation_price),
                "liquidation_warning": liquidation_warning(p.position, risk.liquidation_price),
            }
            for p, risk in zip(plan.positions, plan.position_risks)
        ],
        "closes": [{"asset": asset, "venue": p.venue, "contract": p.symbol,
                    "side": "buy" if p.contracts < 0 else "sell",
                    "contracts": number(-p.contracts), "notional": number(-p.notional),
                    "reason": f"the hedge is now {plan.holdings[i].venue} {plan.hedges[i].symbol}"}
                   for i, asset in enumerate(rebalance.assets) for p in plan.closing[i]],
        "unwind": [{"venue": leg.venue, "contract": leg.contract, "side": leg.side, "contracts": number(leg.contracts)}
                   for leg in unwind_legs(plan)],
        "switch": [
            {"asset": s.asset, "notional": number(s.notional), "days_to_expiry": number(s.days_to_expiry),
             "switch_gain": number(s.switch_gain),
             "legs": [{"venue": leg.venue, "contract": leg.contract, "side": leg.side,
                       "contracts": number(leg.contracts)} for leg in (s.close, s.open)]}
            for s in switch_legs(plan)
        ],
        "hedge_choices": [
            {"asset": c.asset, "venue": c.venue, "notional": number(c.notional),
             "linear": c.linear or None, "linear_cost": number(c.linear_cost),
             "inverse": c.inverse or None, "inverse_cost": number(c.inverse_cost),
             "dated": c.dated or None, "dated_cost": number(c.dated_cost), "cheapest": c.cheapest or None}
            for c in hedge_choices(plan)
        ],
        "venues": [
            {"venue": v.venue, "notional": number(v.notional), "gross_notional": number(v.gross_notional),
             "margin": number(v.margin), "collateral": number(v.collateral),
             "share_of_portfolio": number(v.share_of_portfolio), "above_limit": v.above_limit}
            for v in venue_exposures(plan)
        ],
    }


def received_json(figures: FundingReceived | None) -> dict | None:
    """The funding your own position received over each window: USD (> 0 received) and APR; None when none is
    kept."""
    if figures is None:
        return None
    return {"usd": {f"{d}d": json_number(v) for d, v in zip(WINDOW_DAYS, figures.usd)},
            "apr": {f"{d}d": json_number(v) for d, v in zip(WINDOW_DAYS, figures.apr)}}


def history_as_json(update, funding, fits, store_path, notes=(), received=()) -> dict:
    """What ``hedgebook history --json`` prints: decimals (not percent), null for what is unknown."""
    def number(x):
        return None if x is None else json_number(x)

    return {
        "store": str(store_path),
        "requests": update.requests,
        "series": [{"venue": s.venue, "symbol": s.symbol, "field": s.field, "requests": s.requests, "new": s.new,
                    "changed": s.changed, "error": s.error} for s in update.series],
        "funding": [{"venue": f.venue, "symbol": f.symbol, "base": f.base,
                     "apr_mean": {f"{days}d": number(value) for days, value in f.apr_by_window.items()},
                     "apr_vol": number(f.apr_vol), "share_positive": number(f.share_positive),
                     "settlements": f.settlements, "current_apr": number(f.current_apr),
                     "updated_at": f.updated_at.isoformat() if f.updated_at else None, "error": f.error}
                    for f in funding],
        "hedge": [{"venue": h.venue, "symbol": h.symbol, "base": h.base, "hedge_ratio": number(h.hedge_ratio),
                   "effectiveness": number(h.effectiveness), "basis_vol": number(h.basis_vol), "days": h.days}
                  for h in fits],
        "funding_received": [{"venue": r.venue, "symbol": r.symbol, **received_json(r.figures),
                              "position_notional": number(r.notional), "coin_price": number(r.coin_price)}
                             for r in received],
        "notes": list(notes),
    }
