"""Notes on a lead, with their author and time."""

from __future__ import annotations

from datetime import datetime

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of
from agentlocator.api.handlers.people import author_name
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.notes import NoteCreate, NoteListParams, NoteOut, NotePageOut
from agentlocator.errors import ValidationFailed

_ORDERING = "notes,desc"


def list_notes(call: Call) -> NotePageOut:
    params = call.query_as(NoteListParams)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    after: tuple[datetime, str] | None = None
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor)
        if (
            len(values) != 2
            or not isinstance(values[0], datetime)
            or not isinstance(values[1], str)
        ):
            raise ValidationFailed("cursor", "not a cursor of this list")
        after = (values[0], values[1])
    found = repos.notes.page(bid, lead.id, limit=params.limit + 1, after=after)
    page = found[: params.limit]
    more = len(found) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].created_at, page[-1].id]) if more else None
    return NotePageOut(items=[NoteOut.of(n) for n in page], next_cursor=next_cursor)


def add_note(call: Call) -> NoteOut:
    body = call.body_as(NoteCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    note = repos.notes.add(
        bid,
        lead.id,
        body.text,
        author_uid=call.ctx.principal.uid,
        author_name=author_name(call),
        now=call.ctx.services.clock.now(),
    )
    return NoteOut.of(note)


ROUTES = [
    Route("GET", "/leads/{lead_id}/notes", list_notes, READ, "Notes of a lead, newest first",
          "notes", query=NoteListParams, response=NotePageOut),
    Route("POST", "/leads/{lead_id}/notes", add_note, READ,
          "Add a note (the signed-in person is its author)", "notes", body=NoteCreate,
          response=NoteOut, status=201),
]  # fmt: skip
