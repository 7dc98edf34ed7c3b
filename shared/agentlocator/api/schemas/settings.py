"""Business settings the staff edit: hours, meeting length, voice, greeting."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints, ValidationInfo, field_validator

from agentlocator.api.schemas.common import DocId, Input, Output, ShortText
from agentlocator.crm.models import Business, Weekday

BusinessName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Voice = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9-]{1,40}$")]


class HoursRange(Input):
    open: HourMinute
    close: HourMinute

    @field_validator("close")
    @classmethod
    def _close_after_open(cls, close: str, info: ValidationInfo) -> str:
        opened = info.data.get("open")
        if opened is not None and close <= opened:  # "HH:MM" strings compare like times
            raise ValueError("close must be after open")
        return close


WeeklyHours = dict[Weekday, Annotated[list[HoursRange], Field(max_length=6)]]


class AgentIn(Input):
    id: DocId = Field(description="stable: leads, tasks and meetings refer to it")
    name: ShortText
    active: StrictBool = Field(
        default=True, description="inactive agents get no new leads or meetings"
    )


def _unique_ids(agents: list[AgentIn] | None) -> list[AgentIn] | None:
    if agents is not None and len({a.id for a in agents}) != len(agents):
        raise ValueError("agent ids must be unique")
    return agents


class AgentOut(Output):
    id: str
    name: str
    active: bool


class SettingsOut(Output):
    id: str
    name: str
    timezone: str
    hours: dict[str, list[HoursRange]]
    meeting_minutes: int
    tts_voice: str
    greeting: str | None
    after_hours_mode: Literal["agent", "voicemail"]
    agents: list[AgentOut]

    @classmethod
    def of(cls, business: Business) -> SettingsOut:
        data = business.to_firestore()
        return cls.model_validate({**data, "agents": [a.model_dump() for a in business.agents]})


class SettingsUpdate(Input):
    name: BusinessName | None = None
    hours: WeeklyHours | None = Field(
        default=None, description="days sent replace those days; days left out stay as they are"
    )
    meeting_minutes: int | None = Field(default=None, ge=10, le=240)
    tts_voice: Voice | None = None
    greeting: Annotated[str, StringConstraints(max_length=500)] | None = None
    after_hours_mode: Literal["agent", "voicemail"] | None = None
    agents: Annotated[list[AgentIn], Field(min_length=1, max_length=50)] | None = Field(
        default=None, description="the whole list of the office's agents (replaces it)"
    )

    _agents_unique = field_validator("agents")(_unique_ids)
