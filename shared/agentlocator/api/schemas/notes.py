"""Notes on a lead: who wrote them and when (they also appear in the lead's timeline)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from agentlocator.api.schemas.common import Input, Output, QueryParams
from agentlocator.crm.notes import Note

NoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class NoteCreate(Input):
    text: NoteText


class NoteListParams(QueryParams):
    limit: int = Field(default=50, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class NoteOut(Output):
    id: str
    lead_id: str
    text: str
    author_uid: str | None
    author_name: str | None
    created_at: datetime

    @classmethod
    def of(cls, note: Note) -> NoteOut:
        return cls.model_validate(note.model_dump())


class NotePageOut(Output):
    """Newest first."""

    items: list[NoteOut]
    next_cursor: str | None
