"""businesses/{bid}/leads/{e164}/messages/{id}: the conversation with a lead on every channel.

Ids start with the millisecond timestamp so id order is time order; a message with an
``external_id`` (Twilio MessageSid) uses it as the id and is created once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from google.api_core.exceptions import AlreadyExists
from google.api_core.exceptions import NotFound as GoogleNotFound
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Message
from agentlocator.crm.paging import rows_since
from agentlocator.errors import NotFound


def _time_ordered_id(message: Message) -> str:
    millis = int(message.created_at.timestamp() * 1000)
    return f"{millis:013d}-{uuid.uuid4().hex[:8]}"


class MessageRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _messages(self, business_id: str, lead_id: str) -> firestore.CollectionReference:
        return (
            self._client.collection("businesses")
            .document(business_id)
            .collection("leads")
            .document(lead_id)
            .collection("messages")
        )

    def append(self, message: Message) -> tuple[Message, bool]:
        """Store a message; with an ``external_id`` a second append of it is a no-op that
        returns the stored message. Returns (message, created)."""
        message_id = message.external_id or _time_ordered_id(message)
        stored = message.model_copy(update={"id": message_id})
        ref = self._messages(message.business_id, message.lead_id).document(message_id)
        try:
            ref.create(stored.to_firestore())
        except AlreadyExists:
            return Message.model_validate(ref.get().to_dict()), False
        return stored, True

    def get(self, business_id: str, lead_id: str, message_id: str) -> Message:
        snap = self._messages(business_id, lead_id).document(message_id).get()
        if not snap.exists:
            raise NotFound(f"message {message_id}")
        return Message.model_validate(snap.to_dict())

    def update_text(
        self,
        business_id: str,
        lead_id: str,
        message_id: str,
        text: str,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> None:
        """Rewrite a turn, e.g. Leah's reply cut to what the caller heard before barge-in."""
        ref = self._messages(business_id, lead_id).document(message_id)
        try:
            ref.update(
                {"text": text, "interrupted": interrupted, "heard_confirmed": heard_confirmed}
            )
        except GoogleNotFound as exc:  # update's exists precondition: one round trip, not two
            raise NotFound(f"message {message_id}") from exc

    def list_recent(self, business_id: str, lead_id: str, limit: int = 50) -> list[Message]:
        """The last ``limit`` messages, oldest first."""
        query = (
            self._messages(business_id, lead_id)
            .order_by("created_at", direction=firestore.Query.DESCENDING)
            .limit(limit)
        )
        recent = [Message.model_validate(s.to_dict()) for s in query.stream()]
        return list(reversed(recent))

    def list_since(
        self,
        business_id: str,
        lead_id: str,
        since: datetime | None,
        limit: int,
        *,
        inclusive: bool = True,
        after_id: str | None = None,
    ) -> list[Message]:
        """Up to ``limit`` rows oldest first, from ``since`` on (``crm.paging.rows_since``)."""
        rows = self._messages(business_id, lead_id)
        return [
            Message.model_validate(row)
            for row in rows_since(rows, since, limit, inclusive=inclusive, after_id=after_id)
        ]

    def list_for_call(self, business_id: str, lead_id: str, call_sid: str) -> list[Message]:
        query = self._messages(business_id, lead_id).where(
            filter=FieldFilter("call_sid", "==", call_sid)
        )
        return sorted(
            (Message.model_validate(s.to_dict()) for s in query.stream()),
            key=lambda m: (m.created_at, m.id or ""),
        )
