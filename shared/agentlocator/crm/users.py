"""businesses/{bid}/users/{uid}: who works in a business and with which role.

The role a request acts with comes from the Firebase ID token's custom claims; this record is
the business's own list of its people (the users screen), written together with the claims.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from google.cloud import firestore
from pydantic import Field

from agentlocator.clock import Clock
from agentlocator.crm.models import Model
from agentlocator.errors import NotFound

MemberRole = Literal["owner", "admin", "agent"]


class Membership(Model):
    uid: str
    business_id: str
    email: str | None = None
    display_name: str | None = None
    role: MemberRole
    created_at: datetime
    updated_at: datetime
    added_by: str | None = Field(default=None)


class MembershipRepository:
    def __init__(self, client: firestore.Client, clock: Clock) -> None:
        self._clock = clock
        self._client = client

    def _users(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("users")

    def get(self, business_id: str, uid: str) -> Membership:
        snap = self._users(business_id).document(uid).get()
        if not snap.exists:
            raise NotFound(f"user {uid}")
        return Membership.model_validate(snap.to_dict())

    def list_members(self, business_id: str) -> list[Membership]:
        snaps = self._users(business_id).stream()
        members = [Membership.model_validate(s.to_dict()) for s in snaps]
        return sorted(members, key=lambda m: (m.created_at, m.uid))

    def put(
        self,
        business_id: str,
        uid: str,
        role: MemberRole,
        *,
        email: str | None = None,
        display_name: str | None = None,
        added_by: str | None = None,
    ) -> Membership:
        """Create or overwrite the membership (re-adding a person keeps its creation time)."""
        ref = self._users(business_id).document(uid)
        snap = ref.get()
        now = self._clock.now()
        created = Membership.model_validate(snap.to_dict()).created_at if snap.exists else now
        member = Membership(
            uid=uid,
            business_id=business_id,
            email=email,
            display_name=display_name,
            role=role,
            created_at=created,
            updated_at=now,
            added_by=added_by,
        )
        ref.set(member.to_firestore())
        return member

    def set_role(self, business_id: str, uid: str, role: MemberRole) -> Membership:
        member = self.get(business_id, uid)
        changes = {"role": role, "updated_at": self._clock.now()}
        self._users(business_id).document(uid).update(changes)
        return member.model_copy(update=changes)

    def remove(self, business_id: str, uid: str) -> None:
        self.get(business_id, uid)
        self._users(business_id).document(uid).delete()
