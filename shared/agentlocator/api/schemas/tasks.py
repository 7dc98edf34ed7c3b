"""Tasks and reminders: what to do about a lead, by when, by whom (Leah's callbacks too)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints

from agentlocator.api.schemas.common import DocId, Input, Output, QueryParams, When
from agentlocator.crm.tasks import Task

TaskTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
TaskNotes = Annotated[str, StringConstraints(max_length=2000)]
LeadRef = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class TaskCreate(Input):
    title: TaskTitle
    lead_id: LeadRef | None = Field(default=None, description="the lead (its phone, any spelling)")
    due_at: When | None = Field(default=None, description="when it is due (the reminder time)")
    assignee_id: DocId | None = Field(
        default=None, description="one of the business's agents; default: the lead's agent"
    )
    notes: TaskNotes | None = None


class TaskUpdate(Input):
    title: TaskTitle | None = None
    due_at: When | None = None
    assignee_id: DocId | None = None
    notes: TaskNotes | None = None
    done: StrictBool | None = None


class TaskListParams(QueryParams):
    state: Literal["open", "done", "all"] = Field(default="open", description="default: open")
    assignee_id: DocId | None = None
    lead_id: LeadRef | None = None
    due_before: When | None = Field(default=None, description="due strictly before this time")
    limit: int = Field(default=50, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class TaskOut(Output):
    id: str
    title: str
    lead_id: str | None
    due_at: datetime | None
    assignee_id: str | None
    notes: str | None
    done: bool
    done_at: datetime | None
    source: Literal["manual", "callback"]
    created_by: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, task: Task) -> TaskOut:
        return cls.model_validate(task.model_dump())


class TaskPageOut(Output):
    """By due time (tasks without one last), then creation."""

    items: list[TaskOut]
    next_cursor: str | None
