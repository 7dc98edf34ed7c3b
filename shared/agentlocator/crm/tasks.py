"""businesses/{bid}/tasks/{id}: tasks and reminders, by hand or from Leah's callback requests.

A callback request has the natural key ``callback-{phone digits}``: asking twice keeps one open
task (created once with a create precondition), and asking again after it was done reopens it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import FreeText, Lead, Model
from agentlocator.crm.texts_he import CALLBACK_TASK_TITLE
from agentlocator.errors import NotFound
from agentlocator.phones import display_phone

TaskSource = Literal["manual", "callback"]
# Tasks without a due time sort after every dated one (Firestore sorts null first).
NO_DUE = datetime(9999, 12, 31, tzinfo=UTC)


class Task(Model):
    id: str
    business_id: str
    title: FreeText
    lead_id: str | None = None
    due_at: datetime | None = None
    sort_at: datetime = NO_DUE
    assignee_id: str | None = None
    notes: FreeText | None = None
    done: bool = False
    done_at: datetime | None = None
    source: TaskSource = "manual"
    created_by: str | None = None
    created_at: datetime
    updated_at: datetime


def callback_task_id(phone: str) -> str:
    return "callback-" + phone.lstrip("+")


class TaskRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def tasks(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("tasks")

    def create(
        self,
        business_id: str,
        title: str,
        *,
        now: datetime,
        lead_id: str | None = None,
        due_at: datetime | None = None,
        assignee_id: str | None = None,
        notes: str | None = None,
        created_by: str | None = None,
    ) -> Task:
        task = Task(
            id=uuid.uuid4().hex,
            business_id=business_id,
            title=title,
            lead_id=lead_id,
            due_at=due_at,
            sort_at=due_at or NO_DUE,
            assignee_id=assignee_id,
            notes=notes,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        self.tasks(business_id).document(task.id).create(task.to_firestore())
        return task

    def open_callback(
        self,
        business_id: str,
        lead_id: str,
        title: str,
        *,
        now: datetime,
        assignee_id: str | None,
        notes: str | None = None,
    ) -> Task:
        """One open callback task per lead: created once, reopened if it was done."""
        task = Task(
            id=callback_task_id(lead_id),
            business_id=business_id,
            title=title,
            lead_id=lead_id,
            due_at=now,
            sort_at=now,
            assignee_id=assignee_id,
            notes=notes,
            source="callback",
            created_at=now,
            updated_at=now,
        )
        ref = self.tasks(business_id).document(task.id)
        try:
            ref.create(task.to_firestore())
            return task
        except AlreadyExists:
            pass
        current = self.get(business_id, task.id)
        if not current.done:
            return current
        changes: dict[str, Any] = {
            "done": False, "done_at": None, "due_at": now, "sort_at": now, "updated_at": now,
            "notes": notes,
        }  # fmt: skip
        ref.update(changes)
        return current.model_copy(update=changes)

    def open_callback_for(self, lead: Lead, reason: str | None, now: datetime) -> Task:
        """The task a callback request makes: due now, for the lead's agent."""
        who = lead.name or display_phone(lead.phone)
        return self.open_callback(
            lead.business_id,
            lead.id,
            CALLBACK_TASK_TITLE.format(who=who),
            now=now,
            assignee_id=lead.assigned_agent_id,
            notes=reason,
        )

    def get(self, business_id: str, task_id: str) -> Task:
        snap = self.tasks(business_id).document(task_id).get()
        if not snap.exists:
            raise NotFound(f"task {task_id}")
        return Task.model_validate(snap.to_dict())

    def update(
        self, business_id: str, task_id: str, changes: dict[str, Any], now: datetime
    ) -> Task:
        current = self.get(business_id, task_id)
        payload = dict(changes)
        if "due_at" in payload:
            payload["sort_at"] = payload["due_at"] or NO_DUE
        if "done" in payload and payload["done"] != current.done:
            payload["done_at"] = now if payload["done"] else None
        payload["updated_at"] = now
        merged = Task.model_validate({**current.model_dump(), **payload})
        self.tasks(business_id).document(task_id).update(payload)
        return merged

    def delete(self, business_id: str, task_id: str) -> None:
        self.get(business_id, task_id)
        self.tasks(business_id).document(task_id).delete()

    def page(
        self,
        business_id: str,
        *,
        done: bool | None,
        assignee_id: str | None = None,
        lead_id: str | None = None,
        due_before: datetime | None = None,
        limit: int,
        after: tuple[datetime, str] | None = None,
    ) -> list[Task]:
        query: Any = self.tasks(business_id)
        if done is not None:
            query = query.where(filter=FieldFilter("done", "==", done))
        if assignee_id is not None:
            query = query.where(filter=FieldFilter("assignee_id", "==", assignee_id))
        if lead_id is not None:
            query = query.where(filter=FieldFilter("lead_id", "==", lead_id))
        if due_before is not None:
            query = query.where(filter=FieldFilter("sort_at", "<", due_before))
        query = query.order_by("sort_at").order_by("__name__")
        if after is not None:
            sort_at, task_id = after
            query = query.start_after(
                {"sort_at": sort_at, "__name__": self.tasks(business_id).document(task_id)}
            )
        return [Task.model_validate(s.to_dict()) for s in query.limit(limit).stream()]

    def for_lead(self, business_id: str, lead_id: str) -> list[Task]:
        query = self.tasks(business_id).where(filter=FieldFilter("lead_id", "==", lead_id))
        return [Task.model_validate(s.to_dict()) for s in query.stream()]
