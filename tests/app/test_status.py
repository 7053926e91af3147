"""A holding's order status: its kind and reason, and the text a person reads."""

import pickle

import pytest

from hedgebook.app.status import OK, ORDER_OK, UNHEDGED, WITHHELD, Status


def test_a_status_is_its_kind_and_reason_and_reads_as_text():
    status = Status(WITHHELD, "suspect: mark 600 is 99% from the reference 60,000 (limit 5%)")
    assert (status.kind, status.withheld, status.unhedged, status.ok) == (WITHHELD, True, False, False)
    assert status == "withheld: suspect: mark 600 is 99% from the reference 60,000 (limit 5%)"
    assert Status(UNHEDGED, "a stablecoin").unhedged and str(ORDER_OK) == "ok" and ORDER_OK.kind == OK


def test_a_status_survives_a_trip_through_pickle():
    status = Status(UNHEDGED, "no venue")
    copy = pickle.loads(pickle.dumps(status))
    assert (copy.kind, copy.reason, copy) == (UNHEDGED, "no venue", "no hedge: no venue")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown order status 'maybe'"):
        Status("maybe")
