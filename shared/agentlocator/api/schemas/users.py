"""The people of a business and their roles (owners manage them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from agentlocator.api.schemas.common import Input, Output, QueryParams
from agentlocator.crm.users import MemberRole, Membership

DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=200,
        pattern=r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,20}$",
    ),
    AfterValidator(str.lower),  # one account per address, whatever the capitals
]  # fmt: skip


class UserOut(Output):
    uid: str
    email: str | None
    display_name: str | None
    role: MemberRole
    created_at: datetime
    updated_at: datetime
    invite_link: str | None = Field(
        default=None, description="on adding: where the person sets a password (send it to them)"
    )

    @classmethod
    def of(cls, member: Membership, invite_link: str | None = None) -> UserOut:
        return cls.model_validate({**member.model_dump(), "invite_link": invite_link})


class UserListParams(QueryParams):
    limit: int = Field(default=50, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class UserListOut(Output):
    """In the order people joined."""

    items: list[UserOut]
    next_cursor: str | None = None


class UserCreate(Input):
    email: Email
    role: MemberRole
    display_name: DisplayName | None = None


class UserRoleUpdate(Input):
    role: MemberRole
