"""Tasks and reminders: list (open by default, by due time), create, edit, mark done, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agentlocator.api.auth import READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of
from agentlocator.api.handlers.people import check_agent
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.common import Deleted
from agentlocator.api.schemas.tasks import (
    TaskCreate,
    TaskListParams,
    TaskOut,
    TaskPageOut,
    TaskUpdate,
)
from agentlocator.errors import ValidationFailed

_ORDERING = "tasks,sort_at,asc"


def list_tasks(call: Call) -> TaskPageOut:
    params = call.query_as(TaskListParams)
    after: tuple[datetime, str] | None = None
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor)
        if (
            len(values) != 2
            or not isinstance(values[0], datetime)
            or not isinstance(values[1], str)
        ):
            raise ValidationFailed("cursor", "not a cursor of this list")
        after = (values[0], values[1])
    lead_id = lead_id_of(params.lead_id) if params.lead_id else None
    found = call.ctx.services.repos.tasks.page(
        call.ctx.business_id,
        done={"open": False, "done": True, "all": None}[params.state],
        assignee_id=params.assignee_id,
        lead_id=lead_id,
        due_before=params.due_before,
        limit=params.limit + 1,
        after=after,
    )
    page = found[: params.limit]
    more = len(found) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].sort_at, page[-1].id]) if more else None
    return TaskPageOut(items=[TaskOut.of(t) for t in page], next_cursor=next_cursor)


def create_task(call: Call) -> TaskOut:
    body = call.body_as(TaskCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    lead = repos.leads.get(bid, lead_id_of(body.lead_id)) if body.lead_id else None
    assignee = body.assignee_id
    if assignee is not None:
        check_agent(repos.businesses.get(bid), assignee, "assignee_id")
    elif lead is not None:
        assignee = lead.assigned_agent_id
    task = repos.tasks.create(
        bid,
        body.title,
        now=call.ctx.services.clock.now(),
        lead_id=lead.id if lead else None,
        due_at=body.due_at,
        assignee_id=assignee,
        notes=body.notes,
        created_by=call.ctx.principal.uid,
    )
    return TaskOut.of(task)


def update_task(call: Call) -> TaskOut:
    body = call.body_as(TaskUpdate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    task_id = call.path["task_id"]
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    for not_nullable in ("title", "done"):
        if changes.get(not_nullable, "") is None:
            del changes[not_nullable]
    if changes.get("assignee_id") is not None:
        check_agent(repos.businesses.get(bid), changes["assignee_id"], "assignee_id")
    if not changes:
        return TaskOut.of(repos.tasks.get(bid, task_id))
    return TaskOut.of(repos.tasks.update(bid, task_id, changes, call.ctx.services.clock.now()))


def delete_task(call: Call) -> Deleted:
    call.ctx.services.repos.tasks.delete(call.ctx.business_id, call.path["task_id"])
    return Deleted(id=call.path["task_id"])


ROUTES = [
    Route("GET", "/tasks", list_tasks, READ,
          "Tasks by due time (open ones unless done is given; undated last)", "tasks",
          query=TaskListParams, response=TaskPageOut),
    Route("POST", "/tasks", create_task, READ,
          "Add a task or reminder (default assignee: the lead's agent)", "tasks",
          body=TaskCreate, response=TaskOut, status=201),
    Route("PATCH", "/tasks/{task_id}", update_task, READ,
          "Edit a task; done: true marks it done", "tasks", body=TaskUpdate, response=TaskOut),
    Route("DELETE", "/tasks/{task_id}", delete_task, READ, "Delete a task", "tasks",
          response=Deleted),
]  # fmt: skip
