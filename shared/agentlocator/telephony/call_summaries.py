"""Write a finished call's summary onto ``calls/{CallSid}`` (and hand it to the notifier).

Reads what the call left in the CRM (the lead's details and Leah's dialogue state, the call's
turns), asks the LLM when configured and falls back to the offline summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from agentlocator.crm.models import Lead, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.telephony.call_summary import CallFacts, offline_summary

log = logging.getLogger(__name__)
# (business id, CallSid, lead, summary): tell the agent, confirm the meeting to the caller…
AfterSummary = Callable[[str, str, Lead, str], None]


class Summarizer(Protocol):
    def summarize(self, facts: CallFacts) -> str | None: ...


def facts_for_call(repos: Repositories, business_id: str, lead: Lead, call_sid: str) -> CallFacts:
    turns = repos.messages.list_for_call(business_id, lead.id, call_sid)
    meeting = (lead.agent_state or {}).get("meeting") or {}
    start = meeting.get("start")
    details = LeadDetails.model_validate(lead.model_dump()).present()
    timezone = repos.businesses.get(business_id).timezone
    return CallFacts(
        details=details,
        caller_lines=[m.text for m in turns if m.role == "caller"],
        leah_lines=[m.text for m in turns if m.role == "leah"],
        meeting_start=datetime.fromisoformat(start) if isinstance(start, str) else None,
        wants_callback=lead.wants_callback,
        timezone=timezone,
    )


class CallSummaries:
    def __init__(
        self,
        repos: Repositories,
        llm: Summarizer | None = None,
        after: Sequence[AfterSummary | None] = (),
    ) -> None:
        self._repos, self._llm = repos, llm
        self._after = [hook for hook in after if hook is not None]

    def write(self, business_id: str, lead_id: str, call_sid: str) -> str | None:
        """The summary stored on the call (None when the call or lead is gone)."""
        try:
            lead = self._repos.leads.get(business_id, lead_id)
            facts = facts_for_call(self._repos, business_id, lead, call_sid)
        except NotFound:
            return None
        text = (self._llm.summarize(facts) if self._llm is not None else None) or offline_summary(
            facts
        )
        self._repos.calls.update_fields(call_sid, {"summary": text})
        for hook in self._after:
            try:
                hook(business_id, call_sid, lead, text)
            except Exception:  # one failed notice must not stop the others
                log.exception("call %s: after-summary step failed", call_sid)
        return text
