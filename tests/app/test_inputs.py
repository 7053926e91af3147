"""Holdings and settings from rows of typed cells."""

import dataclasses
import datetime as dt

import pytest

from hedgebook.app.inputs import (
    DEFAULT_VENUE,
    HOLDING_FIELDS,
    SETTING_FIELDS,
    HoldingInput,
    InputError,
    PlanInputs,
    Settings,
    holdings_from_rows,
    settings_from_values,
)


def test_holdings_rows_with_blanks_and_empty_rows():
    rows = [("btc", 1.0833, 20_000, None, " Binance ", 0.5), (None, None, None, None, None, None),
            ("ETH", "11.6667", None, -1_000, None, 0.5)]
    holdings = holdings_from_rows(rows, first_row=5)
    assert holdings == [
        HoldingInput("BTC", 1.0833, 20_000.0, 0.0, "binance", 0.5),
        HoldingInput("ETH", 11.6667, 0.0, -1_000.0, DEFAULT_VENUE, 0.5),
    ]


@pytest.mark.parametrize("row, message", [
    (("ETH", 1, "1,500", None, None, 0.5), "Holdings row 6 (ETH), Cost basis (USD/coin): '1,500' is not a number"),
    (("ETH", dt.datetime(2025, 1, 14), 0, None, None, 0.5),
     "Holdings row 6 (ETH), Quantity (coins): 2025-01-14 is a date, not a number"),
    (("ETH", 1, 0, True, None, 0.5), "Holdings row 6 (ETH), Futures position (USD, short < 0): TRUE is not a number"),
    (("ETH", 1, 0, None, None, "half"), "Holdings row 6 (ETH), Target weight: 'half' is not a number"),
])
def test_a_bad_holding_cell_is_named_by_sheet_row_asset_column_and_value(row, message):
    with pytest.raises(InputError) as raised:
        holdings_from_rows([row], first_row=6)
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


def test_the_fields_cover_the_records():
    assert [f.attribute for f in HOLDING_FIELDS] == [f.name for f in dataclasses.fields(HoldingInput)]
    assert {f.attribute for f in SETTING_FIELDS} == {f.name for f in dataclasses.fields(Settings)}


def test_plan_inputs_assets():
    inputs = PlanInputs((HoldingInput("ETH", 1), HoldingInput("BTC", 1), HoldingInput("ETH", 2)), Settings())
    assert inputs.assets == ["BTC", "ETH"]
