"""Which recordings are due: pure functions of the call, the business's retention and now."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from agentlocator.crm.models import Call
from agentlocator.retention.policy import (
    MAX_RETENTION_DAYS,
    UNFINISHED_RECORDING_STATUSES,
    effective_retention_days,
)


@dataclass(frozen=True)
class PurgeCandidate:
    """One recording to delete: where it lives and why it is due."""

    call_sid: str
    business_id: str
    recording_sid: str
    storage_uri: str | None
    recorded_at: datetime
    retention_days: int

    @property
    def reason(self) -> str:
        return f"retention:{self.retention_days}d"


def recorded_at(call: Call) -> datetime:
    """When the recording's clock starts: the recording's own start, else the call's."""
    recording = call.recording
    if recording is not None and recording.started_at is not None:
        return recording.started_at
    return call.started_at


def due_for_purge(call: Call, retention_days: int, now: datetime) -> PurgeCandidate | None:
    """The candidate when ``call`` holds a live recording older than its retention, else None.

    A recording Twilio is still writing is kept until the legal maximum has passed: deleting it
    mid-call would fail at Twilio anyway, and past the maximum nothing may be kept."""
    recording = call.recording
    if recording is None or recording.purged_at is not None:
        return None
    days = effective_retention_days(retention_days)
    started = recorded_at(call)
    age = now - started
    if age < timedelta(days=days):
        return None
    if recording.status in UNFINISHED_RECORDING_STATUSES and age < timedelta(
        days=MAX_RETENTION_DAYS
    ):
        return None
    return PurgeCandidate(
        call_sid=call.call_sid,
        business_id=call.business_id,
        recording_sid=recording.sid,
        storage_uri=recording.storage_uri,
        recorded_at=started,
        retention_days=days,
    )


def select_due(
    calls: Iterable[Call], retention_days_for: Callable[[str], int], now: datetime
) -> Iterator[PurgeCandidate]:
    """The due candidates among ``calls``, lazily (calls arrive page by page)."""
    for call in calls:
        candidate = due_for_purge(call, retention_days_for(call.business_id), now)
        if candidate is not None:
            yield candidate
