"""LLM mode through the real ``openai`` client against a local chat-completions server:
streaming, tool calls that capture the lead and book, prompt versions, and the fallback."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agentlocator.agent.brain import Brain
from agentlocator.agent.openai_llm import OpenAIResponder
from agentlocator.agent.port import ConversationRef
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business, Message
from agentlocator.crm.repositories import Repositories
from tests.integration.agent.fake_openai import Reply, base_url, fake_openai

pytestmark = [pytest.mark.emulators, pytest.mark.anyio]
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
PHONE = "+972501231234"


def llm_brain(repos: Repositories, settings: Settings, url: str) -> Brain:
    llm_settings = settings.model_copy(
        update={"openai_api_key": "sk-local", "openai_base_url": url}
    )
    return Brain(repos, llm_settings, OpenAIResponder.from_settings(llm_settings))


async def turn(brain: Brain, repos: Repositories, ref: ConversationRef, text: str) -> list[str]:
    """Act as the channel: store the caller's line, stream Leah's reply, store it."""
    for role, body in (("caller", text),):
        repos.messages.append(
            Message(
                business_id=ref.business_id,
                lead_id=ref.lead_phone,
                channel=ref.channel,
                role=role,
                text=body,
                created_at=SYSTEM_CLOCK.now(),
            )
        )
    clauses = [c async for c in brain.respond(ref, text, NOW)]
    repos.messages.append(
        Message(
            business_id=ref.business_id,
            lead_id=ref.lead_phone,
            channel=ref.channel,
            role="leah",
            text=" ".join(clauses),
            created_at=SYSTEM_CLOCK.now(),
        )
    )
    return clauses


def last_role(request: dict[str, Any]) -> str:
    return str(request["messages"][-1]["role"])


def script(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in reversed(request["messages"]) if m["role"] == "user")
    tool_results = [m for m in request["messages"] if m["role"] == "tool"]
    if "חיפה" in user:
        if not tool_results:
            return Reply(tool_calls=[("save_lead_details", {
                "name": "דני", "deal_type": "buy", "property_type": "apartment", "rooms": 4,
                "city": "חיפה", "budget": 2_000_000,
            })])  # fmt: skip
        if len(tool_results) == 1:
            return Reply(tool_calls=[("find_free_slots", {"day": "2026-11-25"})])
        return Reply(text="יש לי מחר ב-10:00 או ב-14:00. מה מתאים לך?")
    if "בעשר" in user:
        if not tool_results or "meeting" not in tool_results[-1]["content"]:
            return Reply(tool_calls=[("book_meeting", {"start": "2026-11-25T10:00:00+02:00"})])
        return Reply(text="קבעתי לך פגישה מחר ב-10:00. נתראה!")
    return Reply(text="איך אפשר לעזור?")


async def test_tools_capture_the_lead_and_book_while_text_streams(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    ref = ConversationRef(demo_business.id, PHONE, "whatsapp")
    with fake_openai(script) as server:
        brain = llm_brain(repos, settings, base_url(server))
        first = await turn(brain, repos, ref, "מחפש לקנות דירת 4 חדרים בחיפה עד 2 מיליון, דני")
        assert first == ["יש לי מחר ב-10:00 או ב-14:00.", "מה מתאים לך?"]
        lead = repos.leads.get(demo_business.id, PHONE)
        assert (lead.name, lead.city, lead.rooms, lead.budget) == ("דני", "חיפה", 4, 2_000_000)
        slots_result = server.requests[2]["messages"][-1]["content"]
        assert "2026-11-25T10:00:00+02:00" in slots_result

        await turn(brain, repos, ref, "בעשר")
        (meeting,) = repos.appointments.list_for_lead(demo_business.id, PHONE)
        assert meeting.start == datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Jerusalem"))
        assert repos.leads.get(demo_business.id, PHONE).status_id == "meeting_set"
        # Memory: the second turn's request carries the first exchange.
        history = [m["content"] for m in server.requests[-1]["messages"] if m["role"] == "user"]
        assert history[0].startswith("מחפש לקנות") and history[-1] == "בעשר"
        assert server.requests[0]["model"] == "gpt-4o-mini" and server.requests[0]["stream"]
        assert {t["function"]["name"] for t in server.requests[0]["tools"]} >= {
            "find_free_slots",
            "book_meeting",
            "move_meeting",
            "cancel_meeting",
            "save_lead_details",
            "set_lead_status",
            "request_human_callback",
        }


async def test_an_activated_prompt_version_applies_on_the_next_turn(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    ref = ConversationRef(demo_business.id, PHONE, "whatsapp")
    with fake_openai(lambda request: Reply(text="שלום!")) as server:
        brain = llm_brain(repos, settings, base_url(server))
        await turn(brain, repos, ref, "היי")
        assert server.requests[-1]["messages"][0]["content"].startswith("את לאה")
        version = repos.prompts.create_version(
            demo_business.id, "whatsapp", "גרסת בדיקה של {business_name}", created_by="test"
        )
        repos.prompts.activate(demo_business.id, version.id)
        await turn(brain, repos, ref, "היי שוב")
        system = server.requests[-1]["messages"][0]["content"]
        assert system.startswith(f"גרסת בדיקה של {demo_business.name}")


@pytest.mark.parametrize(
    "failure",
    [Reply(delay_seconds=4.0, text="מאוחר מדי"), Reply(status=500)],
    ids=["timeout", "server-error"],
)
async def test_a_slow_or_failing_model_falls_back_to_the_offline_engine(
    repos: Repositories, settings: Settings, demo_business: Business, failure: Reply
) -> None:
    ref = ConversationRef(demo_business.id, PHONE, "voice")
    with fake_openai(lambda request: failure) as server:
        brain = llm_brain(repos, settings, base_url(server))
        reply = " ".join(await turn(brain, repos, ref, "מחפש לשכור דירה 3 חדרים בחולון"))
    assert server.requests  # the model was asked first
    assert "מאוחר מדי" not in reply
    lead = repos.leads.get(demo_business.id, PHONE)
    assert (lead.deal_type, lead.rooms, lead.city) == ("rent", 3, "חולון")
    assert "?" in reply  # the offline engine asks the next question
