"""Leads: list (filters, search, sort, cursor pages), create with dedup, update, merge."""

from __future__ import annotations

from typing import Any

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of, parse_search
from agentlocator.api.handlers.people import author_name, check_agent
from agentlocator.api.problems import Refused
from agentlocator.api.routing import Call, Route, is_safe_id
from agentlocator.api.schemas.leads import (
    LeadCreate,
    LeadListParams,
    LeadMerge,
    LeadOut,
    LeadPageOut,
    LeadUpdate,
)
from agentlocator.crm.lead_list import LeadFilter, order_fields
from agentlocator.crm.merge import merge_leads
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
        tag=params.tag,
        assigned_agent_id=params.assigned_agent_id,
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
    if body.assigned_agent_id is not None:
        check_agent(repos.businesses.get(bid), body.assigned_agent_id, "assigned_agent_id")
    now = call.ctx.services.clock.now()
    details = LeadDetails.model_validate(body.model_dump(include=set(_DETAIL_FIELDS)))
    lead, _ = repos.leads.upsert(bid, phone, details, source="manual", now=now,
                                 assigned_agent_id=body.assigned_agent_id)  # fmt: skip
    extra: dict[str, Any] = {}
    if body.status_id is not None:
        extra["status_id"] = body.status_id
    if body.tags:
        extra["tags"] = _clean_tags(body.tags)
    if extra:
        lead = repos.leads.update(bid, phone, extra, now=now)
    if body.note is not None:
        repos.notes.add(bid, phone, body.note, author_uid=call.ctx.principal.uid,
                        author_name=author_name(call), now=now)  # fmt: skip
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
    if changes.get("assigned_agent_id") is not None:
        check_agent(repos.businesses.get(bid), changes["assigned_agent_id"], "assigned_agent_id")
    if "tags" in changes:
        changes["tags"] = _clean_tags(changes["tags"] or [])
    now = call.ctx.services.clock.now()
    if body.add_note is not None:
        repos.notes.add(bid, lead.id, body.add_note, author_uid=call.ctx.principal.uid,
                        author_name=author_name(call), now=now)  # fmt: skip
    if not changes:
        return LeadOut.of(lead)
    return LeadOut.of(repos.leads.update(bid, lead.id, changes, now=now))


def merge_lead(call: Call) -> LeadOut:
    body = call.body_as(LeadMerge)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    keep = repos.leads.get(bid, lead_id_of(call.path["lead_id"]))
    duplicate_id = lead_id_of(body.duplicate_id)
    if duplicate_id == keep.id:
        raise Refused("merge_self", "a lead cannot be merged with itself")
    merged = merge_leads(repos, bid, keep.id, duplicate_id, now=call.ctx.services.clock.now())
    return LeadOut.of(merged)


def _clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, without repeats, in the order given."""
    return list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))


ROUTES = [
    Route("GET", "/leads", list_leads, READ, "List leads (filters, search, sort, cursor pages)",
          "leads", query=LeadListParams, response=LeadPageOut),
    Route("POST", "/leads", create_lead, READ,
          "Create a lead by hand (source manual; one lead per phone; round-robin agent unless "
          "one is given)", "leads", body=LeadCreate, response=LeadOut, status=201,
          errors=(404, 409)),
    Route("GET", "/leads/{lead_id}", get_lead, READ, "One lead", "leads", response=LeadOut),
    Route("PATCH", "/leads/{lead_id}", update_lead, READ,
          "Edit a lead (details, status, tags, agent; add_note adds a note)", "leads",
          body=LeadUpdate, response=LeadOut),
    Route("POST", "/leads/{lead_id}/merge", merge_lead, READ,
          "Merge another lead into this one: its notes, messages, calls, meetings and tasks "
          "move here and it is removed (repeating the call changes nothing)", "leads",
          body=LeadMerge, response=LeadOut, errors=(409,)),
]  # fmt: skip
