"""Leads: list (filters, search, sort, cursor pages), create with dedup, update, timeline."""

from __future__ import annotations

from typing import Any

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of, parse_search
from agentlocator.api.problems import Refused
from agentlocator.api.routing import Call, Route, is_safe_id
from agentlocator.api.schemas.leads import (
    LeadCreate,
    LeadListParams,
    LeadOut,
    LeadPageOut,
    LeadUpdate,
    TimelineItem,
    TimelineOut,
)
from agentlocator.crm.lead_list import LeadFilter, order_fields
from agentlocator.crm.models import LeadDetails
from agentlocator.errors import NotFound, ValidationFailed
from agentlocator.phones import normalize_phone

_DETAIL_FIELDS = tuple(LeadDetails.model_fields)


def list_leads(call: Call) -> LeadPageOut:
    params = call.query_as(LeadListParams)
    term, prefix, extra = parse_search(params.q) if params.q else (None, None, ())
    lead_filter = LeadFilter(
        status_id=params.status,
        source=params.source,
        created_from=params.created_from,
        created_to=params.created_to,
        search_term=term,
        phone_prefix=prefix,
        extra_terms=extra,
    )
    ordering = ",".join([*order_fields(params.sort, lead_filter), params.order])
    after = None
    if params.cursor:
        fields = order_fields(params.sort, lead_filter)
        after = decode_cursor(ordering, params.cursor, size=len(fields) + 1)
        if not (isinstance(after[-1], str) and is_safe_id(after[-1])):  # the last row's id
            raise ValidationFailed("cursor", "not a cursor of this list")
    page = call.ctx.services.lead_list.page(
        call.ctx.business_id,
        lead_filter,
        sort=params.sort,
        order=params.order,
        limit=params.limit,
        after=after,
    )
    next_cursor = encode_cursor(ordering, page.next_after) if page.next_after else None
    return LeadPageOut(items=[LeadOut.of(lead) for lead in page.leads], next_cursor=next_cursor)


def create_lead(call: Call) -> LeadOut:
    body = call.body_as(LeadCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    phone = normalize_phone(body.phone)
    try:
        repos.leads.get(bid, phone)
    except NotFound:
        pass
    else:
        raise Refused("duplicate_lead", "a lead with this phone exists", existing_id=phone)
    if body.status_id is not None:
        repos.statuses.get(bid, body.status_id)
    details = LeadDetails.model_validate(body.model_dump(include=set(_DETAIL_FIELDS)))
    lead, _ = repos.leads.upsert(bid, phone, details, source="manual", note=body.note)
    if body.status_id is not None:
        lead = repos.leads.set_status(bid, phone, body.status_id)
    return LeadOut.of(lead)


def get_lead(call: Call) -> LeadOut:
    lead = call.ctx.services.repos.leads.get(call.ctx.business_id, lead_id_of(call.path["lead_id"]))
    return LeadOut.of(lead)


def update_lead(call: Call) -> LeadOut:
    body = call.body_as(LeadUpdate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"add_note"})
    for not_nullable in ("status_id", "wants_callback"):
        if changes.get(not_nullable, "") is None:
            del changes[not_nullable]
    if "status_id" in changes:
        repos.statuses.get(bid, changes["status_id"])
    if body.add_note is not None:
        changes["notes"] = [*lead.notes, body.add_note]
    if not changes:
        return LeadOut.of(lead)
    return LeadOut.of(repos.leads.update(bid, lead.id, changes))


def lead_timeline(call: Call) -> TimelineOut:
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    items: list[TimelineItem] = []
    for c in repos.calls.list_for_lead(bid, lead.id):
        title = c.status + (f" · {c.duration_seconds}s" if c.duration_seconds else "")
        items.append(
            TimelineItem(
                kind="call",
                at=c.started_at,
                id=c.call_sid,
                title=title,
                channel="voice",
                call_sid=c.call_sid,
            )
        )
    for m in repos.messages.list_recent(bid, lead.id, limit=200):
        items.append(
            TimelineItem(
                kind="message",
                at=m.created_at,
                id=m.id or "",
                title=m.text[:200],
                channel=m.channel,
                role=m.role,
                call_sid=m.call_sid,
            )
        )
    for a in repos.appointments.list_for_lead(bid, lead.id):
        items.append(TimelineItem(kind="appointment", at=a.start, id=a.id, title=a.status))
    items.sort(key=lambda item: (item.at, item.kind, item.id), reverse=True)
    return TimelineOut(lead=LeadOut.of(lead), items=items)


ROUTES = [
    Route("GET", "/leads", list_leads, READ, "List leads (filters, search, sort, cursor pages)",
          "leads", query=LeadListParams, response=LeadPageOut),
    Route("POST", "/leads", create_lead, READ, "Create a lead by hand (one lead per phone)",
          "leads", body=LeadCreate, response=LeadOut, status=201, errors=(404, 409)),
    Route("GET", "/leads/{lead_id}", get_lead, READ, "One lead", "leads", response=LeadOut),
    Route("PATCH", "/leads/{lead_id}", update_lead, READ, "Edit a lead (details, status, notes)",
          "leads", body=LeadUpdate, response=LeadOut),
    Route("GET", "/leads/{lead_id}/timeline", lead_timeline, READ,
          "Calls, messages and appointments of a lead, newest first", "leads",
          response=TimelineOut),
]  # fmt: skip
