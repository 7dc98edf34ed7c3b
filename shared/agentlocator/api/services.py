"""What handlers work with: the repositories plus the API's own queries and adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from agentlocator.api.firebase import UserDirectory
from agentlocator.billing.wiring import Billing
from agentlocator.clock import Clock
from agentlocator.crm.lead_list import LeadListQuery
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from agentlocator.notices.outbox import NoticeOutbox


class RecordingLinks(Protocol):
    def signed_url(self, storage_uri: str, lifetime: timedelta, now: datetime) -> str:
        """A time-limited link that plays the object at ``gs://bucket/name``."""


@dataclass(frozen=True)
class Services:
    repos: Repositories
    lead_list: LeadListQuery
    members: MembershipRepository
    directory: UserDirectory
    billing: Billing | None = None  # None: billing routes answer 404 (not configured)
    recording_links: RecordingLinks | None = None
    notices: NoticeOutbox | None = None  # None: meeting changes tell nobody (no queue here)

    @property
    def clock(self) -> Clock:
        return self.repos.clock

    @classmethod
    def build(
        cls,
        repos: Repositories,
        directory: UserDirectory,
        recording_links: RecordingLinks | None = None,
        billing: Billing | None = None,
        notices: NoticeOutbox | None = None,
    ) -> Services:
        return cls(
            repos=repos,
            lead_list=LeadListQuery(repos.client),
            members=MembershipRepository(repos.client, repos.clock),
            directory=directory,
            recording_links=recording_links,
            billing=billing,
            notices=notices,
        )
