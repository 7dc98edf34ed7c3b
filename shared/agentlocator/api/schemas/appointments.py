"""Appointments by date range; book, move, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from agentlocator.api.schemas.common import DocId, Input, Output, QueryFlag, QueryParams, When
from agentlocator.crm.models import Appointment

Notes = Annotated[str, StringConstraints(max_length=2000)]
MAX_RANGE_DAYS = 93


class AppointmentRange(QueryParams):
    start: When
    end: When
    include_cancelled: QueryFlag = False
    agent_id: DocId | None = Field(default=None, description="only this agent's meetings")
    limit: int = Field(default=200, ge=1, le=500)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("end must be after start")
        if start is not None and (end - start).days > MAX_RANGE_DAYS:
            raise ValueError(f"a range spans at most {MAX_RANGE_DAYS} days")
        return end


class AppointmentCreate(Input):
    lead_id: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="the lead's id (its phone, any spelling)"
    )
    start: When
    end: When | None = Field(default=None, description="default: the meeting length")
    agent_id: DocId | None = Field(default=None, description="default: the first active agent")
    notes: Notes | None = None


class AppointmentMove(Input):
    start: When
    end: When | None = None
    agent_id: DocId | None = None


class AppointmentOut(Output):
    id: str
    lead_id: str
    lead_name: str | None = None
    lead_phone_display: str | None = None
    agent_id: str
    agent_name: str | None = None
    start: datetime
    end: datetime
    status: Literal["scheduled", "cancelled"]
    notes: str | None
    source: str
    created_at: datetime
    updated_at: datetime

    lead_status_id: str | None = Field(
        default=None, description="the lead's status after this change (book, cancel)"
    )

    @classmethod
    def of(cls, appointment: Appointment, **extra: str | None) -> AppointmentOut:
        return cls.model_validate({**appointment.model_dump(), **extra})


class AppointmentListOut(Output):
    """By start time."""

    items: list[AppointmentOut]
    next_cursor: str | None = None
