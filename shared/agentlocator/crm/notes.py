"""businesses/{bid}/leads/{e164}/notes/{id}: staff notes with their author and time.

Ids start with the millisecond timestamp (like messages), so id order is time order and a
cursor needs only the id.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Model


class Note(Model):
    id: str
    business_id: str
    lead_id: str
    text: str
    author_uid: str | None = None
    author_name: str | None = None
    created_at: datetime


def time_ordered_id(at: datetime) -> str:
    return f"{int(at.timestamp() * 1000):013d}-{uuid.uuid4().hex[:8]}"


class NoteRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def notes(self, business_id: str, lead_id: str) -> firestore.CollectionReference:
        return (
            self._client.collection("businesses")
            .document(business_id)
            .collection("leads")
            .document(lead_id)
            .collection("notes")
        )

    def add(
        self,
        business_id: str,
        lead_id: str,
        text: str,
        *,
        author_uid: str | None,
        author_name: str | None,
        now: datetime,
    ) -> Note:
        note = Note(
            id=time_ordered_id(now),
            business_id=business_id,
            lead_id=lead_id,
            text=text,
            author_uid=author_uid,
            author_name=author_name,
            created_at=now,
        )
        self.notes(business_id, lead_id).document(note.id).create(note.to_firestore())
        return note

    def page(
        self,
        business_id: str,
        lead_id: str,
        *,
        limit: int,
        after_id: str | None = None,
        newest_first: bool = True,
    ) -> list[Note]:
        """Up to ``limit`` notes after the note ``after_id`` (ids are time-ordered)."""
        direction = firestore.Query.DESCENDING if newest_first else firestore.Query.ASCENDING
        query = self.notes(business_id, lead_id).order_by("__name__", direction=direction)
        if after_id is not None:
            query = query.start_after(
                {"__name__": self.notes(business_id, lead_id).document(after_id)}
            )
        return [Note.model_validate(s.to_dict()) for s in query.limit(limit).stream()]

    def since(
        self, business_id: str, lead_id: str, since: datetime | None, limit: int
    ) -> list[Note]:
        """Up to ``limit`` notes from ``since`` on (inclusive), oldest first."""
        query = self.notes(business_id, lead_id).order_by("created_at").order_by("__name__")
        if since is not None:
            query = query.where(filter=FieldFilter("created_at", ">=", since))
        return [Note.model_validate(s.to_dict()) for s in query.limit(limit).stream()]
