"""Must-show: a six-message Hebrew WhatsApp conversation with the real Leah (the offline Hebrew
engine behind ``build_brain``) ends with the lead's details saved and a meeting booked; every
message goes in through the signed Twilio webhook and every answer out through Cloud Tasks and
the Twilio REST stand-in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from whatsapp_harness import whatsapp_harness

from agentlocator.clock import SteppingClock
from agentlocator.config import Settings
from agentlocator.crm.models import Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER

pytestmark = pytest.mark.emulators
LEAD = "+972527654321"
# Tuesday 24 November 2026, 11:00 in Tel Aviv: inside business hours, with free slots ahead.
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CONVERSATION = [
    "שלום",
    "אני מחפש לקנות דירה בתל אביב",
    "4 חדרים",
    "עד 3 מיליון",
    "דני כהן",
    "הראשון",
]


def to_lead(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in sent if r["To"] == f"whatsapp:{LEAD}"]


def test_six_hebrew_messages_end_with_details_saved_and_a_meeting_booked(
    settings: Settings, repos: Repositories, demo_business: Business
) -> None:
    with whatsapp_harness(settings, repos, brain=None, clock=SteppingClock(START)) as harness:
        for turn, text in enumerate(CONVERSATION, 1):
            response = harness.post_twilio(
                {
                    "MessageSid": "SM" + uuid.uuid4().hex,
                    "AccountSid": settings.twilio_account_sid,
                    "From": f"whatsapp:{LEAD}",
                    "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
                    "Body": text,
                    "NumMedia": "0",
                }
            )
            assert response.status_code == 200
            harness.wait_until(
                lambda turn=turn: len(to_lead(harness.twilio_replies())) == turn,
                f"Leah's reply {turn}",
            )
        replies = [r["Body"] or "" for r in to_lead(harness.twilio_replies())]
        # The lead's agent is told of the booking at once, by its own message.
        harness.wait_until(lambda: len(harness.twilio_replies()) == 7, "the agent's notice")
        (notice,) = [r for r in harness.twilio_replies() if r["To"] != f"whatsapp:{LEAD}"]

    assert len(replies) == 6
    assert (notice["Body"] or "").startswith(f"לאה: נקבעה פגישה עם {LEAD} (דני כהן) ל-")
    assert all(reply and any("\u0590" <= ch <= "\u05ff" for ch in reply) for reply in replies)
    lead = repos.leads.get(demo_business.id, LEAD)
    assert lead.name == "דני כהן"
    assert lead.deal_type == "buy"
    assert lead.property_type == "apartment"
    assert lead.city == "תל אביב"
    assert lead.rooms == 4
    assert lead.budget == 3_000_000
    booked = [
        a
        for a in repos.appointments.list_range(demo_business.id, START, START + timedelta(days=60))
        if a.lead_id == LEAD and a.status == "scheduled"
    ]
    assert len(booked) == 1
    assert booked[0].start > START
    messages = repos.messages.list_recent(demo_business.id, LEAD)
    assert [m.role for m in messages] == ["caller", "leah"] * 6
    assert [m.text for m in messages if m.role == "caller"] == CONVERSATION


def test_a_caller_who_phoned_before_is_greeted_by_name_on_whatsapp(
    settings: Settings, repos: Repositories, demo_business: Business
) -> None:
    """One lead per phone and one memory: what Leah learned on a call carries to WhatsApp."""
    repos.leads.upsert(
        demo_business.id, "052-765-4321", LeadDetails(name="מיכל", city="רמת גן"), source="voice"
    )
    with whatsapp_harness(settings, repos, brain=None, clock=SteppingClock(START)) as harness:
        response = harness.post_twilio(
            {
                "MessageSid": "SM" + uuid.uuid4().hex,
                "From": f"whatsapp:{LEAD}",
                "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
                "Body": "היי, זו שוב אני",
                "NumMedia": "0",
            }
        )
        assert response.status_code == 200
        harness.wait_until(lambda: len(harness.twilio_replies()) == 1, "Leah's reply")
        [reply] = harness.twilio_replies()
    assert "מיכל" in (reply["Body"] or "")
    lead = repos.leads.get(demo_business.id, LEAD)
    assert set(lead.sources) == {"voice", "whatsapp"}
    assert lead.city == "רמת גן"
