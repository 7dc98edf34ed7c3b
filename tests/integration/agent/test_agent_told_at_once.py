"""The lead's agent is told at once, through the Twilio REST stand-in, when Leah books a
meeting (here on WhatsApp), takes a callback request (here on a call) or the lead turns hot:
one message per event, even when the turn or the event is processed twice."""

from __future__ import annotations

from datetime import datetime
from threading import Thread
from zoneinfo import ZoneInfo

import pytest

from agentlocator.agent.actions import SaveLeadDetails
from agentlocator.agent.agent_notices import BackgroundAgentNotices
from agentlocator.agent.brain import Brain
from agentlocator.agent.calendar_bridge import business_hours
from agentlocator.agent.lead_sync import LeadEvent, LeadWriter
from agentlocator.agent.port import ConversationRef
from agentlocator.agent.state import DialogueState
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.telephony.notify import AgentNotifier, twilio_sender
from tests.integration.voice.conftest import twilio_standin  # noqa: F401 (fixture used by name)

pytestmark = [pytest.mark.emulators, pytest.mark.anyio]
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
CALLER = "+972501234599"


async def say(brain: Brain, ref: ConversationRef, text: str) -> str:
    return " ".join([clause async for clause in brain.respond(ref, text, NOW)])


@pytest.fixture
def notices(
    repos: Repositories,
    settings: Settings,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> BackgroundAgentNotices:
    standin_settings = settings.model_copy(update={"twilio_api_base": twilio_standin.base_url})
    return BackgroundAgentNotices(repos, AgentNotifier(repos, twilio_sender(standin_settings)))


def to_agent(standin: TwilioStandin, business: Business) -> list[str]:
    agent_phone = business.agents[0].phone
    return [m["body"] for m in standin.messages.values() if m["to"] == agent_phone]


async def test_a_whatsapp_booking_tells_the_agent_once(
    repos: Repositories,
    settings: Settings,
    demo_business: Business,
    notices: BackgroundAgentNotices,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    ref = ConversationRef(demo_business.id, CALLER, "whatsapp")
    brain = Brain(repos, settings, on_lead_event=notices)
    await say(brain, ref, "שלום, מחפש לקנות דירת 4 חדרים בתל אביב")
    await say(brain, ref, "עד 3 מיליון")
    await say(brain, ref, "דני")
    await say(brain, ref, "מחר בעשר")
    notices.join(10)
    lead = repos.leads.get(demo_business.id, CALLER)
    (meeting,) = repos.appointments.list_for_lead(demo_business.id, lead.id)
    # The same booking reported again, twice at once (a redelivered turn): no new message.
    again = LeadEvent(
        "meeting", demo_business.id, CALLER, f"meeting-booked:{demo_business.id}:{meeting.id}",
        meeting.start,
    )  # fmt: skip
    racers = [Thread(target=notices, args=(again,)) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    notices.join(10)
    bodies = to_agent(twilio_standin, demo_business)
    assert bodies == ["לאה: נקבעה פגישה עם +972501234599 (דני) ל-25.11.2026 בשעה 10:00."]
    (sent,) = twilio_standin.messages.values()
    assert sent["from"] == demo_business.voice_numbers[0]


async def test_a_callback_request_on_a_call_tells_the_agent_once(
    repos: Repositories,
    settings: Settings,
    demo_business: Business,
    notices: BackgroundAgentNotices,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    ref = ConversationRef(demo_business.id, CALLER, "voice")
    for _ in range(2):  # the same turn processed twice: the callback task stays the same one
        await say(Brain(repos, settings, on_lead_event=notices), ref, "תחזרו אליי בבקשה")
        notices.join(10)
    bodies = to_agent(twilio_standin, demo_business)
    assert len(bodies) == 1
    assert bodies[0].startswith("לאה: +972501234599 ביקש/ה שיחזרו אליו/ה (תחזרו אליי בבקשה)")


async def test_a_failed_send_never_fails_the_turn(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    def broken(sender: str, to: str, body: str) -> str:
        raise ConnectionError("Twilio is down")

    notices = BackgroundAgentNotices(repos, AgentNotifier(repos, broken))
    ref = ConversationRef(demo_business.id, CALLER, "voice")
    reply = await say(Brain(repos, settings, on_lead_event=notices), ref, "תחזרו אליי בבקשה")
    notices.join(10)
    assert reply
    assert repos.leads.get(demo_business.id, CALLER).wants_callback


async def test_a_lead_turning_hot_tells_the_agent_once(
    repos: Repositories,
    demo_business: Business,
    notices: BackgroundAgentNotices,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    writer = LeadWriter(
        repos, demo_business, business_hours(demo_business), CALLER, "leah-whatsapp", notices
    )
    warm = SaveLeadDetails({"deal_type": "buy", "city": "חיפה", "timing": "השבוע"})
    writer.apply([warm], DialogueState())
    notices.join(10)
    assert to_agent(twilio_standin, demo_business) == []  # no budget yet: not hot
    hot = SaveLeadDetails({"name": "רון", "budget": 2_000_000})
    for _ in range(2):  # the same turn processed twice, then more details: still one notice
        writer.apply([hot], DialogueState())
    writer.apply([SaveLeadDetails({"rooms": 4})], DialogueState())
    notices.join(10)
    assert to_agent(twilio_standin, demo_business) == [
        "לאה: ליד חם! +972501234599 (רון): חיפה, 2,000,000 ₪, השבוע. כדאי לחזור אליו/ה היום."
    ]
