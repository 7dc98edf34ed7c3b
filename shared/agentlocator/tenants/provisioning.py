"""Provision, list and disable tenants: the one path the CLI, the sign-up flow and the local tools
share (Terraform's ``modules/tenant`` writes the same documents, see ``documents.py``).

    provision(spec, client, clock, users=directory, provisioned_by="signup") -> ProvisionedTenant

``client`` is a ``google.cloud.firestore.Client``; ``users`` (optional) is the Firebase user
directory (``agentlocator.api.firebase.FirebaseUserDirectory`` or anything with the same three
methods). With it, the owner is found or created by e-mail and given the custom claims
``{"business_id": ..., "role": "owner"}`` that authorize the CRM API; without it the spec must
carry the owner's ``uid`` and the claims are left to the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from google.cloud import firestore

from agentlocator.clock import Clock
from agentlocator.crm.tenants import TenantWriter
from agentlocator.tenants.documents import tenant_documents
from agentlocator.tenants.errors import InvalidTenant, OwnerTaken
from agentlocator.tenants.records import TenantRecord
from agentlocator.tenants.spec import ProvisionedBy, TenantSpec

OWNER_ROLE = "owner"


class DirectoryUserLike(Protocol):
    @property
    def uid(self) -> str: ...

    @property
    def claims(self) -> Mapping[str, Any]: ...


class OwnerDirectory(Protocol):
    """The part of the Firebase user directory provisioning needs."""

    def find_or_create(self, email: str, display_name: str | None) -> DirectoryUserLike: ...

    def get(self, uid: str) -> DirectoryUserLike | None: ...

    def set_claims(self, uid: str, claims: Mapping[str, Any] | None) -> None: ...


@dataclass(frozen=True)
class ProvisionedTenant:
    business_id: str
    owner_uid: str
    created: bool  # False: the tenant existed; its office-owned documents were kept
    claims_set: bool
    numbers: dict[str, str]


def _owner_uid(spec: TenantSpec, users: OwnerDirectory | None) -> str:
    owner = spec.owner
    if users is None:
        if owner.uid is None:
            raise InvalidTenant("owner.uid", "required when no user directory is given")
        return owner.uid
    user = users.get(owner.uid) if owner.uid else users.find_or_create(owner.email, None)
    if user is None:
        raise InvalidTenant("owner.uid", "no such user")
    other = user.claims.get("business_id")
    if other and other != spec.business_id:
        # A person's claims name one business; taking them over would lock the other office out.
        raise OwnerTaken(owner.email)
    return user.uid


def provision(
    spec: TenantSpec,
    client: firestore.Client,
    clock: Clock,
    *,
    users: OwnerDirectory | None = None,
    provisioned_by: ProvisionedBy = "cli",
) -> ProvisionedTenant:
    """Create the tenant (or bring an existing one back in line with ``spec``): business,
    Hebrew statuses, default prompts, owner membership, number routes, tenant record.

    Idempotent: a retry after any failure converges. Raises ``InvalidTenant`` (bad owner),
    ``NumberTaken`` / ``OwnerTaken`` (409s with ``field`` and ``message_he``: a number or the
    owner belongs to another business)."""
    uid = _owner_uid(spec, users)
    documents = tenant_documents(spec, uid, clock.now(), provisioned_by)
    created = TenantWriter(client).write(spec.business_id, documents)
    if users is not None:
        users.set_claims(uid, {"business_id": spec.business_id, "role": OWNER_ROLE})
    return ProvisionedTenant(
        business_id=spec.business_id,
        owner_uid=uid,
        created=created,
        claims_set=users is not None,
        numbers=dict(spec.numbers()),
    )


def disable(business_id: str, client: firestore.Client, clock: Clock) -> TenantRecord:
    """Stop answering the tenant's numbers; its data and its staff's access stay."""
    return TenantWriter(client).disable(business_id, clock.now())


def list_tenants(client: firestore.Client) -> list[TenantRecord]:
    return TenantWriter(client).list()
