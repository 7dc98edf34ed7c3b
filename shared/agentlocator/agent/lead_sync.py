"""Carry out a turn's actions on the CRM: lead details, status, callbacks, bookings.

Runs in a worker thread (the repositories are synchronous Firestore calls).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from agentlocator.agent.actions import (
    Action,
    AddNote,
    BookMeeting,
    CancelMeeting,
    MoveMeeting,
    RequestCallback,
    SaveLeadDetails,
    SetStatus,
)
from agentlocator.agent.state import BookedMeeting, DialogueState
from agentlocator.calendar.hours import BusinessHours, within_business_hours
from agentlocator.crm.hot_lead import is_hot
from agentlocator.crm.models import Appointment, Business, LeadDetails, StatusId
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import Conflict, NotFound
from agentlocator.hebrew.cities import find_city
from agentlocator.hebrew.normalize import normalize
from agentlocator.notices.jobs import meeting_change_key

log = logging.getLogger(__name__)
_DETAIL_FIELDS = set(LeadDetails.model_fields)
# Statuses Leah may move a lead out of automatically; anything staff set otherwise stays.
_AUTO_FROM = {StatusId.NEW, StatusId.IN_PROGRESS, StatusId.MEETING_SET, StatusId.NOT_RELEVANT}
# Once a meeting is set or the lead said no, more details do not move it back to "in progress".
_STAYS_OVER_IN_PROGRESS = {StatusId.MEETING_SET, StatusId.NOT_RELEVANT}


@dataclass(frozen=True)
class LeadEvent:
    """Something the lead's agent hears about at once: a meeting booked, a callback asked,
    the lead turned hot (``agentlocator.crm.hot_lead``), a meeting moved or cancelled (the
    lead is told too).

    ``key`` names the event once (the appointment; the lead's callback task and its due
    time; the meeting's version), so the same event seen twice sends one message."""

    kind: Literal["meeting", "callback", "hot", "moved", "cancelled"]
    business_id: str
    phone: str
    key: str
    at: datetime
    reason: str | None = None
    # booked: the new meeting; moved / cancelled: the meeting and its new version
    appointment_id: str | None = None
    version: int | None = None
    previous_start: datetime | None = None


# A sink may answer with one sentence for Leah to add to her reply (e.g. "I sent you the
# brokerage agreement to sign"); the slow part of its work runs off the turn.
LeadEventSink = Callable[[LeadEvent], str | None]


class BookingFailed(Exception):
    """The chosen slot was taken (or is outside business hours) when Leah tried to book it."""


@dataclass
class LeadWriter:
    repos: Repositories
    business: Business
    hours: BusinessHours
    phone: str
    source: str
    # Told of each booking and callback request; must not block (it sends off the turn).
    on_event: LeadEventSink | None = None
    # What the sinks asked Leah to add to this turn's reply (read by the brain).
    reply_notes: list[str] = field(default_factory=list)

    def _tell(self, event: LeadEvent) -> None:
        if self.on_event is None:
            return
        try:
            note = self.on_event(event)
        except Exception:  # a notice never fails a turn
            log.exception("could not queue the agent's notice %s", event.key)
            return
        if note and note not in self.reply_notes:
            self.reply_notes.append(note)

    def lead_details(self, details: dict[str, Any]) -> LeadDetails:
        clean = {k: v for k, v in details.items() if k in _DETAIL_FIELDS and v is not None}
        if "rooms" in clean:
            clean["rooms"] = round(float(clean["rooms"]) * 2) / 2
        if "budget" in clean:
            clean["budget"] = int(clean["budget"])
        if isinstance(clean.get("city"), str):
            # One spelling per city whoever wrote it (the model may say ת"א or Tel Aviv).
            found = find_city(normalize(clean["city"]), asked=True)
            if found is not None:
                clean["city"] = found.city
        return LeadDetails.model_validate(clean)

    def apply(self, actions: list[Action], state: DialogueState) -> None:
        """Carry out ``actions``; raises ``BookingFailed`` when a booking or move loses."""
        for action in actions:
            if isinstance(action, SaveLeadDetails):
                lead, _ = self.repos.leads.upsert(
                    self.business.id, self.phone, self.lead_details(action.details)
                )
                if is_hot(lead):  # told once per lead: the ledger key is the lead's
                    key = f"hot-lead:{self.business.id}:{lead.id}"
                    now = self.repos.clock.now()
                    self._tell(LeadEvent("hot", self.business.id, self.phone, key, now))
            elif isinstance(action, SetStatus):
                self.set_status(action.status_id)
            elif isinstance(action, RequestCallback):
                self.repos.leads.upsert(
                    self.business.id, self.phone, note=f"לאה: ביקש/ה שיחזרו ({action.reason})"
                )
                lead = self.repos.leads.update(
                    self.business.id, self.phone, {"wants_callback": True}
                )
                task = self.repos.tasks.open_callback_for(
                    lead, action.reason, self.repos.clock.now()
                )
                due = task.due_at or self.repos.clock.now()
                self._tell(
                    LeadEvent(
                        "callback",
                        self.business.id,
                        self.phone,
                        f"callback:{self.business.id}:{lead.id}:{int(due.timestamp())}",
                        due,
                        action.reason,
                    )
                )
            elif isinstance(action, AddNote):
                self.repos.leads.upsert(self.business.id, self.phone, note=action.text)
            elif isinstance(action, BookMeeting):
                state.meeting = self.book(action.start, action.end, action.agent_id)
            elif isinstance(action, MoveMeeting):
                state.meeting = self.move(action)
            elif isinstance(action, CancelMeeting):
                self.cancel(action.appointment_id)

    def set_status(self, status_id: str) -> None:
        status_id = str(status_id)  # a StatusId or a staff-defined id, stored as plain text
        lead = self.repos.leads.get(self.business.id, self.phone)
        if lead.status_id == status_id or lead.status_id not in _AUTO_FROM:
            return
        if status_id == StatusId.IN_PROGRESS and lead.status_id in _STAYS_OVER_IN_PROGRESS:
            return
        try:
            self.repos.statuses.get(self.business.id, status_id)
        except NotFound:
            log.warning("status %s missing for business %s", status_id, self.business.id)
            return
        self.repos.leads.set_status(self.business.id, self.phone, status_id)

    def _agent_for(self, agent_id: str | None) -> str:
        if agent_id:
            return agent_id
        active = [a.id for a in self.business.agents if a.active]
        return active[0] if active else "office"

    def book(self, start: datetime, end: datetime, agent_id: str | None) -> BookedMeeting:
        if not within_business_hours(self.hours, start, end):
            raise BookingFailed("outside business hours")
        lead_id = self.repos.leads.ref(self.business.id, self.phone).id
        try:
            appointment = self.repos.appointments.book(
                self.business.id,
                lead_id,
                self._agent_for(agent_id),
                start,
                end,
                source=self.source,
            )
        except Conflict as exc:
            raise BookingFailed(str(exc)) from exc
        self._tell(  # here, not in ``apply``: the LLM's booking tool calls ``book`` directly
            LeadEvent(
                "meeting",
                self.business.id,
                self.phone,
                f"meeting-booked:{self.business.id}:{appointment.id}",
                appointment.start,
                appointment_id=appointment.id,
            )
        )
        return BookedMeeting(
            appointment.id,
            appointment.start.isoformat(),
            appointment.end.isoformat(),
            appointment.agent_id,
        )

    def move(self, action: MoveMeeting) -> BookedMeeting:
        if not within_business_hours(self.hours, action.start, action.end):
            raise BookingFailed("outside business hours")
        try:
            before = self.repos.appointments.get(self.business.id, action.appointment_id)
            moved = self.repos.appointments.move(
                self.business.id,
                action.appointment_id,
                action.start,
                action.end,
                action.agent_id,
            )
        except (Conflict, NotFound) as exc:
            raise BookingFailed(str(exc)) from exc
        self._tell_change("moved", moved, before.start)
        return BookedMeeting(
            moved.id, moved.start.isoformat(), moved.end.isoformat(), moved.agent_id
        )

    def cancel(self, appointment_id: str) -> None:
        try:
            cancelled = self.repos.appointments.cancel(self.business.id, appointment_id)
        except NotFound:
            log.info("appointment %s already gone", appointment_id)
            return
        self._tell_change("cancelled", cancelled, None)

    def _tell_change(
        self, kind: Literal["moved", "cancelled"], meeting: Appointment, before: datetime | None
    ) -> None:
        key = meeting_change_key(self.business.id, meeting.id, meeting.version)
        self._tell(
            LeadEvent(
                kind, self.business.id, self.phone, key, meeting.start,
                appointment_id=meeting.id, version=meeting.version, previous_start=before,
            )
        )  # fmt: skip
