"""Build Leah's brain from Settings: the OpenAI model when a key is set, else offline only."""

from __future__ import annotations

from agentlocator.agent.brain import Brain
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories


def build_brain(repos: Repositories, settings: Settings) -> Brain:
    if settings.uses_openai:
        from agentlocator.agent.openai_llm import OpenAIResponder

        return Brain(repos, settings, OpenAIResponder.from_settings(settings))
    return Brain(repos, settings)
