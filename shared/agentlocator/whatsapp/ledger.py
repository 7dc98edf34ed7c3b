"""businesses/{bid}/whatsapp_replies/{inbound external id}: who answers an inbound message.

Reply tasks can run more than once (Cloud Tasks is at-least-once; the emulator even runs tasks
with duplicate names). The first worker *creates* the claim document (a create precondition:
of 20 racing workers exactly one wins, with no read-then-write race); the others see it and
stop. A claim whose worker died is taken over after a lease, with an update-time precondition.
The claim then records Leah's reply text (so a takeover re-sends it rather than asking Leah a
second time) and finally the send itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists, FailedPrecondition, NotFound
from google.cloud import firestore

ClaimState = Literal["claimed", "generated", "sent"]


@dataclass(frozen=True)
class Claim:
    won: bool
    state: ClaimState
    reply_text: str | None = None
    reply_message_id: str | None = None


class ReplyLedger:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _ref(self, business_id: str, inbound_id: str) -> firestore.DocumentReference:
        ref: firestore.DocumentReference = (
            self._client.collection("businesses")
            .document(business_id)
            .collection("whatsapp_replies")
            .document(inbound_id)
        )
        return ref

    def claim(
        self, business_id: str, inbound_id: str, lead_id: str, now: datetime, lease: timedelta
    ) -> Claim:
        ref = self._ref(business_id, inbound_id)
        try:
            ref.create({"state": "claimed", "lead_id": lead_id, "claimed_at": now, "attempts": 1})
            return Claim(won=True, state="claimed")
        except AlreadyExists:
            pass
        snap = ref.get()
        data: dict[str, Any] = snap.to_dict() or {}
        state: ClaimState = data.get("state", "claimed")
        stored = Claim(
            won=False,
            state=state,
            reply_text=data.get("reply_text"),
            reply_message_id=data.get("reply_message_id"),
        )
        claimed_at: datetime | None = data.get("claimed_at")
        if state == "sent" or (claimed_at is not None and now < claimed_at + lease):
            return stored
        try:
            ref.update(
                {"claimed_at": now, "attempts": firestore.Increment(1)},
                option=self._client.write_option(last_update_time=snap.update_time),
            )
        except (FailedPrecondition, NotFound):
            return stored  # another worker took it over first
        return Claim(
            won=True,
            state=state,
            reply_text=stored.reply_text,
            reply_message_id=stored.reply_message_id,
        )

    def release(self, business_id: str, inbound_id: str) -> None:
        """Give the claim up after a failure, so the task's retry takes over at once instead
        of waiting out the lease."""
        self._ref(business_id, inbound_id).update({"claimed_at": None})

    def record_reply(
        self, business_id: str, inbound_id: str, text: str, reply_message_id: str
    ) -> None:
        self._ref(business_id, inbound_id).update(
            {"state": "generated", "reply_text": text, "reply_message_id": reply_message_id}
        )

    def record_sent(
        self,
        business_id: str,
        inbound_id: str,
        lead_id: str,
        reply_message_id: str,
        delivery: dict[str, Any],
    ) -> None:
        """Mark the claim sent and record the delivery on Leah's reply message itself."""
        batch = self._client.batch()
        batch.update(self._ref(business_id, inbound_id), {"state": "sent", "delivery": delivery})
        message = (
            self._client.collection("businesses")
            .document(business_id)
            .collection("leads")
            .document(lead_id)
            .collection("messages")
            .document(reply_message_id)
        )
        batch.update(message, {"delivery": delivery})
        batch.commit()

    def get(self, business_id: str, inbound_id: str) -> dict[str, Any] | None:
        snap = self._ref(business_id, inbound_id).get()
        return snap.to_dict() if snap.exists else None
