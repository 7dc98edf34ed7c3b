"""Appointments: by date range, book, move, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta

from agentlocator.api.auth import READ
from agentlocator.api.handlers.ids import lead_id_of
from agentlocator.api.problems import Invalid, Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.appointments import (
    AppointmentCreate,
    AppointmentListOut,
    AppointmentMove,
    AppointmentOut,
    AppointmentRange,
)
from agentlocator.crm.models import Business
from agentlocator.errors import Conflict, NotFound

MAX_MEETING = timedelta(hours=12)


def _agent_of(business: Business, agent_id: str | None) -> str:
    active = [a.id for a in business.agents if a.active]
    if agent_id is None:
        if not active:
            raise NotFound("agent")
        return active[0]
    if agent_id not in {a.id for a in business.agents}:
        raise NotFound("agent")
    return agent_id


def _end_of(business: Business, start: datetime, end: datetime | None) -> datetime:
    end = end or start + timedelta(minutes=business.meeting_minutes)
    if end <= start:
        raise Invalid("end", "must be after start", reason="end")
    if end - start > MAX_MEETING:
        raise Invalid("end", "a meeting lasts at most 12 hours", reason="end")
    return end


def list_appointments(call: Call) -> AppointmentListOut:
    params = call.query_as(AppointmentRange)
    found = call.ctx.services.repos.appointments.list_range(
        call.ctx.business_id, params.start, params.end, params.include_cancelled
    )
    return AppointmentListOut(items=[AppointmentOut.of(a) for a in found])


def create_appointment(call: Call) -> AppointmentOut:
    body = call.body_as(AppointmentCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    business = repos.businesses.get(bid)
    lead = repos.leads.get(bid, lead_id_of(body.lead_id))
    agent_id = _agent_of(business, body.agent_id)
    end = _end_of(business, body.start, body.end)
    try:
        booked = repos.appointments.book(
            bid, lead.id, agent_id, body.start, end, notes=body.notes, source="crm"
        )
    except Conflict as exc:
        raise Refused("slot_taken", "slot already booked") from exc
    return AppointmentOut.of(booked)


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
        moved = repos.appointments.move(bid, current.id, body.start, end, agent_id)
    except Conflict as exc:
        raise Refused("slot_taken", "slot already booked") from exc
    return AppointmentOut.of(moved)


def cancel_appointment(call: Call) -> AppointmentOut:
    cancelled = call.ctx.services.repos.appointments.cancel(
        call.ctx.business_id, call.path["appointment_id"]
    )
    return AppointmentOut.of(cancelled)


ROUTES = [
    Route("GET", "/appointments", list_appointments, READ,
          "Appointments starting in [start, end)", "appointments",
          query=AppointmentRange, response=AppointmentListOut),
    Route("POST", "/appointments", create_appointment, READ, "Book a meeting for a lead",
          "appointments", body=AppointmentCreate, response=AppointmentOut, status=201,
          errors=(404, 409)),
    Route("PATCH", "/appointments/{appointment_id}", move_appointment, READ,
          "Move a meeting (atomically: the new time is taken and the old one freed)",
          "appointments", body=AppointmentMove, response=AppointmentOut, errors=(409,)),
    Route("POST", "/appointments/{appointment_id}/cancel", cancel_appointment, READ,
          "Cancel a meeting (frees its time)", "appointments", response=AppointmentOut),
]  # fmt: skip
