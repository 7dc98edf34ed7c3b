"""One conversation per lead, oldest first: calls, their turns and WhatsApp messages together,
notes and meetings, in cursor pages.

Pages are keyed by (time, kind, id). Each source is read from just after the cursor's key
(limit + 1 rows), the rows are merged and the first ``limit`` kept: a row a source did not
return sorts after all of that source's returned rows, so it cannot belong in this page, and no
row is shown twice or skipped across pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.leads import LeadOut, TimelineItem, TimelineOut, TimelineParams
from agentlocator.errors import ValidationFailed

_ORDERING = "timeline,asc"
SortKey = tuple[datetime, str, str]


def _key(item: TimelineItem) -> SortKey:
    return (item.at, item.kind, item.id)


def _after(params: TimelineParams) -> SortKey | None:
    if not params.cursor:
        return None
    values = decode_cursor(_ORDERING, params.cursor)
    if (
        len(values) != 3
        or not isinstance(values[0], datetime)
        or not isinstance(values[1], str)
        or not isinstance(values[2], str)
    ):
        raise ValidationFailed("cursor", "not a cursor of this list")
    return (values[0], values[1], values[2])


def _resume(after: SortKey | None, kind: str) -> dict[str, Any]:
    """Where a source of ``kind`` resumes after the cursor's key (time, kind, id)."""
    if after is None:
        return {}
    _, after_kind, after_id = after
    if kind == after_kind:
        return {"after_id": after_id}
    return {"inclusive": kind > after_kind}  # same time: only kinds sorting later


def lead_timeline(call: Call) -> TimelineOut:
    params = call.query_as(TimelineParams)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    after = _after(params)
    since = after[0] if after else None
    fetch = params.limit + 1
    items: list[TimelineItem] = []
    for c in repos.calls.list_for_lead(bid, lead.id, limit=500):
        if since is None or c.started_at >= since:
            has_file = (
                c.recording is not None
                and c.recording.purged_at is None
                and bool(c.recording.storage_uri)
            )
            items.append(TimelineItem(
                kind="call", at=c.started_at, id=c.call_sid, title=c.status, channel="voice",
                call_sid=c.call_sid, duration_seconds=c.duration_seconds,
                has_recording=has_file, summary=c.summary,
            ))  # fmt: skip
    for m in repos.messages.list_since(bid, lead.id, since, fetch, **_resume(after, "message")):
        items.append(TimelineItem(
            kind="message", at=m.created_at, id=m.id or "", title=m.text, channel=m.channel,
            role=m.role, call_sid=m.call_sid,
        ))  # fmt: skip
    for n in repos.notes.since(bid, lead.id, since, fetch, **_resume(after, "note")):
        items.append(TimelineItem(
            kind="note", at=n.created_at, id=n.id, title=n.text, channel="note", role="agent",
            author_uid=n.author_uid, author_name=n.author_name,
        ))  # fmt: skip
    for a in repos.appointments.list_for_lead(bid, lead.id):
        if since is None or a.created_at >= since:
            items.append(TimelineItem(
                kind="appointment", at=a.created_at, id=a.id, title=a.status, start=a.start,
                end=a.end, agent_id=a.agent_id,
            ))  # fmt: skip
    items.sort(key=_key)
    if after is not None:
        items = [item for item in items if _key(item) > after]
    page = items[: params.limit]
    more = len(items) > params.limit
    next_cursor = encode_cursor(_ORDERING, list(_key(page[-1]))) if more else None
    return TimelineOut(lead=LeadOut.of(lead), items=page, next_cursor=next_cursor)


ROUTES = [
    Route("GET", "/leads/{lead_id}/timeline", lead_timeline, READ,
          "The lead's one conversation, oldest first: calls, messages (voice turns and "
          "WhatsApp), notes and meetings", "leads", query=TimelineParams, response=TimelineOut),
]  # fmt: skip
