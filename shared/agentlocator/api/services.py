"""What handlers work with: the repositories plus the API's own queries and adapters."""

from __future__ import annotations

from dataclasses import dataclass

from agentlocator.api.firebase import UserDirectory
from agentlocator.crm.lead_list import LeadListQuery
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository


@dataclass(frozen=True)
class Services:
    repos: Repositories
    lead_list: LeadListQuery
    members: MembershipRepository
    directory: UserDirectory

    @classmethod
    def build(cls, repos: Repositories, directory: UserDirectory) -> Services:
        return cls(
            repos=repos,
            lead_list=LeadListQuery(repos.client),
            members=MembershipRepository(repos.client, repos.clock),
            directory=directory,
        )
