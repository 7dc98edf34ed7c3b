"""Putting a paid office live through the ONE provisioning path: ``agentlocator.tenants``
(the same code as ``agentlocator tenants create`` and Terraform's tenant documents).

``TenantProvisioner`` is the port billing needs, so the flows stay testable without Firebase;
``TenantsProvisioner`` is the production adapter. Provisioning is idempotent: a retried webhook
converges on the same tenant and the owner gets the ``owner`` claims once more.
"""

from __future__ import annotations

from typing import Protocol

from google.cloud import firestore

from agentlocator.clock import Clock
from agentlocator.tenants.provisioning import OwnerDirectory, provision
from agentlocator.tenants.spec import TenantOwner, TenantSpec


class TenantProvisioner(Protocol):
    def provision(self, spec: TenantSpec) -> None: ...


def office_spec(
    business_id: str, name: str, owner_uid: str, owner_email: str, number: str
) -> TenantSpec:
    """A new office as sign-up knows it, with the number it got from the pool (calls and
    WhatsApp); hours, agents and voice are product defaults the office edits in the CRM."""
    return TenantSpec(
        business_id=business_id,
        name=name,
        owner=TenantOwner(email=owner_email, uid=owner_uid),
        voice_numbers=[number],
        whatsapp_numbers=[number],
    )


class TenantsProvisioner:
    def __init__(self, client: firestore.Client, clock: Clock, users: OwnerDirectory) -> None:
        self._client = client
        self._clock = clock
        self._users = users

    def provision(self, spec: TenantSpec) -> None:
        provision(spec, self._client, self._clock, users=self._users, provisioned_by="signup")
