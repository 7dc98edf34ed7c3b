"""Confirm a booked meeting to the caller at once and remind them the day before, once each.

The confirmation goes when Leah's call ends with a meeting booked; it enqueues the reminder as a
Cloud Task scheduled a day before the meeting. Cloud Tasks delivers at least once (the emulator
even runs duplicate names), so the reminder is claimed in the notification ledger first: a
second delivery sends nothing. A reminder for a meeting since cancelled or moved sends nothing:
it carries the meeting's version, and a move or cancel raises the version (a moved meeting gets
a new reminder, ``MeetingChanges``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.crm.models import Appointment, Business, Lead
from agentlocator.crm.notifications import NotificationLedger
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound, ValidationFailed
from agentlocator.meetings import texts_he
from agentlocator.meetings.ics import ics_url
from agentlocator.tasks.queue import task_id_for

log = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(days=1)
SendText = Callable[[str, str, str], str]  # (from, to, body) → message sid


class ReminderQueue(Protocol):
    def enqueue(
        self, task_id: str, payload: Mapping[str, Any], schedule_at: datetime | None = None
    ) -> bool: ...


def reminder_task_id(appointment: Appointment) -> str:
    # version and start name it: a moved meeting gets a new reminder, the old one sends nothing
    return (
        f"reminder-{appointment.business_id}-{appointment.id}"
        f"-v{appointment.version}-{appointment.start:%Y%m%dT%H%M}"
    )


def when_local(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime(texts_he.WHEN_FORMAT)


def _address(business: Business) -> str:
    return texts_he.ADDRESS.format(address=business.address) if business.address else ""


class MeetingNotices:
    def __init__(
        self,
        repos: Repositories,
        send: SendText,
        queue: ReminderQueue | None,
        public_base_url: str,
        link_secret: str,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._repos, self._send, self._queue = repos, send, queue
        self._base, self._secret, self._clock = public_base_url, link_secret, clock
        self._ledger = NotificationLedger(repos.client)

    # --- after a call -------------------------------------------------------------------------

    def after_call(self, business_id: str, call_sid: str, lead: Lead, summary: str) -> None:
        """The call-summary hook: confirm the meeting the lead has booked, if any."""
        meeting = (lead.agent_state or {}).get("meeting") or {}
        if not meeting.get("id"):
            return
        try:
            appointment = self._repos.appointments.get(business_id, str(meeting["id"]))
        except NotFound:
            return
        self.confirm(appointment)

    def confirm(self, appointment: Appointment) -> bool:
        """Send the confirmation and schedule the reminder, once per appointment and start."""
        if appointment.status != "scheduled":
            return False
        business = self._repos.businesses.get(appointment.business_id)
        lead = self._repos.leads.get(appointment.business_id, appointment.lead_id)
        key = f"meeting-confirmation:{reminder_task_id(appointment)}"
        body = self.lead_text(appointment, business, lead, texts_he.CONFIRMATION)
        sent = self._send_once(key, business, lead.phone, body)
        # only with the confirmation: a repeated confirm must not queue a second reminder
        if sent:
            self.schedule_reminder(appointment)
        return sent

    def schedule_reminder(self, appointment: Appointment) -> bool:
        """Queue the day-before reminder of this version of the meeting (if still ahead)."""
        remind_at = appointment.start - REMIND_BEFORE
        if self._queue is None or remind_at <= self._clock.now():
            return False
        return self._queue.enqueue(
            task_id_for(reminder_task_id(appointment)),
            {
                "business_id": appointment.business_id,
                "appointment_id": appointment.id,
                "start": appointment.start.isoformat(),
                "version": appointment.version,
            },
            schedule_at=remind_at,
        )

    def lead_text(
        self, appointment: Appointment, business: Business, lead: Lead, template: str
    ) -> str:
        """One of the lead's meeting texts, filled with this meeting's details."""
        return template.format(
            name=texts_he.NAME.format(name=lead.name) if lead.name else "",
            business=business.name,
            when=when_local(appointment.start, business.timezone),
            address=_address(business),
            ics_url=ics_url(self._base, self._secret, appointment),
        )

    # --- the reminder task --------------------------------------------------------------------

    def remind(self, payload: Mapping[str, Any]) -> bool:
        """Send the reminder a task asks for; False when it was sent before or is moot."""
        try:
            business_id = str(payload["business_id"])
            appointment_id = str(payload["appointment_id"])
            start = datetime.fromisoformat(str(payload["start"]))
        except (KeyError, ValueError) as exc:
            raise ValidationFailed("body", "expected business_id, appointment_id, start") from exc
        try:
            appointment = self._repos.appointments.get(business_id, appointment_id)
        except NotFound:
            return False
        version = payload.get("version")  # reminders queued before versions carry none
        moved = appointment.start != start or (
            version is not None and version != appointment.version
        )
        if appointment.status != "scheduled" or moved:
            log.info("reminder for %s dropped: the meeting was cancelled or moved", appointment_id)
            return False
        business = self._repos.businesses.get(business_id)
        lead = self._repos.leads.get(business_id, appointment.lead_id)
        body = texts_he.REMINDER.format(
            business=business.name,
            when=when_local(appointment.start, business.timezone),
            address=_address(business),
            ics_url=ics_url(self._base, self._secret, appointment),
        )
        key = f"meeting-reminder:{business_id}:{appointment_id}:{start:%Y%m%dT%H%M}"
        return self._send_once(key, business, lead.phone, body)

    def send_to_lead_once(
        self, key: str, business: Business, to: str, body: str, lease: timedelta | None
    ) -> bool:
        return self._send_once(key, business, to, body, lease)

    def _send_once(
        self, key: str, business: Business, to: str, body: str, lease: timedelta | None = None
    ) -> bool:
        if not business.voice_numbers:
            log.warning("business %s has no number to text from", business.id)
            return False
        sender = business.voice_numbers[0]
        return self._ledger.send_once(  # a failed send is released: a retry of the task sends it
            key, self._clock.now(), lambda: self._send(sender, to, body), lease=lease, to=to
        )
