"""What the purge needs from the outside world; adapters implement these, tests drive them
against the local Twilio stand-in, the GCS emulator and the Firestore emulator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal, Protocol

from agentlocator.crm.models import Call

# "deleted": this call removed it; "absent": it was already gone (a 404 counts as done).
DeleteOutcome = Literal["deleted", "absent"]


class CallSource(Protocol):
    def calls_with_live_recordings(self) -> Iterable[Call]:
        """Every call whose recording is not yet purged, page by page."""
        ...


class RetentionLookup(Protocol):
    def retention_days(self, business_id: str) -> int | None:
        """The business's chosen retention, or None when it has none (or no document)."""
        ...


class RecordingDeleter(Protocol):
    def delete_recording(self, recording_sid: str) -> DeleteOutcome:
        """Delete at Twilio; raise on any failure other than 'not found'."""
        ...


class StorageDeleter(Protocol):
    def delete_object(self, storage_uri: str) -> DeleteOutcome:
        """Delete the ``gs://bucket/name`` object; raise on any failure other than 'not found'."""
        ...


class CallMarker(Protocol):
    def mark_purged(self, call_sid: str, purged_at: datetime, reason: str) -> None:
        """Record on the call that its recording is gone (the transcript is left alone)."""
        ...


class RunLedger(Protocol):
    """One record per trigger event, keyed by the event id: the natural key of a delivery."""

    def claim(self, event_id: str, started_at: datetime, dry_run: bool) -> bool:
        """Create the event's record; False when it exists (a redelivery of a claimed event)."""
        ...

    def finish(self, event_id: str, finished_at: datetime, counts: dict[str, int]) -> None: ...

    def release(self, event_id: str) -> None:
        """Forget the claim after a crash, so the platform's retry of the event runs again."""
        ...
