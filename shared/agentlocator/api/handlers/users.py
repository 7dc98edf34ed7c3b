"""People of the business and their roles; only owners change them.

The role lives in two places written together: the Firebase custom claims (what requests act
with) and the membership record (the list the users screen shows).
"""

from __future__ import annotations

from agentlocator.api.auth import MANAGE, OWNERS
from agentlocator.api.problems import Refused
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.common import Deleted
from agentlocator.api.schemas.users import UserCreate, UserListOut, UserOut, UserRoleUpdate


def _not_self(call: Call, uid: str) -> None:
    if uid == call.ctx.principal.uid:
        raise Refused("own_role", "you cannot change your own role or remove yourself")


def list_users(call: Call) -> UserListOut:
    members = call.ctx.services.members.list_members(call.ctx.business_id)
    return UserListOut(items=[UserOut.of(m) for m in members])


def add_user(call: Call) -> UserOut:
    body = call.body_as(UserCreate)
    services = call.ctx.services
    bid = call.ctx.business_id
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
    return UserOut.of(member)


def set_user_role(call: Call) -> UserOut:
    body = call.body_as(UserRoleUpdate)
    services = call.ctx.services
    bid = call.ctx.business_id
    uid = call.path["uid"]
    services.members.get(bid, uid)  # 404 for anyone outside this business
    _not_self(call, uid)
    member = services.members.set_role(bid, uid, body.role)
    services.directory.set_claims(uid, {"business_id": bid, "role": body.role})
    return UserOut.of(member)


def remove_user(call: Call) -> Deleted:
    services = call.ctx.services
    bid = call.ctx.business_id
    uid = call.path["uid"]
    services.members.get(bid, uid)
    _not_self(call, uid)
    services.members.remove(bid, uid)
    services.directory.set_claims(uid, None)
    return Deleted(id=uid)


ROUTES = [
    Route("GET", "/users", list_users, MANAGE, "People of the business", "users",
          response=UserListOut),
    Route("POST", "/users", add_user, OWNERS,
          "Add a person by email with a role (creates the sign-in account if needed)", "users",
          body=UserCreate, response=UserOut, status=201, errors=(409,)),
    Route("PATCH", "/users/{uid}", set_user_role, OWNERS, "Change a person's role", "users",
          body=UserRoleUpdate, response=UserOut, errors=(409,)),
    Route("DELETE", "/users/{uid}", remove_user, OWNERS, "Remove a person from the business",
          "users", response=Deleted, errors=(409,)),
]  # fmt: skip
