"""A workbook of the previous layout: its futures in USD become positions in contracts, and the plan says so."""

import math

import pytest

from hedgebook.app.inputs import InputError, LegacyFutures, PlanInputs, PositionInput, Settings
from hedgebook.app.migration import convert, with_legacy_futures_converted
from hedgebook.app.planning import plan_from_market
from hedgebook.market import load_sample

from .worked import SAMPLE_TIME, WORKED, moved_market

TYPED_AT_60_000 = LegacyFutures(5, "BTC", "binance", -15_000.0, "BTCUSDT", 60_000.0)


def test_usd_typed_at_60_000_is_the_short_of_0_25_btc_it_stood_for():
    position, note = convert(TYPED_AT_60_000, moved_market())
    assert position == PositionInput("binance", "BTCUSDT", -0.25)
    assert note == ("Holdings row 5 (BTC): the futures position typed in USD (-15,000.00) is now a position on the "
                    "Positions sheet: binance BTCUSDT -0.25 contracts, from the price 60,000.00 the workbook showed "
                    "for it. Check it against your account: positions are typed in contracts, as the venue shows "
                    "them, and re-valued at every refresh.")


def test_without_the_price_it_was_typed_at_the_current_one_is_used_and_said():
    entry = LegacyFutures(5, "BTC", "binance", -16_000.0, "", math.nan)
    position, note = convert(entry, moved_market())
    assert position.contracts == -0.2 and "from the price 80,000.00 now" in note


def test_an_inverse_hedge_converts_into_whole_contracts_of_usd():
    entry = LegacyFutures(6, "BTC", "binance_coinm", -15_040.0, "BTCUSD_PERP", 60_000.0)
    position, _ = convert(entry, load_sample().table)
    assert position == PositionInput("binance_coinm", "BTCUSD_PERP", -150)  # 100 USD each, nearest lot


def test_the_plan_of_a_migrated_workbook_is_the_plan_of_its_positions():
    """The 80 000 case: −15 000 typed when BTC was 60 000 is a 0.25 BTC short, now worth −20 000."""
    inputs = PlanInputs(WORKED, Settings(as_of=SAMPLE_TIME), legacy_futures=(TYPED_AT_60_000,))
    book = plan_from_market(inputs, moved_market(), SAMPLE_TIME)
    assert book.rebalance.futures_notionals[0] == pytest.approx(-20_000)
    assert book.rebalance.contracts[0] == -0.072 and len(book.notes) == 1
    assert [p.position for p in book.positions] == [PositionInput("binance", "BTCUSDT", -0.25)]


def test_a_usd_amount_without_a_contract_to_convert_into_is_refused_naming_it():
    entry = LegacyFutures(7, "SOL", "binance", -1_000.0)
    with pytest.raises(InputError, match=r"Holdings row 7 \(SOL\): the futures position typed in USD \(-1,000.00\) "
                                         "cannot be converted into contracts: no binance perpetual for SOL"):
        with_legacy_futures_converted(PlanInputs(WORKED, Settings(), legacy_futures=(entry,)), load_sample().table)


def test_zero_usd_converts_into_nothing_and_notes_pass_through():
    inputs = PlanInputs(WORKED, Settings(), legacy_futures=(LegacyFutures(5, "BTC", "binance", 0.0),),
                        notes=("a note",))
    converted, notes = with_legacy_futures_converted(inputs, load_sample().table)
    assert converted.positions == () and converted.legacy_futures == () and notes == ["a note"]
