"""Lead list, create, update and timeline bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

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
    limit: int = Field(default=25, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=2000)] | None = None


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


class LeadCreate(LeadFields):
    phone: PhoneText = Field(description="any spelling: 050-1234567, +972 50 123 4567, 97250…")
    status_id: DocId | None = None
    note: Note | None = None


class LeadUpdate(LeadFields):
    status_id: DocId | None = None
    wants_callback: bool | None = None
    add_note: Note | None = None


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
    notes: list[str]
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


class TimelineItem(Output):
    kind: Literal["call", "message", "appointment"]
    at: datetime
    id: str
    title: str = Field(description="short line for the list (call status, message text…)")
    channel: str | None = None
    role: str | None = None
    call_sid: str | None = None


class TimelineOut(Output):
    lead: LeadOut
    items: list[TimelineItem]
