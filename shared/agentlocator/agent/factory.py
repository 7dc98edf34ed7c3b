"""Build Leah's brain from Settings: the OpenAI model when a key is set, else offline only;
the lead's agent told at once of bookings and callbacks wherever a message can be sent."""

from __future__ import annotations

from agentlocator.agent.agent_notices import BackgroundAgentNotices, QueuedAgentNotices
from agentlocator.agent.brain import Brain
from agentlocator.agent.lead_sync import LeadEventSink
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.notices.outbox import notice_outbox
from agentlocator.notices.wiring import notice_delivery
from agentlocator.telephony.notify import agent_notifier


def build_brain(repos: Repositories, settings: Settings) -> Brain:
    notices: LeadEventSink | None = None
    outbox = notice_outbox(settings)
    if outbox is not None:  # durable: a Cloud Task per notice
        notices = QueuedAgentNotices(outbox)
    elif (notifier := agent_notifier(repos, settings)) is not None:  # local, no Tasks emulator
        notices = BackgroundAgentNotices(repos, notifier, notice_delivery(repos, settings))
    if settings.uses_openai:
        from agentlocator.agent.openai_llm import OpenAIResponder

        return Brain(repos, settings, OpenAIResponder.from_settings(settings), notices)
    return Brain(repos, settings, on_lead_event=notices)
