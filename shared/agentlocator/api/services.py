"""What handlers work with: the repositories plus the API's own queries and adapters."""

from __future__ import annotations

from dataclasses import dataclass

from agentlocator.api.firebase import UserDirectory
from agentlocator.billing.wiring import Billing
from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.crm.lead_list import LeadListQuery
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository


@dataclass(frozen=True)
class Services:
    repos: Repositories
    lead_list: LeadListQuery
    members: MembershipRepository
    directory: UserDirectory
    billing: Billing | None = None  # None: billing routes answer 404 (not configured)
    clock: Clock = SYSTEM_CLOCK

    @classmethod
    def build(
        cls,
        repos: Repositories,
        directory: UserDirectory,
        billing: Billing | None = None,
        clock: Clock | None = None,
    ) -> Services:
        return cls(
            repos=repos,
            lead_list=LeadListQuery(repos.client),
            members=MembershipRepository(repos.client, repos.clock),
            directory=directory,
            billing=billing,
            clock=clock or repos.clock,
        )
