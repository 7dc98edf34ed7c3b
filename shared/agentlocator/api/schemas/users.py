"""The people of a business and their roles (owners manage them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from agentlocator.api.schemas.common import Input, Output
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

    @classmethod
    def of(cls, member: Membership) -> UserOut:
        return cls.model_validate(member.model_dump())


class UserListOut(Output):
    items: list[UserOut]


class UserCreate(Input):
    email: Email
    role: MemberRole
    display_name: DisplayName | None = None


class UserRoleUpdate(Input):
    role: MemberRole
