"""businesses/{bid}/tasks/{id}: work for staff that Leah creates (a caller to call back).

Minimal until the CRM's task feature lands (issue 16): the id is the natural key
(``callback-{CallSid}``) and the write a ``create``, so a repeated webhook makes one task.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from pydantic import Field

from agentlocator.crm.models import Model

TaskKind = Literal["callback"]


class Task(Model):
    id: str
    business_id: str
    lead_id: str | None
    kind: TaskKind = "callback"
    call_sid: str | None = None
    reason: str  # why: "handoff_closed", "handoff_no_answer"
    agent_id: str | None = None
    status: Literal["open", "done"] = "open"
    due_at: datetime | None = None
    notes: list[str] = Field(default_factory=list)
    created_at: datetime


class TaskRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _tasks(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("tasks")

    def create_once(self, task: Task) -> tuple[Task, bool]:
        ref = self._tasks(task.business_id).document(task.id)
        try:
            ref.create(task.to_firestore())
        except AlreadyExists:
            return Task.model_validate(ref.get().to_dict()), False
        return task, True

    def list_open(self, business_id: str) -> list[Task]:
        query = self._tasks(business_id).where(filter=FieldFilter("status", "==", "open"))
        return [Task.model_validate(s.to_dict()) for s in query.stream()]


def callback_task_id(call_sid: str) -> str:
    return f"callback-{call_sid}"
