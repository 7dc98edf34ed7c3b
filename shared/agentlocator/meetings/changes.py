"""A meeting moved or cancelled (by staff in the app, or by Leah on a call or on WhatsApp): the
meeting's agent gets one message, the lead one Hebrew text (the new time and the updated .ics
link, or the cancellation), and the day-before reminder follows the move.

Runs from the notice task (``notice_task``), once per change: the change is the meeting's
version, and each message has its ledger key under it. A change overtaken by a later one (the
meeting moved again, or was cancelled, before this ran) sends nothing: the later change tells.
The old reminder needs no deleting: it carries the version it was queued for, and sends nothing
for a meeting whose version moved on.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Literal

from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.meetings import texts_he
from agentlocator.meetings.notices import MeetingNotices, when_local
from agentlocator.notices.jobs import NoticeJob
from agentlocator.telephony import summary_he
from agentlocator.telephony.notify import AgentNotifier

log = logging.getLogger(__name__)

ChangeOutcome = Literal["told", "superseded", "gone"]


class MeetingChanges:
    def __init__(
        self,
        repos: Repositories,
        notices: MeetingNotices,
        agents: AgentNotifier,
        lease: timedelta | None = None,
    ) -> None:
        self._repos, self._notices, self._agents, self._lease = repos, notices, agents, lease

    def tell(self, job: NoticeJob) -> ChangeOutcome:
        assert job.appointment_id is not None and job.version is not None
        try:
            appointment = self._repos.appointments.get(job.business_id, job.appointment_id)
            lead = self._repos.leads.get(job.business_id, appointment.lead_id)
        except NotFound:
            return "gone"
        if appointment.version != job.version:
            log.info("%s: overtaken by version %s", job.key, appointment.version)
            return "superseded"
        business = self._repos.businesses.get(job.business_id)
        cancelled = appointment.status == "cancelled"
        if not cancelled:  # before the texts: a retry after a crash still queues it
            self._notices.schedule_reminder(appointment)

        when = when_local(appointment.start, business.timezone)
        name = summary_he.AGENT_NAME_SUFFIX.format(name=lead.name) if lead.name else ""
        if cancelled:
            to_agent = texts_he.AGENT_CANCELLED.format(phone=lead.phone, name=name, when=when)
        else:
            before = ""
            if job.previous_start is not None and job.previous_start != appointment.start:
                was = when_local(job.previous_start, business.timezone)
                before = texts_he.AGENT_MOVED_FROM.format(before=was)
            to_agent = texts_he.AGENT_MOVED.format(
                phone=lead.phone, name=name, when=when, before=before
            )
        self._agents.send_once(
            job.business_id, lead, f"{job.key}:agent", to_agent,
            agent_id=appointment.agent_id, lease=self._lease,
        )  # fmt: skip
        template = texts_he.CANCELLED if cancelled else texts_he.MOVED
        to_lead = self._notices.lead_text(appointment, business, lead, template)
        self._notices.send_to_lead_once(
            f"{job.key}:lead", business, lead.phone, to_lead, self._lease
        )
        return "told"
