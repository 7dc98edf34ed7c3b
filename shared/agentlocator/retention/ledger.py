"""retention_runs/{eventId}: one document per trigger event (the run ledger of ``runs``).

Created with ``create`` (an exists=false precondition), so of two concurrent deliveries of one
event exactly one wins. ``expire_at`` is there for a Firestore TTL policy (7 days).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from google.api_core.exceptions import AlreadyExists
from google.api_core.exceptions import NotFound as GoogleNotFound

if TYPE_CHECKING:
    from google.cloud.firestore import Client

KEEP_RUN_RECORDS = timedelta(days=7)


def run_document_id(event_id: str) -> str:
    # Pub/Sub message ids are digits; anything else must not make a nested path.
    return event_id.replace("/", "_") or "_"


class FirestoreRunLedger:
    def __init__(self, client: Client) -> None:
        self._runs = client.collection("retention_runs")

    def claim(self, event_id: str, started_at: datetime, dry_run: bool) -> bool:
        try:
            self._runs.document(run_document_id(event_id)).create(
                {
                    "event_id": event_id,
                    "status": "running",
                    "dry_run": dry_run,
                    "started_at": started_at,
                    "expire_at": started_at + KEEP_RUN_RECORDS,
                }
            )
        except AlreadyExists:
            return False
        return True

    def finish(self, event_id: str, finished_at: datetime, counts: dict[str, int]) -> None:
        self._runs.document(run_document_id(event_id)).update(
            {"status": "done", "finished_at": finished_at, "counts": counts}
        )

    def release(self, event_id: str) -> None:
        try:
            self._runs.document(run_document_id(event_id)).delete()
        except GoogleNotFound:
            pass
