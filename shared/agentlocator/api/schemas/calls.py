"""Call list and detail (transcript turns and the recording link)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from phonenumbers import NumberParseException
from pydantic import Field, StringConstraints

from agentlocator.api.schemas.common import Output, QueryParams
from agentlocator.crm.models import Call, Message
from agentlocator.phones import display_phone


class CallListParams(QueryParams):
    limit: int = Field(default=25, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class RecordingOut(Output):
    available: bool
    url: str | None = Field(description="link to play the recording; null once purged")
    status: str | None
    duration_seconds: int | None
    purged_at: datetime | None


class CallOut(Output):
    call_sid: str
    from_phone: str
    from_phone_display: str = Field(description="the same phone format as the lead list")
    to_phone: str
    to_phone_display: str
    lead_id: str | None
    direction: str
    status: str
    duration_seconds: int | None
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    summary: str | None
    recording: RecordingOut | None

    @classmethod
    def of(cls, call: Call) -> CallOut:
        recording = None
        if call.recording is not None:
            rec = call.recording
            link = None if rec.purged_at else (rec.url or rec.storage_uri)
            recording = RecordingOut(
                available=link is not None,
                url=link,
                status=rec.status,
                duration_seconds=rec.duration_seconds,
                purged_at=rec.purged_at,
            )
        fields = call.model_dump(exclude={"recording"})
        return cls.model_validate({
            **fields, "recording": recording,
            "from_phone_display": _display(call.from_phone),
            "to_phone_display": _display(call.to_phone),
        })  # fmt: skip


def _display(phone: str) -> str:
    """Local format for Israeli numbers; anything unparseable (e.g. "anonymous") as is."""
    try:
        return display_phone(phone)
    except NumberParseException:
        return phone


class CallPageOut(Output):
    items: list[CallOut]
    next_cursor: str | None


class TurnOut(Output):
    id: str
    role: str
    text: str
    interrupted: bool
    created_at: datetime

    @classmethod
    def of(cls, message: Message) -> TurnOut:
        return cls.model_validate({**message.model_dump(), "id": message.id or ""})


class CallDetailOut(Output):
    call: CallOut
    turns: list[TurnOut]


class RecordingLinkOut(Output):
    url: str = Field(description="a signed link that plays the recording until expires_at")
    expires_at: datetime
    duration_seconds: int | None
