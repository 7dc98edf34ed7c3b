"""Which recordings are due: per-business retention, the default, the cap, unfinished ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.crm.models import Call, Recording
from agentlocator.retention.policy import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    effective_retention_days,
)
from agentlocator.retention.selection import due_for_purge, recorded_at, select_due

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _call(
    sid: str,
    age: timedelta,
    business: str = "b1",
    status: str | None = "completed",
    purged: bool = False,
    recording_started: bool = True,
    storage_uri: str | None = "gs://bucket/rec.mp3",
) -> Call:
    started = NOW - age
    recording = Recording(
        sid="RE" + sid,
        status=status,
        storage_uri=storage_uri,
        started_at=started if recording_started else None,
        purged_at=NOW - timedelta(hours=1) if purged else None,
    )
    return Call(
        call_sid=sid,
        business_id=business,
        from_phone="+972501234567",
        to_phone="+97237630000",
        started_at=started,
        created_at=started,
        recording=recording,
    )


def test_default_and_maximum_are_two_days() -> None:
    assert DEFAULT_RETENTION_DAYS == MAX_RETENTION_DAYS == 2
    assert effective_retention_days(None) == 2


@pytest.mark.parametrize(("chosen", "applied"), [(0, 0), (1, 1), (2, 2), (3, 2), (30, 2), (-1, 0)])
def test_a_choice_above_the_maximum_is_clamped(chosen: int, applied: int) -> None:
    assert effective_retention_days(chosen) == applied


def test_older_than_retention_is_due_and_younger_is_kept() -> None:
    old = due_for_purge(_call("CA1", timedelta(hours=48, seconds=1)), 2, NOW)
    young = due_for_purge(_call("CA2", timedelta(hours=47, minutes=59)), 2, NOW)
    assert old is not None and young is None
    assert old.recording_sid == "RECA1"
    assert old.storage_uri == "gs://bucket/rec.mp3"
    assert old.reason == "retention:2d"


def test_exactly_at_the_boundary_is_due() -> None:
    assert due_for_purge(_call("CA1", timedelta(days=2)), 2, NOW) is not None


def test_a_shorter_business_retention_purges_sooner() -> None:
    call = _call("CA1", timedelta(hours=25))
    assert due_for_purge(call, 2, NOW) is None
    candidate = due_for_purge(call, 1, NOW)
    assert candidate is not None and candidate.reason == "retention:1d"


def test_a_stored_retention_above_the_cap_cannot_keep_a_recording() -> None:
    assert due_for_purge(_call("CA1", timedelta(days=2, minutes=1)), 30, NOW) is not None


def test_already_purged_and_recordingless_calls_are_never_due() -> None:
    purged = _call("CA1", timedelta(days=10), purged=True)
    bare = _call("CA2", timedelta(days=10)).model_copy(update={"recording": None})
    assert due_for_purge(purged, 2, NOW) is None
    assert due_for_purge(bare, 2, NOW) is None


def test_age_falls_back_to_the_call_start_when_the_recording_has_none() -> None:
    call = _call("CA1", timedelta(days=3), recording_started=False)
    assert recorded_at(call) == call.started_at
    assert due_for_purge(call, 2, NOW) is not None


def test_an_unfinished_recording_waits_for_the_maximum_under_a_zero_day_retention() -> None:
    running = _call("CA1", timedelta(minutes=3), status="in-progress")
    finished = _call("CA2", timedelta(minutes=3), status="completed")
    stuck = _call("CA3", timedelta(days=2, minutes=1), status="processing")
    assert due_for_purge(running, 0, NOW) is None
    assert due_for_purge(finished, 0, NOW) is not None
    assert due_for_purge(stuck, 0, NOW) is not None


def test_select_due_applies_each_business_retention() -> None:
    calls = [
        _call("CA1", timedelta(hours=30), business="short"),
        _call("CA2", timedelta(hours=30), business="default"),
        _call("CA3", timedelta(hours=50), business="default"),
    ]
    days = {"short": 1, "default": 2}
    due = list(select_due(calls, days.__getitem__, NOW))
    assert [c.call_sid for c in due] == ["CA1", "CA3"]
