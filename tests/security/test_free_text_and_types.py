"""Issue 13, item 9: free text is stored without bidi overrides, zero-width or control
characters (whoever wrote it: staff over the API or a lead over WhatsApp), and the API's bodies
are strictly typed ("yes" is no boolean, a number is no date)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]

SPOOFED = "\u202eןורמש\u200b\x00 \u2066דנה\u2069"


def test_a_spoofed_lead_name_from_staff_is_stored_clean(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    created = httpx.post(
        security_stack.crm("/leads"),
        json={"phone": "0527654321", "name": SPOOFED, "note": "הערה\u202e\x07"},
        headers=owner.headers(),
    )
    assert created.status_code == 201, created.text
    stored = repos.leads.get(demo_business.id, "+972527654321")
    assert stored.name == "ןורמש דנה"
    notes = repos.notes.page(demo_business.id, "+972527654321", limit=10)
    assert [note.text for note in notes] == ["הערה"]


def test_a_name_that_is_only_spoofing_characters_is_a_400(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    response = httpx.post(
        security_stack.crm("/leads"),
        json={"phone": "0527654322", "name": "\u202e\u200b"},
        headers=owner.headers(),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_a_whatsapp_message_reaches_staff_clean(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    sid = "SM" + uuid.uuid4().hex
    form = {
        "MessageSid": sid,
        "From": "whatsapp:+972501234567",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": SPOOFED,
        "NumMedia": "0",
    }
    assert security_stack.post_signed("whatsapp_inbound", form).status_code == 200
    message = repos.messages.get(demo_business.id, "+972501234567", sid)
    assert message.text == "ןורמש דנה"


@pytest.mark.parametrize("value", ["yes", "true", 1, "1"])
def test_a_boolean_must_be_a_json_boolean(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, value: object
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    repos.leads.upsert(demo_business.id, "+972501234567", source="manual")
    response = httpx.patch(
        security_stack.crm("/leads/+972501234567"),
        json={"wants_callback": value},
        headers=owner.headers(),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "wants_callback"
    assert repos.leads.get(demo_business.id, "+972501234567").wants_callback is False


@pytest.mark.parametrize("start", [1700000000, "1700000000", 1.7e9])
def test_a_meeting_time_must_be_iso_text(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, start: object
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    repos.leads.upsert(demo_business.id, "+972501234567", source="manual")
    response = httpx.post(
        security_stack.crm("/appointments"),
        json={"lead_id": "+972501234567", "start": start},
        headers=owner.headers(),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "start"
    booked = repos.client.collection("businesses").document(demo_business.id)
    assert list(booked.collection("appointments").stream()) == []


@pytest.mark.parametrize("budget", ["2000000", 2000000.5, True])
def test_a_number_must_be_a_json_number_of_its_kind(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, budget: object
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    response = httpx.post(
        security_stack.crm("/leads"),
        json={"phone": "0527654323", "budget": budget},
        headers=owner.headers(),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "budget"
