"""Who is calling and for which business: the verified token's custom claims, then the record.

Custom claims ``{"business_id": "...", "role": "owner|admin|agent"}`` are set by the users
endpoints (owners) through the Admin SDK. They say which business to look in; the role a request
acts with is the membership record's (``CrmApi`` reads it on every request), so a demotion or a
removal takes effect on the next request rather than when the token expires. A platform
superadmin has ``{"role": "superadmin"}`` and picks the business with the ``X-Business-Id``
header; for everyone else that header is ignored, so no request field can move a user into
another tenant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from agentlocator.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed

# "applicant": a signed-in person with no role yet (an office owner in the middle of sign-up).
Role = Literal["owner", "admin", "agent", "superadmin", "applicant"]
MEMBER_ROLES: tuple[Role, ...] = ("owner", "admin", "agent")
BUSINESS_HEADER = "x-business-id"
_BEARER = re.compile(r"^Bearer\s+(\S+)$", re.IGNORECASE)
_BUSINESS_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")

# Role sets routes allow (a superadmin may do everything).
READ: frozenset[Role] = frozenset({"owner", "admin", "agent"})
MANAGE: frozenset[Role] = frozenset({"owner", "admin"})
OWNERS: frozenset[Role] = frozenset({"owner"})
# No token at all: the route authorizes by something else (a signed link in the path).
PUBLIC: frozenset[Role] = frozenset()
# Any verified token, with or without a role (sign-up routes).
SIGNED_IN: frozenset[Role] = frozenset({"applicant", "owner", "admin", "agent"})


class TokenVerifier(Protocol):
    def verify(self, token: str) -> Mapping[str, Any]:
        """The token's claims; raises ``Unauthenticated`` when it does not verify."""


@dataclass(frozen=True)
class Principal:
    uid: str
    email: str | None
    role: Role
    business_id: str | None  # None only for a superadmin who has not picked a business

    @property
    def is_superadmin(self) -> bool:
        return self.role == "superadmin"


# Who a PUBLIC route runs as: nobody in particular, no business.
ANONYMOUS = Principal("anonymous", None, "applicant", None)


def bearer_token(authorization: str | None) -> str:
    match = _BEARER.match((authorization or "").strip())
    if not match:
        raise Unauthenticated("missing bearer token")
    return match.group(1)


def principal_from_claims(claims: Mapping[str, Any], business_header: str | None) -> Principal:
    uid = claims.get("uid") or claims.get("sub")
    if not isinstance(uid, str) or not uid:
        raise Unauthenticated("token has no subject")
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    role = claims.get("role")
    if role == "superadmin":
        business_id = (business_header or "").strip() or None
        if business_id is not None and not _BUSINESS_ID.match(business_id):
            raise NotFound("business")
        return Principal(uid, email, "superadmin", business_id)
    business_id = claims.get("business_id")
    if role not in MEMBER_ROLES or not isinstance(business_id, str) or not business_id:
        raise Forbidden("no role in any business")
    return Principal(uid, email, role, business_id)


def signed_in_principal(claims: Mapping[str, Any]) -> Principal:
    """Who a verified token is, even without a role (sign-up routes); never a superadmin's
    business choice: sign-up acts only on the caller's own account."""
    try:
        principal = principal_from_claims(claims, None)
    except Forbidden:
        uid = claims.get("uid") or claims.get("sub")
        email = claims.get("email") if isinstance(claims.get("email"), str) else None
        return Principal(str(uid), email, "applicant", None)
    return principal


def require_role(principal: Principal, allowed: frozenset[Role]) -> None:
    if principal.is_superadmin:
        return
    if principal.role not in allowed:
        raise Forbidden(f"role {principal.role} may not do this")


def business_of(principal: Principal) -> str:
    if principal.business_id is None:
        raise ValidationFailed("X-Business-Id", "a superadmin must choose a business")
    return principal.business_id
