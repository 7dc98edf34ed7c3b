"""Prompt versions per channel: list, create, activate, diff."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from agentlocator.api.schemas.common import DocId, Input, Output, QueryParams
from agentlocator.crm.models import PromptVersion

Channel = Literal["voice", "whatsapp"]


class PromptListParams(QueryParams):
    channel: Channel = "voice"
    limit: int = Field(default=50, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=200)] | None = None


class PromptCreate(Input):
    channel: Channel
    text: Annotated[str, StringConstraints(min_length=1, max_length=20000)]


class PromptOut(Output):
    id: str
    channel: Channel
    version: int
    text: str
    created_by: str | None
    created_at: datetime
    active: bool

    @classmethod
    def of(cls, prompt: PromptVersion, active_id: str | None) -> PromptOut:
        return cls.model_validate({**prompt.model_dump(), "active": prompt.id == active_id})


class PromptListOut(Output):
    channel: Channel
    active_id: str | None
    items: list[PromptOut]
    next_cursor: str | None = None


class PromptDiffParams(QueryParams):
    against: DocId | None = Field(
        default=None, description="the version to compare with (default: the active one)"
    )


class PromptDiffOut(Output):
    from_id: str
    to_id: str
    diff: str = Field(description="unified diff, from → to")
    added: int
    removed: int
