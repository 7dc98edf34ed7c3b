"""Calls: the business's call log and one call with its transcript and recording link."""

from __future__ import annotations

from datetime import datetime, timedelta

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.problems import Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.calls import (
    CallDetailOut,
    CallListParams,
    CallOut,
    CallPageOut,
    RecordingLinkOut,
    TurnOut,
)
from agentlocator.errors import ValidationFailed

_ORDERING = "started_at,desc"
LINK_LIFETIME = timedelta(minutes=15)


def list_calls(call: Call) -> CallPageOut:
    params = call.query_as(CallListParams)
    after: datetime | None = None
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor, size=1)
        if not isinstance(values[0], datetime):
            raise ValidationFailed("cursor", "not a cursor of this list")
        after = values[0]
    calls = call.ctx.services.repos.calls.list_for_business(
        call.ctx.business_id, limit=params.limit + 1, start_after=after
    )
    page = calls[: params.limit]
    more = len(calls) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].started_at]) if more else None
    return CallPageOut(items=[CallOut.of(c) for c in page], next_cursor=next_cursor)


def get_call(call: Call) -> CallDetailOut:
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    found = repos.calls.get_for_business(bid, call.path["call_sid"])
    turns = (
        repos.messages.list_for_call(bid, found.lead_id, found.call_sid) if found.lead_id else []
    )
    return CallDetailOut(call=CallOut.of(found), turns=[TurnOut.of(m) for m in turns])


def recording_link(call: Call) -> RecordingLinkOut:
    services = call.ctx.services
    found = services.repos.calls.get_for_business(call.ctx.business_id, call.path["call_sid"])
    recording = found.recording
    if (
        recording is None
        or recording.purged_at is not None
        or not recording.storage_uri
        or services.recording_links is None
    ):
        raise Refused("no_recording", "this call has no stored recording")
    now = services.clock.now()
    url = services.recording_links.signed_url(recording.storage_uri, LINK_LIFETIME, now)
    return RecordingLinkOut(
        url=url, expires_at=now + LINK_LIFETIME, duration_seconds=recording.duration_seconds
    )


ROUTES = [
    Route("GET", "/calls", list_calls, READ, "Call log, newest first", "calls",
          query=CallListParams, response=CallPageOut),
    Route("GET", "/calls/{call_sid}", get_call, READ,
          "One call with its transcript turns and recording link", "calls",
          response=CallDetailOut),
    Route("GET", "/calls/{call_sid}/recording", recording_link, READ,
          "A signed link (15 minutes) to play the call's recording; 409 when none is stored",
          "calls", response=RecordingLinkOut, errors=(409,)),
]  # fmt: skip
