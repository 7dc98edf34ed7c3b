"""A notice to send, as the JSON body of its Cloud Task. Pure.

The body names what happened (a lead event, a meeting's change) by ids, never the text: the
task endpoint reads the lead and the meeting when it runs and renders the message then. ``key``
is the notifications ledger key and the task's name, so the same notice queued twice (a retried
turn, a retried API call) is one task on Cloud Tasks and one message in any case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agentlocator.crm.models import Appointment
from agentlocator.errors import ValidationFailed

LeadEventKind = Literal["meeting", "callback", "hot"]
MeetingChangeKind = Literal["moved", "cancelled"]
_ID = r"^[A-Za-z0-9_+.:@-]{1,300}$"


class NoticeJob(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["lead-event", "meeting-change"]
    key: str = Field(pattern=_ID)
    business_id: str = Field(pattern=_ID)
    event: LeadEventKind | MeetingChangeKind
    phone: str | None = Field(default=None, pattern=r"^\+[0-9]{6,16}$")  # lead events
    at: datetime | None = None  # lead events: the meeting's or the callback's time
    reason: str | None = Field(default=None, max_length=500)
    appointment_id: str | None = Field(default=None, pattern=_ID)  # meeting changes
    version: int | None = Field(default=None, ge=1)
    previous_start: datetime | None = None

    def to_payload(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> NoticeJob:
        try:
            job = cls.model_validate(dict(payload))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(part) for part in first["loc"]) or "body"
            raise ValidationFailed(field, first["msg"]) from exc
        if job.kind == "lead-event" and (job.phone is None or job.event not in LEAD_EVENTS):
            raise ValidationFailed("phone", "a lead event names the lead's phone")
        if job.kind == "meeting-change" and (job.appointment_id is None or job.version is None):
            raise ValidationFailed("appointment_id", "a meeting change names the meeting")
        return job


LEAD_EVENTS = frozenset({"meeting", "callback", "hot"})


def meeting_change_key(business_id: str, appointment_id: str, version: int) -> str:
    """One change of one meeting (its version): told once to the agent and once to the lead."""
    return f"meeting-change:{business_id}:{appointment_id}:v{version}"


def meeting_change_job(appointment: Appointment, previous_start: datetime | None) -> NoticeJob:
    return NoticeJob(
        kind="meeting-change",
        key=meeting_change_key(appointment.business_id, appointment.id, appointment.version),
        business_id=appointment.business_id,
        event="cancelled" if appointment.status == "cancelled" else "moved",
        appointment_id=appointment.id,
        version=appointment.version,
        previous_start=previous_start,
    )
