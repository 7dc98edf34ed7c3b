"""Issue 13, item 5: every Twilio webhook accepts a signature for its URL with or without a
trailing slash (the Twilio console may hold either), built the same way for voice and WhatsApp,
and still refuses a signature for any other URL."""

from __future__ import annotations

import uuid

import httpx
import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.simulator.webhook import incoming_call_form
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]


def whatsapp_form() -> dict[str, str]:
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "From": "whatsapp:+972501234567",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": "שלום",
        "NumMedia": "0",
    }


@pytest.mark.parametrize("slash", [True, False], ids=["with-slash", "without-slash"])
def test_whatsapp_inbound_accepts_its_url_either_way(
    security_stack: SecurityStack, demo_business: Business, slash: bool
) -> None:
    response = security_stack.post_signed("whatsapp_inbound", whatsapp_form(), slash=slash)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("slash", [True, False], ids=["with-slash", "without-slash"])
def test_voice_incoming_accepts_its_url_either_way(
    security_stack: SecurityStack, demo_business: Business, slash: bool
) -> None:
    form = incoming_call_form(
        "CA" + uuid.uuid4().hex,
        "+972501234567",
        DEMO_TWILIO_NUMBER,
        security_stack.settings.twilio_account_sid,
    )
    response = security_stack.post_signed("voice_incoming", form, slash=slash)
    assert response.status_code == 200, response.text
    assert "<Stream" in response.text


def test_a_signature_for_another_url_is_refused(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    form = whatsapp_form()
    other = security_stack.twilio_signature(security_stack.url("voice_incoming"), form)
    response = httpx.post(
        security_stack.url("whatsapp_inbound"), data=form, headers={"X-Twilio-Signature": other}
    )
    assert response.status_code == 403
    assert response.json()["message_he"]
