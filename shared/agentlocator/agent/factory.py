"""Build Leah's brain from Settings: the OpenAI model when a key is set, else offline only;
the lead's agent told at once of bookings and callbacks wherever a message can be sent."""

from __future__ import annotations

from agentlocator.agent.agent_notices import BackgroundAgentNotices
from agentlocator.agent.brain import Brain
from agentlocator.agent.lead_sync import LeadEventSink
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony.notify import agent_notifier


def build_brain(repos: Repositories, settings: Settings) -> Brain:
    notifier = agent_notifier(repos, settings)
    notices: LeadEventSink | None = (
        BackgroundAgentNotices(repos, notifier) if notifier is not None else None
    )
    if settings.uses_openai:
        from agentlocator.agent.openai_llm import OpenAIResponder

        return Brain(repos, settings, OpenAIResponder.from_settings(settings), notices)
    return Brain(repos, settings, on_lead_event=notices)
