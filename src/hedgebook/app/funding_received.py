"""The funding your own positions received or paid, over 7, 30 and 90 days, in USD and as an APR of the position
(issue 24 §5).

``hedgebook accounts`` reads the settlements with your keys and keeps them in the history store under their own
series (:data:`~hedgebook.market.history_store.FUNDING_RECEIVED_USD`, ``FUNDING_RECEIVED_COIN``); Carry and
``hedgebook history --json`` show them per contract, beside the market's realized funding.  Sign: positive =
received, negative = paid (for a short with funding above 0, you receive).  A coin-settled amount counts at the
contract's price given (the mark now on Carry; the store's last close in ``history --json``), and the APR is the
USD received over the window / |the position's notional now| × 365 / days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..market.funding_paid import DAY_MS, FundingPayment
from ..market.history_store import FUNDING_RECEIVED_COIN, FUNDING_RECEIVED_USD, HistoryStore, Point

WINDOW_DAYS = (7, 30, 90)
"""The windows shown, days back from now."""


@dataclass(frozen=True)
class ReceivedSeries:
    """The settlements received on one contract: ``(time_ms, amount)`` in USD and in its coin, oldest first."""

    usd: tuple[tuple[int, float], ...] = ()
    coin: tuple[tuple[int, float], ...] = ()

    def in_usd(self, coin_price: float) -> list[tuple[int, float]]:
        """Every settlement in USD, a coin one at ``coin_price`` (NaN when that price is not known)."""
        price = coin_price if coin_price == coin_price and coin_price > 0 else math.nan
        return sorted([*self.usd, *((t, amount * price) for t, amount in self.coin)])


@dataclass(frozen=True)
class FundingReceived:
    """Funding received over each of :data:`WINDOW_DAYS`: USD (> 0 received, < 0 paid) and as an APR of the
    position's notional now (a fraction a year; NaN without a position)."""

    usd: tuple[float, ...]
    apr: tuple[float, ...]


def funding_received(series: ReceivedSeries, now_ms: int, notional_usd: float,
                     coin_price: float = math.nan) -> FundingReceived:
    """The sums of ``series`` over the last 7, 30 and 90 days before ``now_ms`` and their APR of |``notional_usd``|.

    A window with no settlement received 0; NaN where a coin amount has no price."""
    points = series.in_usd(coin_price)
    usd = tuple(math.fsum(amount for t, amount in points if now_ms - days * DAY_MS < t <= now_ms)
                for days in WINDOW_DAYS)
    size = abs(notional_usd)
    apr = tuple(total / size * 365.0 / days if size > 0 else math.nan for total, days in zip(usd, WINDOW_DAYS))
    return FundingReceived(usd, apr)


def store_payments(store: HistoryStore, payments: Iterable[FundingPayment]) -> int:
    """Keep ``payments`` in ``store``, one series per contract and unit (two at the same time, both legs of a
    hedge-mode position, are summed); returns how many series were written."""
    by_series: dict[tuple[str, str, str], dict[int, float]] = {}
    for payment in payments:
        field = FUNDING_RECEIVED_USD if payment.coin == "USD" else FUNDING_RECEIVED_COIN
        series = by_series.setdefault((payment.venue, payment.symbol, field), {})
        series[payment.time_ms] = series.get(payment.time_ms, 0.0) + payment.amount
    for (venue, symbol, field), points in by_series.items():
        store.write(venue, symbol, field, [Point(t, amount) for t, amount in sorted(points.items())])
    return len(by_series)


def hedge_contracts(holdings, hedges) -> list[tuple[str, str]]:
    """``(venue, symbol)`` of each holding's hedge contract (holdings without one left out)."""
    return [(holding.venue, hedge.symbol) for holding, hedge in zip(holdings, hedges) if hedge.symbol]


def received_in_store(store: HistoryStore, contracts: Iterable[tuple[str, str]],
                      since_ms: int | None = None) -> dict[tuple[str, str], ReceivedSeries]:
    """What ``store`` holds of the funding received on each ``(venue, symbol)`` of ``contracts`` (those with none
    are left out)."""
    found = {}
    for venue, symbol in dict.fromkeys(contracts):
        usd = tuple((p.time_ms, p.value) for p in store.points(venue, symbol, FUNDING_RECEIVED_USD, since_ms))
        coin = tuple((p.time_ms, p.value) for p in store.points(venue, symbol, FUNDING_RECEIVED_COIN, since_ms))
        if usd or coin:
            found[(venue, symbol)] = ReceivedSeries(usd, coin)
    return found


def received_of_payments(payments: Sequence[FundingPayment]) -> dict[tuple[str, str], ReceivedSeries]:
    """The same as :func:`received_in_store`, from payments just read."""
    usd: dict[tuple[str, str], list] = {}
    coin: dict[tuple[str, str], list] = {}
    for payment in payments:
        (usd if payment.coin == "USD" else coin).setdefault((payment.venue, payment.symbol), []).append(
            (payment.time_ms, payment.amount))
    return {key: ReceivedSeries(tuple(sorted(usd.get(key, ()))), tuple(sorted(coin.get(key, ()))))
            for key in {*usd, *coin}}


def received_of_holding(plan, i: int) -> FundingReceived | None:
    """Holding ``i``'s hedge contract's funding received (``plan.received``) over the windows ending at
    ``plan.received_at``, as an APR of the notional of the positions held in it now, at their mark (a coin amount
    at that mark too); None when the store has none for it."""
    hedge = plan.hedges[i]
    series = plan.received.get((plan.holdings[i].venue, hedge.symbol)) if hedge.symbol else None
    if series is None or plan.received_at is None:
        return None
    now_ms = int(plan.received_at.timestamp() * 1000)
    venue = plan.holdings[i].venue
    notional = math.fsum(m.notional for m in plan.positions if m.venue == venue and m.symbol == hedge.symbol
                         and m.notional == m.notional)
    price = next((m.mark_price for m in plan.positions if m.venue == venue and m.symbol == hedge.symbol
                  and m.mark_price > 0), hedge.price)
    return funding_received(series, now_ms, notional, price)


def keep_readings(readings, plan, now_ms: int, path=None) -> tuple[dict[tuple[str, str], ReceivedSeries], list[str]]:
    """Keep what ``readings`` (``AccountReading``) say of the funding received, and each position's notional now
    (``plan``'s marked positions of those venues), in the history store (``path``, else the user's); then what the
    store holds for every contract of ``plan``'s hedges and positions.  A store that cannot be opened or written is a
    warning: the import stands without it."""
    from ..market.history_store import POSITION_NOTIONAL, HistoryStore, StoreError, default_path

    venues = {reading.venue for reading in readings}
    contracts = hedge_contracts(plan.holdings, plan.hedges)
    contracts += [(m.venue, m.symbol) for m in plan.positions if m.symbol]
    try:
        with HistoryStore(path or default_path()) as store:
            store_payments(store, [payment for reading in readings for payment in reading.funding])
            for marked in plan.positions:
                if marked.venue in venues and marked.symbol and marked.notional == marked.notional:
                    store.write(marked.venue, marked.symbol, POSITION_NOTIONAL, [Point(now_ms, float(marked.notional))])
            return received_in_store(store, contracts), [f"history: {note}" for note in store.notes]
    except (StoreError, OSError) as error:
        return {}, [f"the funding you received is not kept ({error}); the positions are imported"]


@dataclass(frozen=True)
class ReceivedReport:
    """One contract's funding received, as ``hedgebook history --json`` shows it: the windows' USD and APR, the
    position's notional last read (USD, signed; NaN = not known) and the price a coin amount counted at."""

    venue: str
    symbol: str
    figures: FundingReceived
    notional: float
    coin_price: float


def received_report(store: HistoryStore, now_ms: int) -> list[ReceivedReport]:
    """Every contract the store holds funding received for (sorted), its coin amounts at the store's last daily
    close of that contract, its APR of the notional last read by ``hedgebook accounts``."""
    from ..market.history_store import CLOSE, POSITION_NOTIONAL

    contracts = sorted({(venue, symbol) for venue, symbol, field in store.series()
                        if field in (FUNDING_RECEIVED_USD, FUNDING_RECEIVED_COIN)})
    reports = []
    for (venue, symbol), series in received_in_store(store, contracts).items():
        notional = store.points(venue, symbol, POSITION_NOTIONAL)
        closes = store.points(venue, symbol, CLOSE)
        size = notional[-1].value if notional else math.nan
        price = closes[-1].value if closes else math.nan
        reports.append(ReceivedReport(venue, symbol, funding_received(series, now_ms, size, price), size, price))
    return sorted(reports, key=lambda r: (r.venue, r.symbol))


def received_from_store(plan, now, path=None):
    """``plan`` with the funding your positions received in its hedge contracts, as the history store (``path``,
    else the user's) keeps it, windows ending at ``now``; the store is read, never created, and one that cannot be
    read leaves the plan as it is."""
    from dataclasses import replace

    from ..market.history_store import StoreError, default_path

    path = path or default_path()
    if not path.is_file():
        return plan
    contracts = hedge_contracts(plan.holdings, plan.hedges)
    try:
        with HistoryStore(path) as store:
            return replace(plan, received=received_in_store(store, contracts), received_at=now)
    except (StoreError, OSError):
        return plan
