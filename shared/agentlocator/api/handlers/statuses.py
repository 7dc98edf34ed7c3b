"""Lead statuses: list, create, edit, reorder, delete (leads in use move to another status)."""

from __future__ import annotations

from agentlocator.api.auth import MANAGE, READ
from agentlocator.api.problems import Invalid, Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.common import Deleted
from agentlocator.api.schemas.statuses import (
    StatusCreate,
    StatusDeleteParams,
    StatusListOut,
    StatusOrder,
    StatusOut,
    StatusUpdate,
)
from agentlocator.errors import Conflict, ValidationFailed


def list_statuses(call: Call) -> StatusListOut:
    statuses = call.ctx.services.repos.statuses.ordered(call.ctx.business_id)
    return StatusListOut(items=[StatusOut.model_validate(s.model_dump()) for s in statuses])


def create_status(call: Call) -> StatusOut:
    body = call.body_as(StatusCreate)
    try:
        status = call.ctx.services.repos.statuses.create(
            call.ctx.business_id, body.label, body.color
        )
    except Conflict as exc:
        raise Refused("status_label_taken", "a status with this label exists") from exc
    return StatusOut.model_validate(status.model_dump())


def update_status(call: Call) -> StatusOut:
    body = call.body_as(StatusUpdate)
    if body.label is None and body.color is None:
        found = call.ctx.services.repos.statuses.get(call.ctx.business_id, call.path["status_id"])
        return StatusOut.model_validate(found.model_dump())
    status = call.ctx.services.repos.statuses.update(
        call.ctx.business_id, call.path["status_id"], label=body.label, color=body.color
    )
    return StatusOut.model_validate(status.model_dump())


def reorder_statuses(call: Call) -> StatusListOut:
    body = call.body_as(StatusOrder)
    statuses = call.ctx.services.repos.statuses.reorder(call.ctx.business_id, body.ids)
    return StatusListOut(items=[StatusOut.model_validate(s.model_dump()) for s in statuses])


def delete_status(call: Call) -> Deleted:
    params = call.query_as(StatusDeleteParams)
    repos = call.ctx.services.repos
    status_id = call.path["status_id"]
    status = repos.statuses.get(call.ctx.business_id, status_id)
    if status.is_default:
        raise Refused("default_status", "the default status cannot be deleted")
    try:
        moved = repos.statuses.delete(call.ctx.business_id, status_id, params.move_to, repos.leads)
    except ValidationFailed as exc:
        raise Invalid(exc.field, exc.message, reason="status_in_use") from exc
    return Deleted(id=status_id, moved=moved)


ROUTES = [
    Route("GET", "/statuses", list_statuses, READ, "Lead statuses in board order", "statuses",
          response=StatusListOut),
    Route("POST", "/statuses", create_status, MANAGE, "Add a status", "statuses",
          body=StatusCreate, response=StatusOut, status=201, errors=(409,)),
    Route("PUT", "/statuses/order", reorder_statuses, MANAGE, "Set the order of all statuses",
          "statuses", body=StatusOrder, response=StatusListOut),
    Route("PATCH", "/statuses/{status_id}", update_status, MANAGE, "Rename or recolor a status",
          "statuses", body=StatusUpdate, response=StatusOut),
    Route("DELETE", "/statuses/{status_id}", delete_status, MANAGE,
          "Delete a status; if leads use it, move_to says where they go (400 otherwise)",
          "statuses", query=StatusDeleteParams, response=Deleted, errors=(409,)),
]  # fmt: skip
