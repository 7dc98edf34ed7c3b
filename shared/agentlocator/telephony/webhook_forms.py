"""Twilio voice webhook forms as typed models: Twilio's field names in, a 400 naming the field out.

Twilio posts ``application/x-www-form-urlencoded`` bodies and sends empty strings for fields
that do not apply yet (``CallDuration`` before a call ends), so empty optional fields count as
absent. Only the fields the product uses are modelled; the rest are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Annotated, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from agentlocator.crm.models import CALL_STATUS_RANK
from agentlocator.errors import ValidationFailed

CALL_SID = r"^CA[0-9a-f]{32}$"
ACCOUNT_SID = r"^AC[0-9a-f]{32}$"
RECORDING_SID = r"^RE[0-9a-f]{32}$"

RecordingStatus = Literal[
    "in-progress", "paused", "stopped", "processing", "completed", "absent", "deleted", "failed"
]


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


def _rfc2822(value: object) -> object:
    """Twilio's ``Timestamp`` / ``RecordingStartTime``: ``Tue, 24 Nov 2026 10:00:00 +0000``."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    try:
        parsed = parsedate_to_datetime(str(value))
    except (TypeError, ValueError) as exc:
        raise ValueError("expected an RFC 2822 date") from exc
    if parsed.tzinfo is None:
        raise ValueError("expected a date with a UTC offset")
    return parsed


OptionalText = Annotated[str | None, BeforeValidator(_blank_is_none)]
OptionalCount = Annotated[int | None, BeforeValidator(_blank_is_none)]
OptionalMoment = Annotated[datetime | None, BeforeValidator(_rfc2822)]


class TwilioForm(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    call_sid: str = Field(alias="CallSid", pattern=CALL_SID)
    account_sid: str = Field(alias="AccountSid", pattern=ACCOUNT_SID)


class IncomingCallForm(TwilioForm):
    """The number's voice webhook; also the ``<Record>`` action request after a voicemail."""

    from_: str = Field(alias="From", min_length=1)
    to: str = Field(alias="To", min_length=1)
    call_status: OptionalText = Field(default=None, alias="CallStatus")
    direction: OptionalText = Field(default=None, alias="Direction")
    recording_sid: OptionalText = Field(default=None, alias="RecordingSid", pattern=RECORDING_SID)
    recording_url: OptionalText = Field(default=None, alias="RecordingUrl")

    @property
    def is_voicemail_done(self) -> bool:
        """Twilio came back after ``<Record>`` finished (it posts the new recording's fields)."""
        return self.recording_url is not None or self.recording_sid is not None


class CallStatusForm(TwilioForm):
    call_status: str = Field(alias="CallStatus")
    call_duration: OptionalCount = Field(default=None, alias="CallDuration", ge=0)
    sequence_number: OptionalCount = Field(default=None, alias="SequenceNumber", ge=0)
    timestamp: OptionalMoment = Field(default=None, alias="Timestamp")

    @field_validator("call_status")
    @classmethod
    def _known_status(cls, status: str) -> str:
        if status not in CALL_STATUS_RANK:
            raise ValueError(f"unknown call status {status!r}")
        return status


class HandoffForm(TwilioForm):
    """``<Connect action>`` after the stream ended, and ``<Dial action>`` after the agent leg."""

    from_: str = Field(alias="From", min_length=1)
    to: str = Field(alias="To", min_length=1)
    call_status: OptionalText = Field(default=None, alias="CallStatus")
    dial_call_status: OptionalText = Field(default=None, alias="DialCallStatus")


class AgentLegForm(TwilioForm):
    """A warm transfer's agent leg: the whisper's ``<Gather action>`` (``Digits``) and the
    leg's status callback (``CallStatus``). ``CallSid`` is the agent leg's; the caller's call
    and the step ride in the query string we built (``step``, ``caller``), which Twilio signs
    with the URL."""

    step: Literal["accept", "status"] = Field(alias="step")
    caller_sid: str = Field(alias="caller", pattern=CALL_SID)
    call_status: OptionalText = Field(default=None, alias="CallStatus")
    digits: OptionalText = Field(default=None, alias="Digits", pattern=r"^[0-9*#w]{0,32}$")


class RecordingStatusForm(TwilioForm):
    recording_sid: str = Field(alias="RecordingSid", pattern=RECORDING_SID)
    recording_url: str = Field(alias="RecordingUrl", pattern=r"^https?://")
    recording_status: RecordingStatus = Field(alias="RecordingStatus")
    # Twilio reports -1 while a recording has no length yet.
    recording_duration: OptionalCount = Field(default=None, alias="RecordingDuration", ge=-1)
    recording_channels: OptionalCount = Field(default=None, alias="RecordingChannels", ge=1)
    recording_source: OptionalText = Field(default=None, alias="RecordingSource")
    recording_start_time: OptionalMoment = Field(default=None, alias="RecordingStartTime")

    @property
    def duration_seconds(self) -> int | None:
        duration = self.recording_duration
        return duration if duration is not None and duration >= 0 else None


FormT = TypeVar("FormT", bound=TwilioForm)


def parse_form(model: type[FormT], form: Mapping[str, str]) -> FormT:
    """Validate a webhook body; the first problem becomes ``ValidationFailed`` naming the field
    by Twilio's name (``CallSid``, ``To`` …)."""
    try:
        return model.model_validate(dict(form))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or model.__name__
        raise ValidationFailed(field, first["msg"]) from exc
