"""Putting a paid office live: ONE provisioning entry both billing and the CLI can call.

``TenantProvisioner`` is the port billing needs. The production-path work (issue 14) is adding
``agentlocator.tenants.provision(TenantSpec)``; until it lands, ``SeedProvisioner`` does what
``crm.seed.seed_business`` does for the demo (business, number routes, statuses, prompts) plus
the owner's membership and custom claims. Both are idempotent: a retried webhook provisions
nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import seed_business
from agentlocator.crm.users import MembershipRepository


@dataclass(frozen=True)
class TenantSpec:
    business_id: str
    name: str
    owner_uid: str
    owner_email: str | None
    plan_id: str


class TenantProvisioner(Protocol):
    def provision(self, spec: TenantSpec) -> None: ...


GrantClaims = Callable[[str, Mapping[str, Any]], None]


class SeedProvisioner:
    def __init__(self, repos: Repositories, grant_claims: GrantClaims) -> None:
        self._repos = repos
        self._members = MembershipRepository(repos.client)
        self._grant = grant_claims

    def provision(self, spec: TenantSpec) -> None:
        seed_business(self._repos, Business(id=spec.business_id, name=spec.name))
        self._members.put(
            spec.business_id, spec.owner_uid, "owner", email=spec.owner_email, added_by="billing"
        )
        self._grant(spec.owner_uid, {"business_id": spec.business_id, "role": "owner"})
