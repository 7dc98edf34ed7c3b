"""Tell the lead's agent at once when Leah books a meeting, takes a callback request, or the
lead turns hot.

``LeadWriter`` reports each event as it applies a turn's actions; the send (a Firestore read
and a Twilio REST call) runs on its own thread, off the caller's turn. A failed send is
logged, never raised into the turn. ``AgentNotifier``'s ledger sends each event once.
"""

from __future__ import annotations

import logging
import threading
from zoneinfo import ZoneInfo

from agentlocator.agent.lead_sync import LeadEvent
from agentlocator.crm.models import Lead
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony import summary_he
from agentlocator.telephony.notify import AgentNotifier

log = logging.getLogger(__name__)


def event_notice(event: LeadEvent, lead: Lead, timezone: str) -> str:
    name = summary_he.AGENT_NAME_SUFFIX.format(name=lead.name) if lead.name else ""
    if event.kind == "meeting":
        when = event.at.astimezone(ZoneInfo(timezone)).strftime(summary_he.WHEN_FORMAT)
        return summary_he.AGENT_MEETING_NOTICE.format(phone=lead.phone, name=name, when=when)
    if event.kind == "hot":
        return summary_he.AGENT_HOT_LEAD_NOTICE.format(
            phone=lead.phone, name=name, details=hot_details(lead)
        )
    reason = summary_he.AGENT_CALLBACK_REASON.format(reason=event.reason) if event.reason else ""
    return summary_he.AGENT_CALLBACK_NOTICE.format(phone=lead.phone, name=name, reason=reason)


def hot_details(lead: Lead) -> str:
    parts = [lead.city or "", f"{lead.budget:,} ₪" if lead.budget else "", lead.timing or ""]
    return ", ".join(p for p in parts if p)


class BackgroundAgentNotices:
    """A ``LeadEventSink`` that sends on a daemon thread per event."""

    def __init__(self, repos: Repositories, notifier: AgentNotifier) -> None:
        self._repos, self._notifier = repos, notifier
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __call__(self, event: LeadEvent) -> None:
        thread = threading.Thread(target=self._send, args=(event,), daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _send(self, event: LeadEvent) -> None:
        try:
            business = self._repos.businesses.get(event.business_id)
            lead = self._repos.leads.get(event.business_id, event.phone)
            body = event_notice(event, lead, business.timezone)
            self._notifier.send_once(event.business_id, lead, event.key, body)
        except Exception:
            log.exception("agent notice %s not sent", event.key)

    def join(self, timeout: float) -> None:
        """Wait for the sends started so far (tests, and a graceful shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
