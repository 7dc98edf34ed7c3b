from datetime import time

import pytest
from pydantic import ValidationError

from agentlocator.crm.appointments import lock_ids
from agentlocator.crm.leads import search_terms_for
from agentlocator.crm.models import Business, LeadDetails, OpeningHours
from agentlocator.errors import ValidationFailed


def test_business_defaults_are_the_israeli_week() -> None:
    business = Business(id="b", name="x")
    assert business.timezone == "Asia/Jerusalem"
    assert business.meeting_minutes == 30
    assert business.hours["sun"] == [OpeningHours(open=time(9), close=time(18))]
    assert business.hours["thu"] == [OpeningHours(open=time(9), close=time(18))]
    assert business.hours["fri"] == [OpeningHours(open=time(9), close=time(13))]
    assert business.hours["sat"] == []
    assert business.to_firestore()["hours"]["fri"] == [{"open": "09:00", "close": "13:00"}]
    assert business.recording_retention_days == 2


def test_hours_round_trip_through_firestore_strings() -> None:
    stored = Business(id="b", name="x").to_firestore()
    assert Business.model_validate(stored).hours == Business(id="b", name="x").hours


def test_closing_before_opening_is_rejected() -> None:
    with pytest.raises(ValidationError):
        OpeningHours(open=time(18), close=time(9))


@pytest.mark.parametrize("rooms", [1, 3.5, 4.0, 0.5])
def test_rooms_accepts_halves(rooms: float) -> None:
    assert LeadDetails(rooms=rooms).rooms == rooms


@pytest.mark.parametrize("rooms", [3.3, 0, 25])
def test_rooms_rejects_other_fractions(rooms: float) -> None:
    with pytest.raises(ValidationError):
        LeadDetails(rooms=rooms)


def test_present_drops_unknown_fields() -> None:
    assert LeadDetails(name="דנה", rooms=4).present() == {"name": "דנה", "rooms": 4}


def test_lock_cells_cover_the_meeting() -> None:
    from datetime import UTC, datetime

    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    end = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    cells = lock_ids("a1", start, end)
    assert cells[0] == "a1_20261201T0800" and cells[-1] == "a1_20261201T0825" and len(cells) == 6
    overlapping = lock_ids("a1", datetime(2026, 12, 1, 8, 20, tzinfo=UTC), end.replace(hour=9))
    assert set(cells) & set(overlapping)
    with pytest.raises(ValidationFailed):
        lock_ids("a1", end, start)


def test_search_terms_include_name_prefixes_and_local_phone() -> None:
    terms = search_terms_for("+972501234567", "דנה כהן")
    assert {"0501234567", "972501234567", "דנ", "דנה", "כה", "כהן"} <= set(terms)
