"""The call summary from the LLM (OpenAI chat completions), when one is configured.

Any failure (timeout, refusal, empty answer) returns None and the caller falls back to the
offline summary: a call always gets one.
"""

from __future__ import annotations

import logging

from openai import OpenAI, OpenAIError

from agentlocator.config import Settings
from agentlocator.telephony import summary_he
from agentlocator.telephony.call_summary import CallFacts, offline_summary

log = logging.getLogger(__name__)
MAX_SUMMARY_CHARS = 600


class LlmCallSummarizer:
    def __init__(self, client: OpenAI, model: str) -> None:
        self._client, self._model = client, model

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmCallSummarizer | None:
        if not settings.uses_openai:
            return None
        client = OpenAI(
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            max_retries=0,
            timeout=settings.llm_timeout_seconds,
        )
        return cls(client, settings.openai_model)

    def summarize(self, facts: CallFacts) -> str | None:
        known = offline_summary(facts)  # the captured facts, so the model need not guess them
        try:
            stream = self._client.chat.completions.create(
                model=self._model,
                stream=True,
                temperature=0.2,
                messages=[
                    {"role": "system", "content": summary_he.LLM_INSTRUCTIONS},
                    {"role": "user", "content": f"{facts.transcript()}\n\nפרטים ידועים: {known}"},
                ],
            )
            text = "".join(
                chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices
            ).strip()
        except OpenAIError:
            log.warning("LLM call summary failed; using the offline one", exc_info=True)
            return None
        return text[:MAX_SUMMARY_CHARS] or None
