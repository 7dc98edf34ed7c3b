"""businesses/{bid}/leads/{e164}/notes/{id}: staff notes with their author and time.

Ids start with the millisecond timestamp (like messages); pages are keyed by (created_at, id).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from google.cloud import firestore

from agentlocator.crm.models import FreeText, Model
from agentlocator.crm.paging import rows_since


class Note(Model):
    id: str
    business_id: str
    lead_id: str
    text: FreeText
    author_uid: str | None = None
    author_name: FreeText | None = None
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
        after: tuple[datetime, str] | None = None,
    ) -> list[Note]:
        """Up to ``limit`` notes, newest first, after the note with key ``after``."""
        notes = self.notes(business_id, lead_id)
        query = notes.order_by("created_at", direction=firestore.Query.DESCENDING).order_by(
            "__name__", direction=firestore.Query.DESCENDING
        )
        if after is not None:
            query = query.start_after(
                {"created_at": after[0], "__name__": notes.document(after[1])}
            )
        return [Note.model_validate(s.to_dict()) for s in query.limit(limit).stream()]

    def since(
        self,
        business_id: str,
        lead_id: str,
        since: datetime | None,
        limit: int,
        *,
        inclusive: bool = True,
        after_id: str | None = None,
    ) -> list[Note]:
        """Up to ``limit`` rows oldest first, from ``since`` on (``crm.paging.rows_since``)."""
        rows = self.notes(business_id, lead_id)
        return [
            Note.model_validate(row)
            for row in rows_since(rows, since, limit, inclusive=inclusive, after_id=after_id)
        ]
