"""The call lifecycle's pure rules: caller ids, opening hours, recording merges."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from agentlocator.crm.models import Business, Recording
from agentlocator.telephony.call_lifecycle import _merged, caller_phone, is_open_at
from agentlocator.telephony.webhook_forms import RecordingStatusForm

JERUSALEM = ZoneInfo("Asia/Jerusalem")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+972501234567", "+972501234567"),
        ("050-123-4567", "+972501234567"),
        ("anonymous", None),
        ("+266696687", None),  # Twilio's "caller id withheld"
        ("", None),
    ],
)
def test_caller_phone(raw: str, expected: str | None) -> None:
    assert caller_phone(raw) == expected


@pytest.mark.parametrize(
    ("local", "is_open"),
    [
        (datetime(2026, 11, 22, 10, 0), True),  # Sunday morning
        (datetime(2026, 11, 22, 8, 59), False),  # before opening
        (datetime(2026, 11, 22, 18, 0), False),  # closing time is closed
        (datetime(2026, 11, 27, 12, 30), True),  # Friday, short day
        (datetime(2026, 11, 27, 13, 30), False),  # Friday afternoon
        (datetime(2026, 11, 28, 11, 0), False),  # Shabbat
        (datetime(2026, 9, 21, 11, 0), False),  # Yom Kippur 5787 (a Monday)
    ],
)
def test_is_open_at_default_israeli_week(local: datetime, is_open: bool) -> None:
    business = Business(id="b1", name="b")
    assert is_open_at(business, local.replace(tzinfo=JERUSALEM).astimezone(UTC)) is is_open


def _form(status: str, duration: str = "", start: str = "") -> RecordingStatusForm:
    return RecordingStatusForm.model_validate(
        {
            "CallSid": "CA" + "1" * 32,
            "AccountSid": "AC" + "0" * 32,
            "RecordingSid": "RE" + "2" * 32,
            "RecordingUrl": "https://api.twilio.com/r",
            "RecordingStatus": status,
            "RecordingDuration": duration,
            "RecordingStartTime": start,
        }
    )


def test_merge_keeps_what_an_earlier_callback_knew() -> None:
    earlier = Recording(
        sid="RE" + "2" * 32,
        status="in-progress",
        duration_seconds=None,
        storage_uri="gs://b/x.mp3",
        started_at=datetime(2026, 11, 24, 10, tzinfo=UTC),
    )
    merged = _merged(earlier, _form("completed", duration="30"))
    assert merged.status == "completed"
    assert merged.duration_seconds == 30
    assert merged.storage_uri == "gs://b/x.mp3"
    assert merged.started_at == earlier.started_at
