"""Twilio WhatsApp → whatsapp_inbound → Cloud Tasks emulator → whatsapp_send_task → Twilio
REST stand-in, with signed payloads and the scripted brain."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests
from whatsapp_harness import WhatsAppHarness, whatsapp_harness

from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.simulator.scripted_brain import ScriptedBrain
from tests.clocks import ScriptedClock

pytestmark = pytest.mark.emulators
LEAD = "+972501234567"


def new_sid() -> str:
    return "SM" + uuid.uuid4().hex


def form(sid: str, body: str = "שלום, אני מחפש דירה", **extra: str) -> dict[str, str]:
    return {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": f"whatsapp:{LEAD}",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": body,
        "NumMedia": "0",
        "ProfileName": "דני",
        **extra,
    }


@pytest.fixture
def brain() -> ScriptedBrain:
    return ScriptedBrain(
        replies=[["נשמע מצוין!", "באיזו עיר?"], ["תודה."]], greeting="שלום, כאן לאה."
    )


@pytest.fixture
def harness(
    settings: Settings, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> Iterator[WhatsAppHarness]:
    with whatsapp_harness(settings, repos, brain) as running:
        yield running


def test_signed_message_is_stored_and_leah_replies_through_twilio(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> None:
    sid = new_sid()
    response = harness.post_twilio(form(sid))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    assert "<Message>" not in response.text  # the reply goes out by REST, not in TwiML

    harness.wait_until(lambda: len(harness.twilio_replies()) == 1, "Leah's reply")
    [reply] = harness.twilio_replies()
    assert reply["From"] == f"whatsapp:{DEMO_TWILIO_NUMBER}"
    assert reply["To"] == f"whatsapp:{LEAD}"
    assert reply["Body"] == "שלום, כאן לאה.\nנשמע מצוין! באיזו עיר?"

    lead = repos.leads.get(demo_business.id, LEAD)
    assert "whatsapp" in lead.sources
    harness.wait_until(
        lambda: any(m.get("delivery") for m in _message_docs(repos, demo_business.id, LEAD)),
        "the send recorded on Leah's message",
    )
    messages = repos.messages.list_recent(demo_business.id, LEAD)
    assert [(m.role, m.channel, m.id) for m in messages] == [
        ("caller", "whatsapp", sid),
        ("leah", "whatsapp", sid + "-reply"),
    ]
    delivered = _message_docs(repos, demo_business.id, LEAD)[-1]["delivery"]
    assert delivered["transport"] == "twilio" and delivered["mode"] == "freeform"
    assert delivered["provider_id"] in harness.twilio.messages
    assert brain.heard[0][1] == "שלום, אני מחפש דירה"
    assert brain.heard[0][0].channel == "whatsapp"


def _message_docs(repos: Repositories, business_id: str, lead: str) -> list[dict[str, object]]:
    ref = (
        repos.client.collection("businesses")
        .document(business_id)
        .collection("leads")
        .document(lead)
        .collection("messages")
    )
    return [s.to_dict() for s in ref.order_by("created_at").stream()]


@pytest.mark.parametrize("signature", [None, "bm90LWEtc2lnbmF0dXJl"])
def test_forged_or_unsigned_webhook_is_403_and_writes_nothing(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business, signature: str | None
) -> None:
    response = harness.post_twilio(form(new_sid()), signature=signature)
    assert response.status_code == 403
    assert list(repos.leads.query(demo_business.id).stream()) == []
    assert harness.twilio_replies() == []


def test_signature_over_other_fields_is_rejected(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business
) -> None:
    sid = new_sid()
    signed_for = form(sid, body="שלום")
    tampered = form(sid, body="שלום, תבטלו לי את הפגישה")
    signature = harness.twilio_signature(harness.url("whatsapp_inbound"), signed_for)
    response = harness.post_twilio(tampered, signature=signature)
    assert response.status_code == 403
    assert list(repos.leads.query(demo_business.id).stream()) == []


def test_twenty_concurrent_duplicate_deliveries_give_one_reply(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> None:
    payload = form(new_sid(), body="היי")
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _: harness.post_twilio(payload).status_code, range(20)))
    assert statuses == [200] * 20

    # Every delivery queued a task (the emulator keeps duplicate names): wait for all 20 to
    # finish, so a second reply would have had every chance to go out.
    harness.wait_for_task_successes(20)
    assert len(harness.twilio_replies()) == 1
    assert len(brain.heard) == 1
    messages = repos.messages.list_recent(demo_business.id, LEAD)
    assert [m.role for m in messages] == ["caller", "leah"]


def test_a_retried_delivery_after_the_reply_sends_nothing_more(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> None:
    payload = form(new_sid())
    assert harness.post_twilio(payload).status_code == 200
    harness.wait_for_task_successes(1)
    assert harness.post_twilio(payload).status_code == 200
    harness.wait_for_task_successes(2)
    assert len(harness.twilio_replies()) == 1
    assert len(brain.heard) == 1


def test_media_message_is_stored_with_the_conversation(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> None:
    sid = "MM" + uuid.uuid4().hex
    media_form = form(
        sid,
        body="",
        NumMedia="2",
        MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1",
        MediaContentType0="image/jpeg",
        MediaUrl1="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME2",
        MediaContentType1="audio/ogg",
    )
    assert harness.post_twilio(media_form).status_code == 200
    harness.wait_until(lambda: len(harness.twilio_replies()) == 1, "Leah's reply")
    stored = repos.messages.list_recent(demo_business.id, LEAD)[0]
    assert stored.id == sid
    assert stored.media == [
        {"url": media_form["MediaUrl0"], "content_type": "image/jpeg"},
        {"url": media_form["MediaUrl1"], "content_type": "audio/ogg"},
    ]
    assert brain.heard[0][1] == "[הלקוח שלח קובץ מדיה]"


def test_the_same_phone_is_the_same_lead_as_its_calls(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business
) -> None:
    repos.leads.upsert(demo_business.id, "050-123-4567", source="voice")
    assert harness.post_twilio(form(new_sid())).status_code == 200
    leads = list(repos.leads.query(demo_business.id).stream())
    assert [s.id for s in leads] == [LEAD]
    assert set(repos.leads.get(demo_business.id, LEAD).sources) == {"voice", "whatsapp"}


def test_a_number_no_business_owns_is_404_and_writes_nothing(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business
) -> None:
    response = harness.post_twilio(form(new_sid(), To="whatsapp:+97239999999"))
    assert response.status_code == 404
    assert list(repos.leads.query(demo_business.id).stream()) == []


def test_the_send_task_refuses_callers_other_than_its_queue(harness: WhatsAppHarness) -> None:
    response = requests.post(harness.url("whatsapp_send_task"), json={}, timeout=10)
    assert response.status_code == 403


def test_outside_the_window_the_approved_template_is_sent(
    settings: Settings, repos: Repositories, demo_business: Business
) -> None:
    """A reply task that runs more than 24 hours after the lead wrote (the queue was paused,
    say): only the approved template may go out, with its content SID and variables."""
    received = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    brain = ScriptedBrain(replies=[["הנה הפרטים."]])
    with whatsapp_harness(
        settings,
        repos,
        brain,
        clock=ScriptedClock([received], then=received + timedelta(hours=30)),
        extra={"whatsapp_template_content_sid": "HX" + "1" * 32},
    ) as harness:
        assert harness.post_twilio(form(new_sid())).status_code == 200
        harness.wait_until(lambda: len(harness.twilio_replies()) == 1, "the template send")
        [sent] = harness.twilio_replies()
    assert sent["ContentSid"] == "HX" + "1" * 32
    assert sent["Body"] is None
    assert json.loads(sent["ContentVariables"] or "{}") == {"1": demo_business.name}
