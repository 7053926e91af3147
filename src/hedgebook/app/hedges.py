"""Choosing each holding's hedge contract from the market table, and the market values the plan uses.

For a holding hedged on a venue: the perpetual its Hedge instrument names
(blank: the venue's linear perpetual, else its inverse one; trusted rows
first, then USDT-quoted, USD, USDC), its nearest dated future of the same
settlement expiring at least a week away, and the asset's spot price (the
perpetual's index, else a spot venue's last price).  Only rows that can be
trusted (status ``ok`` or ``stale``, see :mod:`hedgebook.market.checks`) give
numbers: a hedge whose row is suspect, too old or without a price gives a
:class:`Hedge` that says why, and no order is computed from it.

Some holdings have no hedge, and say why: no hedge venue, cash (USD) and
stablecoins, an asset the venue lists no perpetual for.  They keep their
exposure and count in the portfolio's value.

A holding whose Hedge instrument names another asset's perpetual (an alt
hedged with the ETH perpetual) is *cross-hedged*: its hedge's ``cross_asset`` is
that asset, the order is sized by the hedge ratio from history, the
positions in that contract count for the holding, and there is no dated
alternative (its basis would be against the other asset's price).  A
contract that hedges one holding cannot cross-hedge another: one net
position on the venue cannot be split between them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import pandas as pd

from ..core.time_units import SECONDS_PER_DAY
from ..market.table import (
    ERROR,
    KIND_DATED,
    KIND_PERP,
    KIND_SPOT,
    SETTLE_INVERSE,
    STALE,
    STATUS_OK,
    SUSPECT,
    status_kind,
)
from ..market.tiers import MarginTiers, packaged_tiers
from ..market.venues import SPOT_SOURCES, same_exchange
from .inputs import HoldingInput

PREFERRED_QUOTES = ("USDT", "USD", "USDC")
MIN_DAYS_TO_EXPIRY = 7.0
"""A dated future expiring sooner than this is not offered as a hedge (it would need rolling at once)."""
NO_MARK_NOTE = "no mark price: last price used"
TRUST_RANK = {STATUS_OK: 0, STALE: 1, SUSPECT: 2, ERROR: 3}
"""Which rows to prefer: a trusted one, else the one whose status says why there is none."""
TRUSTED = (STATUS_OK, STALE)
CASH = "USD"
"""Cash: worth 1 USD per unit, never hedged."""
STABLECOINS = frozenset({"USDT", "USDC", "DAI", "FDUSD", "TUSD", "USDE", "PYUSD", "USDS", "USDP", "BUSD", "USD1"})
"""Coins that track the US dollar: held as cash, never hedged (they are still valued at their market price)."""
INSTRUMENT_LINEAR, INSTRUMENT_INVERSE, INSTRUMENT_DATED = "linear", "inverse", "dated"
ANY_PERPETUAL = ("", "perp", "perpetual")
"""Hedge instrument words meaning "the venue's perpetual, linear preferred"."""
SETTLE_LINEAR = "linear"
CROSS_HEDGE_HINT = " (to cross-hedge it, name another asset's perpetual as its Hedge instrument)"
"""Said where a venue lists no perpetual for a holding: "no hedge" is a choice, not a dead end."""


@dataclass(frozen=True)
class Hedge:
    """Market values of one holding's hedge, written to the Holdings sheet by Refresh.

    Prices USD; ``funding_rate`` per interval of ``interval_h`` hours, positive
    = longs pay shorts; ``contract_size`` coins per contract (linear) or USD
    per contract (inverse); ``lot_size`` and ``min_qty`` (the venue's smallest
    order) in contracts, ``min_notional`` (its smallest order value) in USD,
    NaN when the venue gives none.  ``data_status`` is the
    hedge row's (``ok``, ``stale: ...``), or why there is no hedge to use.
    ``spot_price`` is a trusted price of the asset even when the hedge is not
    (the holding is still valued); ``data_as_of`` is when the hedge's data was
    current, UTC.  ``no_hedge`` says why a holding is not hedged at all (no
    venue, a stablecoin...); ``problem`` why no order may be computed from
    data that is there (overrides the status's reason).  ``tiers`` are the
    contract's maintenance margin tiers when known (else the settings' one
    rate is used).  ``dated_contract_size`` and ``dated_lot_size`` are the
    dated future's, in the perpetual's units.  ``dated_hedge``: the hedge is
    itself a dated future (no funding: ``funding_rate`` 0, no interval; its
    cost is its basis, and ``dated_*`` describe the same contract).
    ``cross_asset``: the asset of the hedge contract when it is not the holding's
    own (a cross hedge, sized by the hedge ratio); ``""`` otherwise.
    """

    symbol: str = ""
    price: float = math.nan
    spot_price: float = math.nan
    funding_rate: float = math.nan
    interval_h: float = math.nan
    contract_size: float = math.nan
    lot_size: float = math.nan
    min_qty: float = math.nan
    min_notional: float = math.nan
    inverse: bool = False
    dated_symbol: str = ""
    dated_price: float = math.nan
    expiry: dt.datetime | None = None
    dated_contract_size: float = math.nan
    dated_lot_size: float = math.nan
    dated_hedge: bool = False
    data_status: str = ""
    data_as_of: dt.datetime | None = None
    no_hedge: str = ""
    problem: str = ""
    tiers: MarginTiers | None = None
    cross_asset: str = ""

    @property
    def withheld(self) -> str:
        """Why no order may be computed from this hedge; ``""`` when one may (or when there is no hedge)."""
        if self.no_hedge:
            return ""
        if self.problem:
            return self.problem
        if status_kind(self.data_status) not in TRUSTED:
            return self.data_status or "no hedge"
        return "" if self.price > 0 else "no price for the hedge contract"

    @property
    def tradable(self) -> bool:
        """Whether an order may be computed from this hedge."""
        return not self.no_hedge and not self.withheld

    @property
    def stale(self) -> bool:
        """Whether the hedge's data is stale (an order from it says so)."""
        return status_kind(self.data_status) == STALE and not self.no_hedge


def _trusted(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["status"].map(status_kind).isin(TRUSTED)]


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    rows = _trusted(rows)
    return rows[rows["mark_price"].gt(0) | rows["last_price"].gt(0)]


def contract_price(row: pd.Series) -> tuple[float, str]:
    """A contract's price for sizing: the mark price, else the last trade price (and a note saying so)."""
    if row["mark_price"] > 0:
        return float(row["mark_price"]), ""
    return float(row["last_price"]), NO_MARK_NOTE


def _quote_rank(currency: str) -> int:
    return PREFERRED_QUOTES.index(currency) if currency in PREFERRED_QUOTES else len(PREFERRED_QUOTES)


def hedge_perpetual(table: pd.DataFrame, venue: str, asset: str, settle: str | None = None) -> pd.Series | None:
    """The perpetual to hedge ``asset`` on ``venue``: a trusted row with a price first, then linear before
    inverse, then USDT-quoted, USD, USDC; a row that cannot be trusted only when there is no other (its
    status says why).  ``settle`` (``"linear"``/``"inverse"``) keeps only that settlement."""
    rows = table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_PERP)]
    if settle:
        rows = rows[rows["settle"] == settle]
    if rows.empty:
        return None
    priced = rows["mark_price"].gt(0) | rows["last_price"].gt(0)
    rank = rows["status"].map(status_kind).map(TRUST_RANK).fillna(len(TRUST_RANK))
    trust = (rank + 1).where(~(priced & rank.le(TRUST_RANK[STALE])), 0)  # usable rows first, then by trust
    ranked = rows.assign(_trust=trust, _settle=(rows["settle"] != SETTLE_LINEAR).astype(int),
                         _rank=rows["quote"].map(_quote_rank)).sort_values(["_trust", "_settle", "_rank", "symbol"])
    return ranked.drop(columns=["_trust", "_settle", "_rank"]).iloc[0]


def _named_contract(table: pd.DataFrame, venue: str, symbol: str) -> pd.Series | None:
    rows = table[(table["venue"] == venue) & (table["symbol"].astype(str).str.upper() == symbol.upper())]
    if rows.empty:
        return None
    return rows.assign(_trust=rows["status"].map(status_kind).map(TRUST_RANK).fillna(len(TRUST_RANK))) \
        .sort_values("_trust").drop(columns="_trust").iloc[0]


def nearest_dated(table: pd.DataFrame, venue: str, asset: str, as_of: dt.datetime, settle: str,
                  horizon_days: float = 0.0, now: dt.datetime | None = None) -> pd.Series | None:
    """The dated future of ``asset`` on ``venue`` (same settlement) to compare with the perpetual.

    Of those expiring at least a week after ``as_of`` and after ``now`` (when an order would be placed: a plan
    valued at an earlier As of never offers a contract that has expired since): the first that covers the
    horizon (expires ``horizon_days`` or more after ``as_of``); when none does, the one expiring last, which
    needs the fewest rolls.
    """
    rows = _usable(table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_DATED)
                         & (table["settle"] == settle)])
    if rows.empty:
        return None
    days = (rows["expiry"] - pd.Timestamp(as_of)).dt.total_seconds() / SECONDS_PER_DAY
    tradable = (rows["expiry"] - pd.Timestamp(_later(as_of, now))).dt.total_seconds() / SECONDS_PER_DAY
    keep = (days >= MIN_DAYS_TO_EXPIRY) & (tradable >= MIN_DAYS_TO_EXPIRY)
    rows, days = rows[keep], days[keep]
    if rows.empty:
        return None
    covering = rows[days >= horizon_days]
    if covering.empty:
        return rows.sort_values(["expiry", "symbol"]).iloc[-1]
    return covering.sort_values(["expiry", "symbol"]).iloc[0]


def spot_price(table: pd.DataFrame, asset: str, hedge: pd.Series | None = None) -> float:
    """Spot price of ``asset`` from trusted rows: the hedge contract's index, else a spot venue's last price.

    Cash (``USD``) is worth 1.
    """
    if asset.upper() == CASH:
        return 1.0
    if hedge is not None and status_kind(hedge["status"]) in TRUSTED and hedge["index_price"] > 0:
        return float(hedge["index_price"])
    for venue in SPOT_SOURCES:
        rows = table[(table["venue"] == venue) & (table["base"] == asset.upper()) & (table["kind"] == KIND_SPOT)]
        rows = _trusted(rows[rows["last_price"].gt(0)])
        if not rows.empty:
            return float(rows.iloc[0]["last_price"])
    return math.nan


def no_hedge_reason(holding: HoldingInput) -> str:
    """Why a holding is not hedged whatever the market says (``""`` when it may be)."""
    if holding.asset == CASH:
        return "USD is cash"
    if holding.asset in STABLECOINS:
        return f"{holding.asset} is a stablecoin, held as cash"
    if not holding.hedged:
        return "no hedge venue"
    return ""


def _instrument_words(instrument: str) -> tuple[str | None, str]:
    """``(settle, description)`` for an instrument word; settle None = any perpetual, linear first."""
    word = instrument.strip().lower()
    if word in (INSTRUMENT_LINEAR, INSTRUMENT_INVERSE):
        return word, f"{word} perpetual"
    return None, "perpetual"


def _later(as_of: dt.datetime, now: dt.datetime | None) -> dt.datetime:
    """The later of the valuation time and the time an order would be placed."""
    return as_of if now is None else max(pd.Timestamp(as_of), pd.Timestamp(now)).to_pydatetime()


def _days_to(row: pd.Series, as_of: dt.datetime) -> float:
    """Days from ``as_of`` to a dated future's expiry (NaN when unknown)."""
    if pd.isna(row["expiry"]):
        return math.nan
    return (row["expiry"] - pd.Timestamp(as_of)).total_seconds() / SECONDS_PER_DAY


def hedge_contract(holding: HoldingInput, table: pd.DataFrame, as_of: dt.datetime | None = None,
                   horizon_days: float = 0.0, now: dt.datetime | None = None) -> tuple[pd.Series | None, str, str]:
    """The contract a holding's Hedge instrument names on its venue: a perpetual (blank, ``linear``,
    ``inverse``, or its symbol), or a dated future (``dated``: the one covering the horizon, see
    :func:`nearest_dated`, linear first; or its symbol, expiring a week or more after ``as_of`` and after
    ``now``, when the order would be placed).  A symbol
    may name another asset's contract: a cross hedge (see :class:`Hedge`'s ``cross_asset``).

    Returns
    -------
    (row, no_hedge, problem)
        The market row (None when there is none), why there is no hedge at all
        (the venue lists no such perpetual for the asset), and why none may be
        used (the contract named is unknown, or not a perpetual).
    """
    venue, asset, instrument = holding.venue, holding.asset, holding.instrument.strip()
    if not (table["venue"] == venue).any():
        return None, "", f"no {venue} market data (the venue was not read, or failed)"
    if instrument.lower() in ANY_PERPETUAL or instrument.lower() in (INSTRUMENT_LINEAR, INSTRUMENT_INVERSE):
        settle, description = _instrument_words(instrument)
        row = hedge_perpetual(table, venue, asset, settle)
        return row, "" if row is not None else f"{venue} lists no {description} for {asset}{CROSS_HEDGE_HINT}", ""
    as_of = as_of or dt.datetime.now(dt.timezone.utc)
    if instrument.lower() == INSTRUMENT_DATED:
        for settle in (SETTLE_LINEAR, SETTLE_INVERSE):
            row = nearest_dated(table, venue, asset, as_of, settle, horizon_days, now)
            if row is not None:
                return row, "", ""
        return None, f"{venue} lists no dated future for {asset} expiring a week or more from now", ""
    row = _named_contract(table, venue, instrument)
    if row is None:
        return None, "", f"{instrument} is not in {venue}'s market data"
    if row["kind"] == KIND_DATED and row["base"] != asset:
        return None, "", (f"{row['symbol']} is a {row['base']} dated future: a cross hedge must be a perpetual (a "
                          f"dated future's basis is against {row['base']}'s price, not {asset}'s)")
    if row["kind"] == KIND_DATED:
        days = _days_to(row, as_of)
        if math.isnan(days):
            return None, "", f"the market data gives no expiry for {row['symbol']}"
        if now is not None and row["expiry"] <= pd.Timestamp(now):
            return None, "", (f"{row['symbol']} expired on {row['expiry']:%Y-%m-%d %H:%M} UTC: hedge with a dated "
                              f"future {MIN_DAYS_TO_EXPIRY:g} days or more away")
        days = min(days, _days_to(row, _later(as_of, now)))
        if days < MIN_DAYS_TO_EXPIRY:
            return None, "", (f"{row['symbol']} expires in {days:.1f} days: hedge with a dated future "
                              f"{MIN_DAYS_TO_EXPIRY:g} days or more away")
        return row, "", ""
    if row["kind"] != KIND_PERP:
        return None, "", f"{row['symbol']} is a spot market, not a futures contract"
    return row, "", ""


def hedge_for(holding: HoldingInput, table: pd.DataFrame, as_of: dt.datetime, horizon_days: float = 0.0,
              tiers: dict | None = None, now: dt.datetime | None = None) -> Hedge:
    """The hedge of one holding on its venue, or a Hedge whose data status says why there is none; its dated
    alternative is the one covering ``horizon_days`` where one is listed (:func:`nearest_dated`), never one
    expiring within a week of ``now``, when the order would be placed."""
    spot = spot_price(table, holding.asset)
    reason = no_hedge_reason(holding)
    if reason:
        return Hedge(spot_price=spot, no_hedge=reason)
    perp, reason, problem = hedge_contract(holding, table, as_of, horizon_days, now)
    if perp is None:
        return Hedge(spot_price=spot, no_hedge=reason, problem=problem, data_status=problem or reason)
    data_as_of = None if pd.isna(perp["updated_at"]) else perp["updated_at"].to_pydatetime()
    # its positions count here even when withheld
    cross_asset = "" if perp["base"] == holding.asset else str(perp["base"])
    if status_kind(perp["status"]) not in TRUSTED or not (perp["mark_price"] > 0 or perp["last_price"] > 0):
        return Hedge(symbol=perp["symbol"], spot_price=spot_price(table, holding.asset), data_as_of=data_as_of,
                     data_status=perp["status"] if status_kind(perp["status"]) not in TRUSTED else "no price",
                     cross_asset=cross_asset)
    is_dated = perp["kind"] == KIND_DATED
    own = None if cross_asset else perp  # another asset's index is not this asset's spot price
    # A cross hedge has no dated alternative: its basis would be against another asset's price than this one's.
    dated = perp if is_dated else None if cross_asset else nearest_dated(table, holding.venue, holding.asset, as_of,
                                                                   perp["settle"], horizon_days, now)
    price, price_note = contract_price(perp)
    inverse = perp["settle"] == SETTLE_INVERSE
    if inverse and not perp["contract_size"] > 0:
        return Hedge(symbol=perp["symbol"], spot_price=spot_price(table, holding.asset, own), data_as_of=data_as_of,
                     data_status=perp["status"], problem="the venue gave no contract size for this inverse contract",
                     cross_asset=cross_asset)
    return Hedge(
        symbol=perp["symbol"],
        price=price,
        spot_price=spot_price(table, holding.asset, own),
        funding_rate=0.0 if is_dated else float(perp["funding_rate"]),
        interval_h=math.nan if is_dated else float(perp["funding_interval_h"]),
        contract_size=float(perp["contract_size"]) if perp["contract_size"] > 0 else 1.0,
        lot_size=float(perp["lot_size"]) if perp["lot_size"] >= 0 else 0.0,
        min_qty=float(perp["min_qty"]),
        min_notional=float(perp["min_notional"]),
        inverse=inverse,
        dated_symbol="" if dated is None else dated["symbol"],
        dated_price=math.nan if dated is None else contract_price(dated)[0],
        expiry=None if dated is None else dated["expiry"].to_pydatetime(),
        dated_contract_size=math.nan if dated is None else (
            float(dated["contract_size"]) if dated["contract_size"] > 0 else math.nan if inverse else 1.0),
        dated_lot_size=math.nan if dated is None else (float(dated["lot_size"]) if dated["lot_size"] >= 0 else 0.0),
        dated_hedge=bool(is_dated),
        data_status="; ".join(filter(None, [perp["status"], price_note])),
        data_as_of=data_as_of,
        tiers=(tiers or {}).get((holding.venue, perp["symbol"])) or packaged_tiers(holding.venue, perp["symbol"]),
        cross_asset=cross_asset,
    )


def _hedge_users(holdings: list[HoldingInput], hedges: list[Hedge]) -> dict[tuple[str, str], list[str]]:
    """``(venue, SYMBOL)`` of each hedge contract → the assets of the holdings hedged with it."""
    users: dict[tuple[str, str], list[str]] = {}
    for holding, hedge in zip(holdings, hedges):
        if hedge.symbol and not hedge.no_hedge:
            users.setdefault((holding.venue, hedge.symbol.upper()), []).append(holding.asset)
    return users


def shared_cross_hedges(holdings: list[HoldingInput], hedges: list[Hedge]) -> list[str]:
    """Per holding, why its cross hedge cannot be used (``""`` when it can): its contract is also another holding's
    hedge on the same venue, and the venue keeps one net position in it, which cannot be split between them."""
    users = _hedge_users(holdings, hedges)
    problems = []
    for holding, hedge in zip(holdings, hedges):
        others = [asset for asset in users.get((holding.venue, hedge.symbol.upper()), []) if asset != holding.asset]
        problems.append(
            f"{hedge.symbol} on {holding.venue} is also the hedge of {', '.join(others)}: one position in it cannot "
            f"be split between them; cross-hedge {holding.asset} with another {hedge.cross_asset} contract or venue"
            if hedge.cross_asset and others else "")
    return problems


def cross_hedge_contracts(holdings: list[HoldingInput], hedges: list[Hedge]) -> dict[tuple[str, str], str]:
    """``(venue, SYMBOL)`` → the asset of the holding it cross-hedges, for each cross hedge whose contract no other
    holding uses (:func:`shared_proxies`): the positions in it count for that holding."""
    users = _hedge_users(holdings, hedges)
    contracts = {}
    for holding, hedge in zip(holdings, hedges):
        key = (holding.venue, hedge.symbol.upper())
        if hedge.cross_asset and users.get(key) == [holding.asset]:
            contracts[key] = holding.asset
    return contracts


def hedges_from_market(holdings: list[HoldingInput], table: pd.DataFrame, as_of: dt.datetime,
                       horizon_days: float = 0.0, tiers: dict | None = None,
                       now: dt.datetime | None = None) -> list[Hedge]:
    """The hedge perpetual (and dated alternative, see :func:`nearest_dated`) of each holding on its venue, with
    its margin tiers: those the venue published (``tiers``, by ``(venue, symbol)``), else a shipped table's.
    A cross hedge whose contract another holding uses too says why it cannot be used (:func:`shared_proxies`).
    ``now``: when the orders would be placed; no contract expiring within a week of it is offered."""
    hedges = [hedge_for(holding, table, as_of, horizon_days, tiers, now) for holding in holdings]
    return [replace(hedge, problem=problem) if problem else hedge
            for hedge, problem in zip(hedges, shared_cross_hedges(holdings, hedges))]


def needed_venues(holdings: list[HoldingInput], position_venues: list[str] = ()) -> list[str]:
    """The venues a refresh reads: each holding's hedge venue (with its other settlement's, so that Carry can
    compare linear and inverse), each position's, then the spot sources."""
    hedged = [key for h in holdings if h.hedged for key in same_exchange(h.venue)]
    return list(dict.fromkeys(hedged + list(position_venues) + list(SPOT_SOURCES)))
