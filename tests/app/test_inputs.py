"""Holdings, positions and settings from rows of typed cells."""

import dataclasses
import datetime as dt

import pytest

from hedgebook.app.inputs import (
    HOLDING_FIELDS,
    NO_HEDGE,
    POSITION_FIELDS,
    SETTING_FIELDS,
    HoldingInput,
    InputError,
    PlanInputs,
    PositionInput,
    Settings,
)
from hedgebook.app.typed_rows import accounts_from_rows, holdings_from_rows, positions_from_rows, settings_from_values


def test_holdings_rows_with_blanks_and_empty_rows():
    rows = [("btc", 1.0833, 20_000, " Binance ", None, 0.5), (None, None, None, None, None, None),
            ("ETH", "11.6667", None, None, " BTCUSD_PERP ", 0.5), ("USDC", 1_000, None, "none", None, 0.1)]
    holdings = holdings_from_rows(rows, first_row=5)
    assert holdings == [
        HoldingInput("BTC", 1.0833, 20_000.0, "binance", "", 0.5),
        HoldingInput("ETH", 11.6667, 0.0, NO_HEDGE, "BTCUSD_PERP", 0.5),
        HoldingInput("USDC", 1_000.0, 0.0, NO_HEDGE, "", 0.1),
    ]
    assert [h.hedged for h in holdings] == [True, False, False]  # a blank venue is no hedge, like "none"


@pytest.mark.parametrize("row, message", [
    (("ETH", 1, "1,500", None, None, 0.5), "Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number"),
    (("ETH", dt.datetime(2025, 1, 14), 0, None, None, 0.5),
     "Holdings row 6 (ETH), Quantity (coins): 2025-01-14 is a date, not a number"),
    (("ETH", -1, 0, None, None, 0.5),
     "Holdings row 6 (ETH), Quantity (coins): must be 0 or more, got -1; a short is a position on the Positions sheet"),
    (("ETH", 1, 0, None, None, "half"), "Holdings row 6 (ETH), Target weight: 'half' is not a number"),
])
def test_a_bad_holding_cell_is_named_by_sheet_row_asset_column_and_value(row, message):
    with pytest.raises(InputError) as raised:
        holdings_from_rows([row], first_row=6)
    assert str(raised.value) == message


def test_an_asset_typed_twice_is_refused_naming_both_rows():
    with pytest.raises(InputError, match=r"Holdings row 7 \(BTC\): BTC is on row 5 already"):
        holdings_from_rows([("BTC", 1, 0, "binance", None, 0.5), (None,) * 6, ("btc", 1, 0, None, None, 0.2)],
                           first_row=5)


def test_positions_rows_in_contracts_with_an_optional_entry_price():
    rows = [(" Binance ", "btcusdt", -0.25, 60_000), (None, None, None, None), ("okx", "BTC-USDT-SWAP", "-3", None)]
    assert positions_from_rows(rows, first_row=5) == [
        PositionInput("binance", "BTCUSDT", -0.25, 60_000.0, 5),
        PositionInput("okx", "BTC-USDT-SWAP", -3.0, row=7),
    ]
    assert positions_from_rows(rows, first_row=5)[1].where == "Positions row 7 (okx BTC-USDT-SWAP)"


@pytest.mark.parametrize("row, message", [
    (("binance", "BTCUSDT", None, None),
     "Positions row 9 (binance BTCUSDT), Contracts (short < 0): a number is required"),
    (("binance", "BTCUSDT", "-0,25", None),
     "Positions row 9 (binance BTCUSDT), Contracts (short < 0): '-0,25' is not a number"),
    (("binance", None, -1, None), "Positions row 9 (binance no contract): Contract is required"),
    ((None, "BTCUSDT", -1, None), "Positions row 9 (no venue BTCUSDT): Venue is required"),
    ((None, None, -1, None), "Positions row 9: a position needs its venue and contract"),
    (("binance", "BTCUSDT", -1, -5), "Positions row 9 (binance BTCUSDT), Entry price (optional): must be more than 0, "
                                     "got -5"),
])
def test_a_bad_position_cell_is_named(row, message):
    with pytest.raises(InputError) as raised:
        positions_from_rows([row], first_row=9)
    assert str(raised.value) == message


def test_settings_blanks_take_the_defaults():
    settings = settings_from_values([None] * len(SETTING_FIELDS), first_row=5)
    assert settings == Settings()
    values = [60, 0.0004, None, 5, 0.3, 2, 0.005, dt.datetime(2025, 1, 14, 8)]
    settings = settings_from_values(values, first_row=5)
    assert (settings.horizon_days, settings.leverage, settings.spot_fee_rate) == (60, 2, Settings().spot_fee_rate)
    assert settings.as_of == dt.datetime(2025, 1, 14, 8, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("offset, value, message", [
    (0, dt.date(2025, 3, 1), "Settings row 5, Horizon: 2025-03-01 is a date, not a number"),
    (5, "3x", "Settings row 10, Leverage: '3x' is not a number"),
    (7, "tomorrow", "Settings row 12, As of (UTC): 'tomorrow' is not a date"),
])
def test_a_bad_setting_is_named(offset, value, message):
    values = [None] * len(SETTING_FIELDS)
    values[offset] = value
    with pytest.raises(InputError) as raised:
        settings_from_values(values, first_row=5)
    assert str(raised.value) == message


def test_an_oldest_data_age_shorter_than_the_stale_age_is_named():
    """Stale after 200 hours, oldest data used 1 day: data would be dropped before it is stale, which no one means."""
    values = [None] * len(SETTING_FIELDS)
    names = [f.attribute for f in SETTING_FIELDS]
    values[names.index("stale_after_hours")], values[names.index("max_data_age_days")] = 200, 1
    row = 5 + names.index("max_data_age_days")
    with pytest.raises(InputError) as raised:
        settings_from_values(values, first_row=5)
    assert str(raised.value) == f"Settings row {row}, Oldest data used: must be at least Stale after (200 hours), got 1 days"


def test_the_fields_cover_the_records():
    assert [f.attribute for f in HOLDING_FIELDS] == [f.name for f in dataclasses.fields(HoldingInput)]
    assert [f.attribute for f in POSITION_FIELDS] == [f.name for f in dataclasses.fields(PositionInput)
                                                      if f.name != "row"]
    # where a position came from and the venue's own liquidation price are not typed: read from the venue
    assert {f.attribute for f in SETTING_FIELDS} == {f.name for f in dataclasses.fields(Settings)} - {
        "venue_maint_rates"}  # a block of its own below the settings


def test_plan_inputs_assets():
    inputs = PlanInputs((HoldingInput("ETH", 1), HoldingInput("BTC", 1), HoldingInput("ETH", 2)), Settings())
    assert inputs.assets == ["BTC", "ETH"]


def test_accounts_rows_venue_and_collateral():
    rows = [["Binance", 40_000], [None, None], ["okx", None], ["bybit", "12,5"]]
    with pytest.raises(InputError, match=r"Positions row 8 \(account bybit\), Collateral posted \(USD\): '12,5' is "
                                         "not a number"):
        accounts_from_rows(rows, first_row=5)
    accounts = accounts_from_rows(rows[:3], first_row=5)
    assert [(a.venue, a.collateral, a.row) for a in accounts[:1]] == [("binance", 40_000, 5)]
    assert accounts[1].venue == "okx" and accounts[1].collateral != accounts[1].collateral  # typed, not given: NaN


@pytest.mark.parametrize("rows, message", [
    ([[None, 1_000]], r"Positions row 5 \(account no venue\): collateral needs its venue"),
    ([["binance", -1]], r"must be 0 or more, got -1"),
    ([["binance", 1], ["BINANCE", 2]], r"Positions row 6 \(account binance\): binance is on row 5 already"),
])
def test_a_bad_account_row_is_named(rows, message):
    with pytest.raises(InputError, match=message):
        accounts_from_rows(rows, first_row=5)
