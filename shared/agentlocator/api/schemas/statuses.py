"""Lead statuses: list, create, rename/recolor, reorder, delete (moving leads on)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from agentlocator.api.schemas.common import DocId, Input, Output, QueryParams

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class StatusOut(Output):
    id: str
    label: str
    order: int
    color: str
    is_default: bool


class StatusListOut(Output):
    items: list[StatusOut]


class StatusCreate(Input):
    label: Label
    color: Color = "#64748b"


class StatusUpdate(Input):
    label: Label | None = None
    color: Color | None = None


class StatusOrder(Input):
    ids: list[DocId] = Field(min_length=1, max_length=100, description="every status id, in order")


class StatusDeleteParams(QueryParams):
    move_to: DocId | None = Field(
        default=None, description="status that receives the leads of the deleted one"
    )
