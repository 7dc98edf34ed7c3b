"""The LLM call summary against a local server speaking OpenAI's chat-completions protocol
(the real ``openai`` client), and its fallback to the offline summary."""

from __future__ import annotations

from typing import Any

from agentlocator.config import load_settings
from agentlocator.telephony import summary_he
from agentlocator.telephony.call_summary import CallFacts
from agentlocator.telephony.summary_llm import LlmCallSummarizer
from tests.integration.agent.fake_openai import Reply, base_url, fake_openai

FACTS = CallFacts(details={"city": "חיפה"}, caller_lines=["אני מחפש דירה בחיפה"])


def _summarizer(url: str) -> LlmCallSummarizer:
    settings = load_settings(
        {"openai_api_key": "sk-local", "openai_base_url": url, "llm_timeout_seconds": 5}
    )
    built = LlmCallSummarizer.from_settings(settings)
    assert built is not None
    return built


def test_the_models_summary_is_used_and_given_the_transcript() -> None:
    asked: list[dict[str, Any]] = []

    def script(request: dict[str, Any]) -> Reply:
        asked.append(request)
        return Reply(text="הפונה מחפש דירה בחיפה. הצעד הבא: לחזור אליו.")

    with fake_openai(script) as server:
        text = _summarizer(base_url(server)).summarize(FACTS)
    assert text == "הפונה מחפש דירה בחיפה. הצעד הבא: לחזור אליו."
    messages = asked[0]["messages"]
    assert messages[0]["content"] == summary_he.LLM_INSTRUCTIONS
    assert "פונה: אני מחפש דירה בחיפה" in messages[1]["content"]


def test_a_failing_model_gives_none_so_the_offline_summary_is_used() -> None:
    with fake_openai(lambda request: Reply(status=500)) as server:
        assert _summarizer(base_url(server)).summarize(FACTS) is None


def test_without_a_key_there_is_no_llm_summarizer() -> None:
    assert LlmCallSummarizer.from_settings(load_settings({"environment": "test"})) is None
