"""Lead list, create, update and timeline bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictBool, StringConstraints

from agentlocator.api.schemas.common import DocId, Input, Output, QueryParams, ShortText, When
from agentlocator.crm.lead_list import LeadSort, SortOrder
from agentlocator.crm.models import DealType, Lead, PropertyType
from agentlocator.phones import display_phone
from agentlocator.text_safety import clean_input

Rooms = Annotated[float, Field(ge=0.5, le=20, multiple_of=0.5)]
Budget = Annotated[int, Field(ge=0, le=10_000_000_000)]
Email = Annotated[
    str, StringConstraints(max_length=200, pattern=r"^[^@\s]{1,100}@[^@\s]{1,100}\.[^@\s]{1,20}$")
]
Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    BeforeValidator(clean_input),
]
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]
PhoneText = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
Tags = Annotated[list[Tag], Field(max_length=20)]
LeadSource = Literal["voice", "whatsapp", "manual", "import"]


class LeadListParams(QueryParams):
    status: DocId | None = Field(default=None, description="status id")
    source: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = Field(
        default=None, description="a channel the lead came from (voice, whatsapp, manual…)"
    )
    created_from: When | None = None
    created_to: When | None = None
    q: SearchText | None = Field(
        default=None, description="name prefix(es) or a phone in any format (or its start)"
    )
    sort: LeadSort = "created_at"
    order: SortOrder = "desc"
    tag: Tag | None = Field(default=None, description="only leads with this tag")
    assigned_agent_id: DocId | None = Field(default=None, description="only this agent's leads")
    limit: int = Field(default=25, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=2000)] | None = None


class LeadExportParams(QueryParams):
    status: DocId | None = None
    source: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    q: SearchText | None = None
    tag: Tag | None = None
    assigned_agent_id: DocId | None = None


class LeadFields(Input):
    name: ShortText | None = None
    deal_type: DealType | None = None
    property_type: PropertyType | None = None
    rooms: Rooms | None = None
    city: ShortText | None = None
    area: ShortText | None = None
    budget: Budget | None = None
    timing: ShortText | None = None
    email: Email | None = None
    tags: Tags | None = Field(default=None, description="replaces the lead's tags")
    assigned_agent_id: DocId | None = Field(
        default=None, description="one of the business's agents (settings.agents)"
    )


class LeadCreate(LeadFields):
    phone: PhoneText = Field(description="any spelling: 050-1234567, +972 50 123 4567, 97250…")
    status_id: DocId | None = None
    note: Note | None = Field(default=None, description="a first note (author: the caller)")


class LeadUpdate(LeadFields):
    """Fields sent replace the stored ones; ``null`` clears a detail (not the status)."""

    status_id: DocId | None = None
    wants_callback: StrictBool | None = None
    add_note: Note | None = Field(default=None, description="adds a note with author and time")


class LeadMerge(Input):
    duplicate_id: PhoneText = Field(
        description="the lead merged INTO this one and then removed (its phone, any spelling)"
    )


class LeadOut(Output):
    id: str
    phone: str
    phone_display: str
    name: str | None
    deal_type: DealType | None
    property_type: PropertyType | None
    rooms: float | None
    city: str | None
    area: str | None
    budget: int | None
    timing: str | None
    email: str | None
    status_id: str
    sources: list[str]
    notes: list[str] = Field(description="short notes Leah wrote; staff notes are in /notes")
    tags: list[str]
    assigned_agent_id: str | None
    merged_from: list[str]
    wants_callback: bool
    created_at: datetime
    updated_at: datetime
    last_contact_at: datetime | None

    @classmethod
    def of(cls, lead: Lead) -> LeadOut:
        return cls.model_validate({**lead.model_dump(), "phone_display": display_phone(lead.phone)})


class LeadPageOut(Output):
    items: list[LeadOut]
    next_cursor: str | None


class TimelineParams(QueryParams):
    limit: int = Field(default=100, ge=1, le=200)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class TimelineItem(Output):
    kind: Literal["call", "message", "note", "appointment"]
    at: datetime = Field(description="when it happened (a meeting: when it was booked)")
    id: str
    title: str = Field(description="the message or note text; a call's or meeting's status")
    channel: str | None = Field(default=None, description="voice, whatsapp, sms or note")
    role: str | None = Field(default=None, description="caller, leah, agent, system")
    call_sid: str | None = None
    author_uid: str | None = None
    author_name: str | None = None
    duration_seconds: int | None = None
    has_recording: bool = Field(
        default=False, description="GET /calls/{call_sid}/recording gives a link to play it"
    )
    summary: str | None = None
    start: datetime | None = Field(default=None, description="appointments: when it starts")
    end: datetime | None = Field(default=None, description="appointments: when it ends")
    agent_id: str | None = None


class TimelineOut(Output):
    """One conversation: calls, WhatsApp and call turns, notes and meetings, oldest first."""

    lead: LeadOut
    items: list[TimelineItem]
    next_cursor: str | None
