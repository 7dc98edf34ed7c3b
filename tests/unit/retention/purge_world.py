"""Ports for the purge's unit tests: plain objects holding the state of Firestore, Twilio and
Cloud Storage (the integration tests run the same service against the real peers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from agentlocator.crm.models import Call, Recording
from agentlocator.retention.ports import DeleteOutcome

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@dataclass
class World:
    calls: dict[str, Call] = field(default_factory=dict)
    twilio: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    retention: dict[str, int] = field(default_factory=dict)
    failing_twilio: set[str] = field(default_factory=set)
    twilio_deletes: list[str] = field(default_factory=list)

    # CallSource
    def calls_with_live_recordings(self) -> Iterable[Call]:
        for call in list(self.calls.values()):
            if call.recording is not None and call.recording.purged_at is None:
                yield call

    # RetentionLookup
    def retention_days(self, business_id: str) -> int | None:
        return self.retention.get(business_id)

    # RecordingDeleter
    def delete_recording(self, recording_sid: str) -> DeleteOutcome:
        self.twilio_deletes.append(recording_sid)
        if recording_sid in self.failing_twilio:
            self.failing_twilio.discard(recording_sid)  # fails once
            raise RuntimeError("HTTP 503 from Twilio")
        if recording_sid not in self.twilio:
            return "absent"
        self.twilio.discard(recording_sid)
        return "deleted"

    # StorageDeleter
    def delete_object(self, storage_uri: str) -> DeleteOutcome:
        if storage_uri not in self.objects:
            return "absent"
        self.objects.discard(storage_uri)
        return "deleted"

    # CallMarker
    def mark_purged(self, call_sid: str, purged_at: datetime, reason: str) -> None:
        call = self.calls[call_sid]
        assert call.recording is not None
        recording = call.recording.model_copy(
            update={"purged_at": purged_at, "purge_reason": reason}
        )
        self.calls[call_sid] = call.model_copy(update={"recording": recording})

    def add(self, sid: str, business: str, age: timedelta, stored: bool = True) -> None:
        started = NOW - age
        uri = f"gs://rec/{sid}.mp3" if stored else None
        self.calls[sid] = Call(
            call_sid=sid,
            business_id=business,
            from_phone="+972501234567",
            to_phone="+97237630000",
            started_at=started,
            created_at=started,
            recording=Recording(
                sid="RE" + sid, storage_uri=uri, started_at=started, status="completed"
            ),
        )
        self.twilio.add("RE" + sid)
        if uri:
            self.objects.add(uri)
