"""People of the business and their roles; owners and admins manage them, and only an owner
may make someone an owner or change or remove an owner.

The role lives in two places written together: the Firebase custom claims (what requests act
with) and the membership record (the list the users screen shows).
"""

from __future__ import annotations

from datetime import datetime

from agentlocator.api.auth import MANAGE
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.problems import Denied, Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.common import Deleted
from agentlocator.api.schemas.users import (
    UserCreate,
    UserListOut,
    UserListParams,
    UserOut,
    UserRoleUpdate,
)
from agentlocator.crm.users import MemberRole
from agentlocator.errors import ValidationFailed

_ORDERING = "users,created_at,asc"


def _not_self(call: Call, uid: str) -> None:
    if uid == call.ctx.principal.uid:
        raise Refused("own_role", "you cannot change your own role or remove yourself")


def _owner_rule(call: Call, *roles: MemberRole) -> None:
    """Admins manage agents and admins; owners are made, changed and removed by owners."""
    if call.ctx.principal.role == "admin" and "owner" in roles:
        raise Denied("owner_only", "only an owner may grant, change or remove the owner role")


def list_users(call: Call) -> UserListOut:
    params = call.query_as(UserListParams)
    members = call.ctx.services.members.list_members(call.ctx.business_id)
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor)
        if len(values) != 2 or not isinstance(values[0], datetime):
            raise ValidationFailed("cursor", "not a cursor of this list")
        members = [m for m in members if (m.created_at, m.uid) > (values[0], values[1])]
    page = members[: params.limit]
    more = len(members) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].created_at, page[-1].uid]) if more else None
    return UserListOut(items=[UserOut.of(m) for m in page], next_cursor=next_cursor)


def add_user(call: Call) -> UserOut:
    body = call.body_as(UserCreate)
    services = call.ctx.services
    bid = call.ctx.business_id
    _owner_rule(call, body.role)
    person = services.directory.find_or_create(body.email, body.display_name)
    _not_self(call, person.uid)
    other = person.claims.get("business_id")
    if person.claims.get("role") == "superadmin" or (other is not None and other != bid):
        raise Refused("user_in_other_business", "this person cannot join this business")
    member = services.members.put(
        bid,
        person.uid,
        body.role,
        email=person.email or body.email,
        display_name=body.display_name or person.display_name,
        added_by=call.ctx.principal.uid,
    )
    services.directory.set_claims(person.uid, {"business_id": bid, "role": body.role})
    return UserOut.of(member, services.directory.invite_link(member.email or body.email))


def set_user_role(call: Call) -> UserOut:
    body = call.body_as(UserRoleUpdate)
    services = call.ctx.services
    bid = call.ctx.business_id
    uid = call.path["uid"]
    current = services.members.get(bid, uid)  # 404 for anyone outside this business
    _not_self(call, uid)
    _owner_rule(call, current.role, body.role)
    member = services.members.set_role(bid, uid, body.role)
    services.directory.set_claims(uid, {"business_id": bid, "role": body.role})
    return UserOut.of(member)


def remove_user(call: Call) -> Deleted:
    services = call.ctx.services
    bid = call.ctx.business_id
    uid = call.path["uid"]
    current = services.members.get(bid, uid)
    _not_self(call, uid)
    _owner_rule(call, current.role)
    services.members.remove(bid, uid)
    services.directory.set_claims(uid, None)
    return Deleted(id=uid)


ROUTES = [
    Route("GET", "/users", list_users, MANAGE, "People of the business", "users",
          query=UserListParams, response=UserListOut),
    Route("POST", "/users", add_user, MANAGE,
          "Add (invite) a person by email with a role (creates the sign-in account if needed; "
          "only an owner may add an owner)", "users", body=UserCreate, response=UserOut,
          status=201, errors=(409,)),
    Route("PATCH", "/users/{uid}", set_user_role, MANAGE,
          "Change a person's role (only an owner may change an owner or make one)", "users",
          body=UserRoleUpdate, response=UserOut, errors=(409,)),
    Route("DELETE", "/users/{uid}", remove_user, MANAGE,
          "Remove a person from the business (only an owner may remove an owner)", "users",
          response=Deleted, errors=(409,)),
]  # fmt: skip
