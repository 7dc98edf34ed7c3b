"""Tell the lead's agent about a call at once: an SMS or WhatsApp through Twilio's REST API.

The agent is the one the booked meeting is with, else the lead's assigned agent, else the
business's first active agent with a phone. Each notice is sent once per call even if the
summary is written twice (the notification ledger: only the delivery that creates
``notifications/{key}`` sends).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.models import Agent, Business, Lead
from agentlocator.crm.notifications import NotificationLedger
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony import summary_he

log = logging.getLogger(__name__)

SendText = Callable[[str, str, str], str]  # (from, to, body) → message sid


def assigned_agent(business: Business, lead: Lead, agent_id: str | None = None) -> Agent | None:
    """``agent_id`` when given and reachable (a meeting's own agent), else as above."""
    meeting = (lead.agent_state or {}).get("meeting") or {}
    reachable = {a.id: a for a in business.agents if a.active and a.phone}
    for wanted in (agent_id, meeting.get("agent_id"), lead.assigned_agent_id):
        if wanted in reachable:
            return reachable[wanted]
    return next(iter(reachable.values()), None)


def call_notice(lead: Lead, summary: str) -> str:
    name = summary_he.AGENT_NAME_SUFFIX.format(name=lead.name) if lead.name else ""
    return summary_he.AGENT_CALL_NOTICE.format(phone=lead.phone, name=name, summary=summary)


class AgentNotifier:
    def __init__(self, repos: Repositories, send: SendText, clock: Clock = SYSTEM_CLOCK) -> None:
        self._repos, self._send, self._clock = repos, send, clock
        self._ledger = NotificationLedger(repos.client)

    def __call__(self, business_id: str, call_sid: str, lead: Lead, summary: str) -> None:
        self.send_once(business_id, lead, f"call-summary:{call_sid}", call_notice(lead, summary))

    def send_once(
        self,
        business_id: str,
        lead: Lead,
        key: str,
        body: str,
        agent_id: str | None = None,
        lease: timedelta | None = None,
    ) -> bool:
        """Send ``body`` to the lead's agent (``agent_id``'s when given) unless ``key`` was
        already sent (or is sending); True when this call sent it. With a ``lease`` (a retried
        Cloud Task), a claim left by a sender that died is taken over (``ClaimBusy`` while one
        holds it)."""
        business = self._repos.businesses.get(business_id)
        agent = assigned_agent(business, lead, agent_id)
        if agent is None or agent.phone is None:
            log.info("%s: no agent with a phone to tell", key)
            return False
        sender = business.voice_numbers[0] if business.voice_numbers else None
        to = agent.phone
        if agent.notify_channel == "whatsapp" and business.whatsapp_numbers:
            sender, to = f"whatsapp:{business.whatsapp_numbers[0]}", f"whatsapp:{agent.phone}"
        if sender is None:
            log.warning("business %s has no number to send from", business_id)
            return False
        return self._ledger.send_once(
            key, self._clock.now(), lambda: self._send(sender, to, body),
            lease=lease, business_id=business_id, to=to,
        )  # fmt: skip


def twilio_sender(settings: Settings) -> SendText:
    from agentlocator.twilio_rest import TwilioRest  # only instances that notify pay for it

    client = TwilioRest.from_settings(settings).client

    def send(sender: str, to: str, body: str) -> str:
        return str(client.messages.create(from_=sender, to=to, body=body).sid)

    return send


def agent_notifier(repos: Repositories, settings: Settings) -> AgentNotifier | None:
    """None where nothing could be sent: outside production, only a Twilio stand-in
    (``TWILIO_API_BASE``) receives messages; local runs never text real phones."""
    if settings.environment != "production" and not settings.twilio_api_base:
        return None
    return AgentNotifier(repos, twilio_sender(settings))
