"""Appointments: by date range (and agent), book, move, cancel.

Booking moves the lead to "נקבעה פגישה"; cancelling its last upcoming meeting moves it back to
"בטיפול", so the board never shows a meeting that is not there.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of
from agentlocator.api.handlers.people import check_agent
from agentlocator.api.problems import Invalid, Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.appointments import (
    AppointmentCreate,
    AppointmentListOut,
    AppointmentMove,
    AppointmentOut,
    AppointmentRange,
)
from agentlocator.crm.models import Appointment, Business, Lead
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.texts_he import DEFAULT_STATUS_ID
from agentlocator.crm.vocabulary import StatusId
from agentlocator.errors import Conflict, NotFound, ValidationFailed
from agentlocator.notices.jobs import meeting_change_job
from agentlocator.phones import display_phone

log = logging.getLogger(__name__)

MAX_MEETING = timedelta(hours=12)
MEETING_SET_STATUS_ID = StatusId.MEETING_SET
AFTER_CANCEL_STATUS_ID = StatusId.IN_PROGRESS
# Statuses a booking may move a lead out of (staff choices like "closed" stay).
_BOOKING_MOVES_FROM = {DEFAULT_STATUS_ID, AFTER_CANCEL_STATUS_ID}
_ORDERING = "appointments,start,asc"


def _agent_of(business: Business, agent_id: str | None) -> str:
    active = [a.id for a in business.agents if a.active]
    if agent_id is None:
        if not active:
            raise NotFound("agent")
        return active[0]
    return check_agent(business, agent_id, "agent_id")  # a 404 would say the meeting was gone


def _end_of(business: Business, start: datetime, end: datetime | None) -> datetime:
    end = end or start + timedelta(minutes=business.meeting_minutes)
    if end <= start:
        raise Invalid("end", "must be after start", reason="end")
    if end - start > MAX_MEETING:
        raise Invalid("end", "a meeting lasts at most 12 hours", reason="end")
    return end


def _out(
    appointment: Appointment, business: Business, lead: Lead | None, **extra: str | None
) -> AppointmentOut:
    agents = {a.id: a.name for a in business.agents}
    return AppointmentOut.of(
        appointment,
        agent_name=agents.get(appointment.agent_id),
        lead_name=lead.name if lead else None,
        lead_phone_display=display_phone(lead.phone) if lead else None,
        **extra,
    )


def _lead_or_none(repos: Repositories, business_id: str, lead_id: str) -> Lead | None:
    try:
        return repos.leads.get(business_id, lead_id)
    except NotFound:
        return None


def list_appointments(call: Call) -> AppointmentListOut:
    params = call.query_as(AppointmentRange)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
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
    found = repos.appointments.page_range(
        bid, params.start, params.end, include_cancelled=params.include_cancelled,
        agent_id=params.agent_id, limit=params.limit + 1, after=after,
    )  # fmt: skip
    page = found[: params.limit]
    more = len(found) > params.limit
    business = repos.businesses.get(bid)
    lead_ids = sorted({a.lead_id for a in page})
    refs = [repos.leads.ref(bid, lead_id) for lead_id in lead_ids]
    leads = {
        snap.id: Lead.model_validate(snap.to_dict())
        for snap in (repos.client.get_all(refs) if refs else [])
        if snap.exists
    }
    next_cursor = encode_cursor(_ORDERING, [page[-1].start, page[-1].id]) if more else None
    return AppointmentListOut(
        items=[_out(a, business, leads.get(a.lead_id)) for a in page], next_cursor=next_cursor
    )


def create_appointment(call: Call) -> AppointmentOut:
    body = call.body_as(AppointmentCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    business = repos.businesses.get(bid)
    lead = repos.leads.get(bid, lead_id_of(body.lead_id))
    agent_id = _agent_of(business, body.agent_id)
    end = _end_of(business, body.start, body.end)
    now = call.ctx.services.clock.now()
    try:
        booked = repos.appointments.book(
            bid, lead.id, agent_id, body.start, end, notes=body.notes, source="crm", now=now
        )
    except Conflict as exc:
        raise Refused("slot_taken", "slot already booked") from exc
    if lead.status_id in _BOOKING_MOVES_FROM and _has_status(repos, bid, MEETING_SET_STATUS_ID):
        lead = repos.leads.update(bid, lead.id, {"status_id": MEETING_SET_STATUS_ID}, now=now)
    return _out(booked, business, lead, lead_status_id=lead.status_id)


def move_appointment(call: Call) -> AppointmentOut:
    body = call.body_as(AppointmentMove)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    current = repos.appointments.get(bid, call.path["appointment_id"])
    business = repos.businesses.get(bid)
    agent_id = _agent_of(business, body.agent_id) if body.agent_id else current.agent_id
    if body.end is None:
        end = body.start + (current.end - current.start)
    else:
        end = _end_of(business, body.start, body.end)
    if current.status == "cancelled":
        raise Refused("appointment_cancelled", "appointment is cancelled")
    try:
        moved = repos.appointments.move(
            bid, current.id, body.start, end, agent_id, now=call.ctx.services.clock.now()
        )
    except Conflict as exc:
        raise Refused("slot_taken", "slot already booked") from exc
    _tell_of_change(call, moved, current.start)
    return _out(moved, business, _lead_or_none(repos, bid, moved.lead_id))


def cancel_appointment(call: Call) -> AppointmentOut:
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    now = call.ctx.services.clock.now()
    cancelled = repos.appointments.cancel(bid, call.path["appointment_id"], now=now)
    _tell_of_change(call, cancelled, None)
    business = repos.businesses.get(bid)
    lead = _lead_or_none(repos, bid, cancelled.lead_id)
    if lead is not None and lead.status_id == MEETING_SET_STATUS_ID:
        upcoming = [
            a for a in repos.appointments.list_for_lead(bid, lead.id)
            if a.status == "scheduled" and a.end > now
        ]  # fmt: skip
        if not upcoming:
            target = (
                AFTER_CANCEL_STATUS_ID
                if _has_status(repos, bid, AFTER_CANCEL_STATUS_ID)
                else DEFAULT_STATUS_ID
            )
            lead = repos.leads.update(bid, lead.id, {"status_id": target}, now=now)
    return _out(cancelled, business, lead, lead_status_id=lead.status_id if lead else None)


def _tell_of_change(call: Call, meeting: Appointment, previous_start: datetime | None) -> None:
    """Queue the agent's and the lead's messages about this change (``notice_task`` sends
    them once per version). The change stands even if the queue fails: it is logged."""
    outbox = call.ctx.services.notices
    if outbox is None:
        return
    try:
        outbox.enqueue(meeting_change_job(meeting, previous_start))
    except Exception:  # the meeting already moved; a 500 would read as if it had not
        log.exception("notice of meeting %s v%s not queued", meeting.id, meeting.version)


def _has_status(repos: Repositories, business_id: str, status_id: str) -> bool:
    try:
        repos.statuses.get(business_id, status_id)
    except NotFound:
        return False
    return True


ROUTES = [
    Route("GET", "/appointments", list_appointments, READ,
          "Meetings starting in [start, end), by start (a day or a week; one agent or all)",
          "appointments", query=AppointmentRange, response=AppointmentListOut),
    Route("POST", "/appointments", create_appointment, READ,
          "Book a meeting for a lead (the lead moves to 'meeting set')", "appointments",
          body=AppointmentCreate, response=AppointmentOut, status=201, errors=(404, 409)),
    Route("PATCH", "/appointments/{appointment_id}", move_appointment, READ,
          "Move a meeting (atomically: the new time is taken and the old one freed)",
          "appointments", body=AppointmentMove, response=AppointmentOut, errors=(409,)),
    Route("POST", "/appointments/{appointment_id}/cancel", cancel_appointment, READ,
          "Cancel a meeting (frees its time; a lead with no other upcoming meeting leaves "
          "'meeting set')", "appointments", response=AppointmentOut),
]  # fmt: skip
