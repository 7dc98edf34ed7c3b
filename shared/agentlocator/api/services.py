"""What handlers work with: the repositories plus the API's own queries and adapters."""

from __future__ import annotations

from dataclasses import dataclass

from agentlocator.api.firebase import UserDirectory
from agentlocator.crm.lead_list import LeadListQuery
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from agentlocator.telephony.recording_links import RecordingLinks


@dataclass(frozen=True)
class Services:
    repos: Repositories
    lead_list: LeadListQuery
    members: MembershipRepository
    directory: UserDirectory
    # signed links to play call recordings (None: the Twilio/Storage address as stored)
    recording_links: RecordingLinks | None = None

    @classmethod
    def build(
        cls,
        repos: Repositories,
        directory: UserDirectory,
        recording_links: RecordingLinks | None = None,
    ) -> Services:
        return cls(
            repos=repos,
            lead_list=LeadListQuery(repos.client),
            members=MembershipRepository(repos.client, repos.clock),
            directory=directory,
            recording_links=recording_links,
        )
