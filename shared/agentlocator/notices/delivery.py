"""Send the notice a task carries: render it from what is stored now, send it once.

Each message is claimed in the notifications ledger under the job's key with a lease: a second
delivery of the task sends nothing, and a claim left by an instance that died mid-send is taken
over once the lease is past (``ClaimBusy`` until then, so the task is retried).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from agentlocator.crm.models import Lead
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.notices.jobs import NoticeJob
from agentlocator.telephony import summary_he
from agentlocator.telephony.notify import AgentNotifier

if TYPE_CHECKING:  # the meetings feature is built only where meeting texts can be sent
    from agentlocator.meetings.changes import MeetingChanges

log = logging.getLogger(__name__)

# Longer than a send takes (one Twilio REST call, seconds), shorter than a task's retries.
SEND_LEASE = timedelta(minutes=2)


def hot_details(lead: Lead) -> str:
    parts = [lead.city or "", f"{lead.budget:,} ₪" if lead.budget else "", lead.timing or ""]
    return ", ".join(p for p in parts if p)


def lead_event_text(
    kind: str, lead: Lead, at: datetime | None, reason: str | None, timezone: str
) -> str:
    """The agent's message about a lead event (a meeting booked, a callback asked, hot)."""
    name = summary_he.AGENT_NAME_SUFFIX.format(name=lead.name) if lead.name else ""
    if kind == "meeting" and at is not None:
        when = at.astimezone(ZoneInfo(timezone)).strftime(summary_he.WHEN_FORMAT)
        return summary_he.AGENT_MEETING_NOTICE.format(phone=lead.phone, name=name, when=when)
    if kind == "hot":
        return summary_he.AGENT_HOT_LEAD_NOTICE.format(
            phone=lead.phone, name=name, details=hot_details(lead)
        )
    reason_text = summary_he.AGENT_CALLBACK_REASON.format(reason=reason) if reason else ""
    return summary_he.AGENT_CALLBACK_NOTICE.format(phone=lead.phone, name=name, reason=reason_text)


class NoticeDelivery:
    def __init__(
        self,
        repos: Repositories,
        agents: AgentNotifier,
        changes: MeetingChanges | None = None,
        lease: timedelta | None = SEND_LEASE,
    ) -> None:
        self._repos, self._agents, self._changes, self._lease = repos, agents, changes, lease

    def deliver(self, job: NoticeJob) -> str:
        """What became of the job: ``sent``, ``already_sent``, ``gone`` (its lead or meeting
        was deleted), ``superseded`` (a later change of the meeting tells instead)."""
        if job.kind == "meeting-change":
            if self._changes is None:
                log.warning("%s: meeting texts are not configured here", job.key)
                return "not_configured"
            outcome = self._changes.tell(job)
            return "sent" if outcome == "told" else outcome
        assert job.phone is not None
        try:
            lead = self._repos.leads.get(job.business_id, job.phone)
        except NotFound:
            return "gone"
        business = self._repos.businesses.get(job.business_id)
        body = lead_event_text(job.event, lead, job.at, job.reason, business.timezone)
        sent = self._agents.send_once(job.business_id, lead, job.key, body, lease=self._lease)
        return "sent" if sent else "already_sent"
