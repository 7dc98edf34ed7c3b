"""What handlers work with: the repositories plus the API's own queries and adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from agentlocator.api.firebase import UserDirectory
from agentlocator.clock import Clock
from agentlocator.crm.lead_list import LeadListQuery
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository


class RecordingLinks(Protocol):
    def signed_url(self, storage_uri: str, lifetime: timedelta, now: datetime) -> str:
        """A time-limited link that plays the object at ``gs://bucket/name``."""


@dataclass(frozen=True)
class Services:
    repos: Repositories
    lead_list: LeadListQuery
    members: MembershipRepository
    directory: UserDirectory
    recording_links: RecordingLinks | None = None

    @property
    def clock(self) -> Clock:
        return self.repos.clock

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
