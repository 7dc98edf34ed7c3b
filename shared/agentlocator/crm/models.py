"""Domain models stored in Firestore. Times are timezone-aware UTC; phones are E.164.

The collection layout is documented in docs/data-model.md.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from agentlocator.crm.vocabulary import (  # re-exported: the models' own words
    DEAL_TYPES as DEAL_TYPES,
)
from agentlocator.crm.vocabulary import (
    PROPERTY_TYPES as PROPERTY_TYPES,
)
from agentlocator.crm.vocabulary import (
    DealType as DealType,
)
from agentlocator.crm.vocabulary import (
    PropertyType as PropertyType,
)
from agentlocator.crm.vocabulary import (
    StatusId as StatusId,
)
from agentlocator.text_safety import clean_text

MessageChannel = Literal["voice", "whatsapp", "sms", "note"]
MessageRole = Literal["caller", "leah", "agent", "system"]
Weekday = Literal["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
WEEKDAYS: tuple[Weekday, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# Free text people wrote or said: stored without bidi overrides, zero-width or control
# characters (see agentlocator.text_safety), whoever wrote it (a lead, Leah, staff).
FreeText = Annotated[str, AfterValidator(clean_text)]

# Twilio call statuses by how far along a call is; a callback never moves a call backwards.
CALL_STATUS_RANK: dict[str, int] = {
    "queued": 0,
    "initiated": 1,
    "ringing": 2,
    "in-progress": 3,
    "completed": 4,
    "busy": 4,
    "no-answer": 4,
    "failed": 4,
    "canceled": 4,
}


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")

    def to_firestore(self) -> dict[str, Any]:
        return self.model_dump(mode="python")


class OpeningHours(Model):
    open: time
    close: time

    @field_validator("close")
    @classmethod
    def _close_after_open(cls, close: time, info: Any) -> time:
        opened = info.data.get("open")
        if opened is not None and close <= opened:
            raise ValueError("close must be after open")
        return close

    def to_firestore(self) -> dict[str, Any]:
        # Firestore has no time-of-day type: keep "HH:MM" strings.
        return {"open": self.open.strftime("%H:%M"), "close": self.close.strftime("%H:%M")}


def default_weekly_hours() -> dict[Weekday, list[OpeningHours]]:
    workday = [OpeningHours(open=time(9), close=time(18))]
    return {
        "sun": workday,
        "mon": workday,
        "tue": workday,
        "wed": workday,
        "thu": workday,
        "fri": [OpeningHours(open=time(9), close=time(13))],
        "sat": [],
    }


class Agent(Model):
    id: str
    name: FreeText
    active: bool = True
    # where Leah tells the agent about a call (E.164), and on which channel
    phone: str | None = None
    notify_channel: Literal["sms", "whatsapp"] = "sms"


class Business(Model):
    id: str
    name: FreeText
    timezone: str = "Asia/Jerusalem"
    hours: dict[Weekday, list[OpeningHours]] = Field(default_factory=default_weekly_hours)
    meeting_minutes: int = Field(default=30, ge=10, le=240)
    agents: list[Agent] = Field(default_factory=lambda: [Agent(id="agent-1", name="נציג/ה")])
    voice_numbers: list[str] = Field(default_factory=list)
    whatsapp_numbers: list[str] = Field(default_factory=list)
    greeting: FreeText | None = None
    tts_voice: str = "he-IL-Wavenet-A"
    after_hours_mode: Literal["agent", "voicemail"] = "agent"
    recording_retention_days: int = Field(default=2, ge=0, le=2)
    active_prompts: dict[str, str] = Field(default_factory=dict)
    # A caller who asks for a person: "dial" rings the agent, "warm" whispers Leah's summary to
    # the agent first (conference); unanswered → back to Leah or voicemail + callback task.
    handoff_mode: Literal["dial", "warm"] = "dial"
    handoff_timeout_seconds: int = Field(default=20, ge=5, le=60)
    handoff_no_answer: Literal["leah", "voicemail"] = "voicemail"
    address: str | None = None  # the office address, in confirmations to callers
    created_at: datetime | None = None

    def to_firestore(self) -> dict[str, Any]:
        data = self.model_dump(mode="python", exclude={"hours"})
        data["hours"] = {
            day: [h.to_firestore() for h in ranges] for day, ranges in self.hours.items()
        }
        return data


class PhoneRoute(Model):
    """phone_routes/{e164}: which business owns a Twilio number, per channel."""

    number: str
    business_id: str
    channel: Literal["voice", "whatsapp", "both"] = "both"


class Recording(Model):
    sid: str
    url: str | None = None
    status: str | None = None
    duration_seconds: int | None = None
    storage_uri: str | None = None
    started_at: datetime | None = None
    purged_at: datetime | None = None
    purge_reason: str | None = None


class Call(Model):
    call_sid: str
    business_id: str
    from_phone: str
    to_phone: str
    lead_id: str | None = None
    direction: str = "inbound"
    status: str = "ringing"
    status_rank: int = 2
    last_callback_sequence: int = -1
    duration_seconds: int | None = None
    started_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    recording: Recording | None = None
    summary: str | None = None
    created_at: datetime
    # when Twilio first reported each status (callbacks arrive in any order)
    status_times: dict[str, datetime] = Field(default_factory=dict)
    # the media stream (Leah), written by the media service; closed by Twilio's final status
    # callback or the stale-stream sweep when the service died without ``stop``
    stream_sid: str | None = None
    stream_started_at: datetime | None = None
    stream_ended_at: datetime | None = None
    stream_ended_by: str | None = None
    # the caller asked for a person (media service), and what came of it (voice_handoff)
    handoff_requested_at: datetime | None = None
    handoff_reason: str | None = None  # "dtmf" or "words"
    handoff_step: str | None = None  # dial, warm, callback, then done, leah or voicemail
    handoff_agent_id: str | None = None
    handoff_agent_joined_at: datetime | None = None  # warm: the agent pressed a key to join


class LeadDetails(Model):
    """The details Leah or a person captures; every field optional so updates merge."""

    name: FreeText | None = None
    deal_type: DealType | None = None
    property_type: PropertyType | None = None
    rooms: float | None = Field(default=None, ge=0.5, le=20)
    city: FreeText | None = None
    area: FreeText | None = None
    budget: int | None = Field(default=None, ge=0)
    timing: FreeText | None = None
    email: FreeText | None = None

    @field_validator("rooms")
    @classmethod
    def _whole_or_half(cls, rooms: float | None) -> float | None:
        if rooms is not None and (rooms * 2) != int(rooms * 2):
            raise ValueError("rooms must be a whole or half number")
        return rooms

    def present(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(mode="python").items() if v is not None}


class Lead(LeadDetails):
    id: str  # E.164 phone: one phone is one lead
    business_id: str
    phone: str
    status_id: str = StatusId.NEW.value
    sources: list[str] = Field(default_factory=list)
    notes: list[FreeText] = Field(default_factory=list)
    wants_callback: bool = False
    tags: list[str] = Field(default_factory=list)
    assigned_agent_id: str | None = None  # one of Business.agents (the calendar's agents)
    merged_from: list[str] = Field(default_factory=list)  # phones of leads merged into this one
    search_terms: list[str] = Field(default_factory=list)
    agent_state: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
    last_contact_at: datetime | None = None


class LeadStatus(Model):
    id: str
    label: FreeText
    order: int
    color: str = "#64748b"
    is_default: bool = False


class Message(Model):
    id: str | None = None
    business_id: str
    lead_id: str
    channel: MessageChannel
    role: MessageRole
    text: FreeText
    call_sid: str | None = None
    external_id: str | None = None
    media: list[dict[str, Any]] = Field(default_factory=list)
    interrupted: bool = False
    # Leah's voice turns: False from when she starts speaking until the caller's playback of
    # it is confirmed (Twilio's marks); stays False if the media service died mid-turn
    heard_confirmed: bool = True
    created_at: datetime


class Appointment(Model):
    id: str
    business_id: str
    lead_id: str
    agent_id: str
    start: datetime
    end: datetime
    status: Literal["scheduled", "cancelled"] = "scheduled"
    notes: FreeText | None = None
    source: str = "leah"
    lock_ids: list[str] = Field(default_factory=list)
    # +1 on every move or cancel: names each change once (its notices, its reminder)
    version: int = Field(default=1, ge=1)
    created_at: datetime
    updated_at: datetime


class PromptVersion(Model):
    id: str
    business_id: str
    channel: Literal["voice", "whatsapp"]
    version: int
    text: FreeText
    created_by: str | None = None
    created_at: datetime
