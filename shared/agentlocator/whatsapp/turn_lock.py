"""businesses/{bid}/whatsapp_turns/{lead}: one of Leah's WhatsApp turns per lead at a time.

People send bursts ("4 חדרים", "עד 3 מיליון" seconds apart) and Cloud Tasks runs their reply
tasks in parallel. Leah's turn reads the lead's dialogue state and writes it back, so two
parallel turns would lose one message's details. The first task *creates* this lock document
(create precondition, no read-then-write race); a second task for the same lead answers 503 and
Cloud Tasks retries it after the first turn is done. A lock whose holder died lapses after the
lease and is taken over with an update-time precondition.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from google.api_core.exceptions import AlreadyExists, FailedPrecondition, NotFound
from google.cloud import firestore


class LeadTurnLock:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _ref(self, business_id: str, lead_id: str) -> firestore.DocumentReference:
        ref: firestore.DocumentReference = (
            self._client.collection("businesses")
            .document(business_id)
            .collection("whatsapp_turns")
            .document(lead_id)
        )
        return ref

    def acquire(
        self, business_id: str, lead_id: str, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        """True when ``owner`` holds the lead's turn (again, for a retry of the same task)."""
        ref = self._ref(business_id, lead_id)
        try:
            ref.create({"owner": owner, "locked_at": now})
            return True
        except AlreadyExists:
            pass
        snap = ref.get()
        data: dict[str, Any] = snap.to_dict() or {}
        locked_at: datetime | None = data.get("locked_at")
        fresh = locked_at is not None and now < locked_at + lease
        if data.get("owner") != owner and fresh and snap.exists:
            return False
        try:
            if snap.exists:
                ref.update(
                    {"owner": owner, "locked_at": now},
                    option=self._client.write_option(last_update_time=snap.update_time),
                )
            else:  # released between our create and our read
                ref.create({"owner": owner, "locked_at": now})
        except (FailedPrecondition, NotFound, AlreadyExists):
            return False
        return True

    def release(self, business_id: str, lead_id: str, owner: str) -> None:
        """Delete the lock if ``owner`` still holds it (a takeover's lock is left alone)."""
        ref = self._ref(business_id, lead_id)
        snap = ref.get()
        if not snap.exists or (snap.to_dict() or {}).get("owner") != owner:
            return
        try:
            ref.delete(option=self._client.write_option(last_update_time=snap.update_time))
        except (FailedPrecondition, NotFound):
            pass
