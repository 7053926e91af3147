"""The refresh pipeline's rules, with injected fetchers and clock: no network, no workbook."""

import datetime as dt

import pandas as pd
import pytest

from hedgebook.app.inputs import HoldingInput, PlanInputs, Settings
from hedgebook.app.refresh import NO_VENUE_ANSWERED, refresh, venues_to_read
from hedgebook.market import MarketSnapshot, VenueServerError, load_sample
from hedgebook.market.table import to_table
from hedgebook.market.venues import SPOT_SOURCES

from .worked import WORKED

NOW = dt.datetime(2025, 1, 14, 9, tzinfo=dt.timezone.utc)
INPUTS = PlanInputs(WORKED, Settings())
COT = pd.DataFrame({"report_date": [pd.Timestamp("2025-01-14")], "market": ["CME Bitcoin"]})


class Fetcher:
    """A market reader that answers from the sample table, failing the venues it is told to."""

    def __init__(self, failing=()):
        self.failing = set(failing)
        self.calls = []

    def __call__(self, venues, assets, *, timeout=None, progress=None):
        self.calls.append((list(venues), assets))
        table = load_sample().table
        table = table[table["venue"].isin(set(venues) - self.failing)].reset_index(drop=True)
        errors = {venue: "server error (HTTP 503)" for venue in venues if venue in self.failing}
        return MarketSnapshot(table, errors=errors, requests={v: 1 for v in venues if v not in self.failing},
                              failures={v: VenueServerError(m) for v, m in errors.items()})


def cot_ok(*, timeout=None):
    return COT


def cot_down(*, timeout=None):
    raise VenueServerError("server error (HTTP 500)")


def test_reads_only_what_the_plan_needs_and_values_at_the_refresh_time():
    fetch = Fetcher()
    outcome = refresh(INPUTS, None, fetch=fetch, fetch_cot=cot_ok, now=lambda: NOW)
    # binance_coinm too: the inverse choice on Carry
    assert fetch.calls == [(["binance", "binance_coinm", *SPOT_SOURCES], ["BTC", "ETH"])]
    assert outcome.write and outcome.problem is None
    assert outcome.plan.as_of == NOW and outcome.plan.settings.as_of == NOW
    assert outcome.snapshot.fetched_at == NOW and outcome.snapshot.label == "live data, 2025-01-14 09:00 UTC"
    assert outcome.plan.rebalance.contracts.tolist() == [-0.25, 5.0]
    assert outcome.cot is COT


def test_a_failed_venue_keeps_its_previous_rows_marked_stale():
    previous = load_sample().table
    outcome = refresh(INPUTS, previous, fetch=Fetcher(failing={"coingecko"}), fetch_cot=cot_ok, now=lambda: NOW)
    assert outcome.write and outcome.errors == {"coingecko": "server error (HTTP 503)"}
    table = outcome.snapshot.table
    kept = table[table["venue"] == "coingecko"]
    assert len(kept) == 2 and (kept["status"] == "stale: server error (HTTP 503)").all()
    assert (table[table["venue"] == "binance"]["status"] == "ok").all()


def test_when_no_venue_answers_nothing_is_written():
    outcome = refresh(INPUTS, load_sample().table, fetch=Fetcher(failing={"binance", "binance_coinm", *SPOT_SOURCES}),
                      fetch_cot=cot_ok, now=lambda: NOW, previous_cot=COT)
    assert not outcome.write and outcome.problem == NO_VENUE_ANSWERED and outcome.plan is None
    assert set(outcome.errors) == {"binance", "binance_coinm", *SPOT_SOURCES}


def test_when_the_plan_cannot_be_computed_nothing_is_written():
    inputs = PlanInputs(WORKED + (HoldingInput("DOGE", 100.0, venue="binance"),), Settings())
    outcome = refresh(inputs, None, fetch=Fetcher(), fetch_cot=cot_ok, now=lambda: NOW)
    assert not outcome.write and outcome.plan is None
    assert outcome.problem.startswith("DOGE cannot be valued — no price from the spot sources (binance_spot, "
                                      "coingecko)")


def test_the_last_cftc_report_is_kept_when_the_cftc_fails():
    outcome = refresh(INPUTS, None, fetch=Fetcher(), fetch_cot=cot_down, now=lambda: NOW, previous_cot=COT)
    assert outcome.write and outcome.cot is COT
    assert outcome.warnings == ["cftc: server error (HTTP 500) (the last report is kept)"]


def test_venues_asked_instead_of_the_plans():
    fetch = Fetcher()
    outcome = refresh(INPUTS, None, fetch=fetch, fetch_cot=cot_ok, now=lambda: NOW, venues=["binance", "binance"])
    assert fetch.calls[0][0] == ["binance"] == venues_to_read(INPUTS, ["binance"]) == outcome.asked


@pytest.mark.parametrize("timeout", [None, 2.5])
def test_the_timeout_reaches_both_readers(timeout):
    seen = {}

    def fetch(venues, assets, *, timeout=None, progress=None):
        seen["market"] = timeout
        return Fetcher()(venues, assets)

    def fetch_cot(*, timeout=None):
        seen["cot"] = timeout
        return COT

    refresh(INPUTS, to_table([]), fetch=fetch, fetch_cot=fetch_cot, now=lambda: NOW, timeout=timeout)
    assert seen == {"market": timeout, "cot": timeout}


def test_a_refresh_sized_by_beta_plans_once_after_the_history_is_brought_up_to_date(monkeypatch):
    """Fetch → keep → check → choose the hedges → their history → plan, once: core's rebalance runs one time,
    on the history just updated (an order sized by β takes it from there)."""
    from hedgebook import core
    from hedgebook.app.daily_history import HistoryRefresh, sample_history

    calls = []
    rebalance = core.rebalance
    monkeypatch.setattr(core, "rebalance", lambda *a, **k: calls.append(a) or rebalance(*a, **k))
    seen = []

    def history(chosen, previous, now):
        seen.append([q.symbol for q in chosen.hedges])
        assert not calls  # the history step comes before the plan
        return HistoryRefresh(sample_history(chosen.holdings, chosen.hedges, now.date() - dt.timedelta(days=1)))

    inputs = PlanInputs(WORKED, Settings(hedge_sizing="beta"))
    outcome = refresh(inputs, None, fetch=Fetcher(), fetch_cot=cot_ok, now=lambda: NOW, history=history)
    assert outcome.write and seen == [["BTCUSDT", "ETHUSDT"]]
    assert len(calls) == 1
    assert all(outcome.plan.sizing(i).by_history for i in range(2))
    assert outcome.plan.histories[0] is not None and outcome.plan.histories[0].symbol == "BTCUSDT"


def test_settings_the_checks_refuse_are_an_input_error_before_anything_is_fetched():
    """Settings built in code, not read from a sheet, can hold what the market checks refuse: one line, no fetch."""
    from hedgebook.core.errors import InputError

    fetch = Fetcher()
    odd = PlanInputs(WORKED, Settings(stale_after_hours=200, max_data_age_days=1))
    with pytest.raises(InputError, match=r"^Settings: the market checks cannot be used \(max_age_s"):
        refresh(odd, None, fetch=fetch, fetch_cot=cot_ok, now=lambda: NOW)
    assert fetch.calls == []
