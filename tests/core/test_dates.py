import datetime as dt

import numpy as np
import pytest

from hedgebook.core import days_to_expiry, from_epoch_ms, from_excel_serial, to_excel_serial

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "value, serial",
    [
        (dt.date(2025, 1, 1), 45658.0),
        (dt.datetime(2025, 1, 1, 12, 0), 45658.5),  # naive = UTC
        (dt.datetime(2025, 1, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))), 45658.5),
        (np.datetime64("2025-01-01T06:00"), 45658.25),
        (45658.0, 45658.0),
    ],
)
def test_excel_serial(value, serial):
    assert to_excel_serial(value) == serial


def test_round_trips():
    assert from_excel_serial(45658.5) == dt.datetime(2025, 1, 1, 12, tzinfo=UTC)
    assert from_epoch_ms(1735689600000) == dt.datetime(2025, 1, 1, tzinfo=UTC)


def test_days_to_expiry_mixed_inputs():
    # Binance quarterlies expire 08:00 UTC
    assert days_to_expiry(dt.datetime(2025, 3, 28, 8), dt.date(2025, 3, 27)) == pytest.approx(1 + 8 / 24)
    assert days_to_expiry(45658 + 73, dt.date(2025, 1, 1)) == 73
    np.testing.assert_allclose(days_to_expiry([dt.date(2025, 1, 11), 45678.0], dt.date(2025, 1, 1)), [10, 20])


def test_days_to_expiry_rejects_text():
    with pytest.raises(ValueError, match="expiry: expected a date, got 'soon'"):
        days_to_expiry("soon", dt.date(2025, 1, 1))
