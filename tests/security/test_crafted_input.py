"""Issue 13, item 7 (HTTP side): crafted input answers 4xx with a Hebrew message and writes
nothing. Each of these was a 500 (or Flask's HTML 404) on the running stack."""

from __future__ import annotations

import base64
import json
import uuid

import httpx
import pytest

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.whatsapp import bridge_signing
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]

LEAD = "+972501234567"


def leads_of(repos: Repositories, business_id: str) -> list[str]:
    leads = repos.client.collection("businesses").document(business_id).collection("leads")
    return [snap.id for snap in leads.stream()]


def assert_hebrew_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["message_he"]


def bridge_body() -> bytes:
    payload = {"id": uuid.uuid4().hex.upper(), "from": LEAD, "to": DEMO_TWILIO_NUMBER, "text": "hi"}
    return json.dumps(payload).encode()


def test_superscript_digit_in_the_bridge_timestamp_is_a_403(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    headers = {
        "Content-Type": "application/json",
        bridge_signing.TIMESTAMP_HEADER: "²".encode("latin-1"),
        bridge_signing.SIGNATURE_HEADER: b"sha256=00",
    }
    response = httpx.post(
        security_stack.url("baileys_inbound"), content=bridge_body(), headers=headers
    )
    assert_hebrew_error(response, 403)
    assert leads_of(repos, demo_business.id) == []


def test_non_ascii_bridge_signature_is_a_403(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    headers = {
        "Content-Type": "application/json",
        bridge_signing.TIMESTAMP_HEADER: str(int(SYSTEM_CLOCK.now().timestamp())).encode(),
        bridge_signing.SIGNATURE_HEADER: "sha256=é²".encode("latin-1"),
    }
    response = httpx.post(
        security_stack.url("baileys_inbound"), content=bridge_body(), headers=headers
    )
    assert_hebrew_error(response, 403)
    assert leads_of(repos, demo_business.id) == []


def test_superscript_media_count_in_a_signed_whatsapp_webhook_is_a_400(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    form = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "From": f"whatsapp:{LEAD}",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": "שלום",
        "NumMedia": "²",
    }
    response = security_stack.post_signed("whatsapp_inbound", form)
    assert_hebrew_error(response, 400)
    assert response.json()["field"] == "NumMedia"
    assert leads_of(repos, demo_business.id) == []


@pytest.mark.parametrize("path", ["/leads/%0A", "/leads/a%0Ab/timeline", "/calls/%0D%0A"])
def test_a_newline_in_a_crm_id_is_a_json_404(security_stack: SecurityStack, path: str) -> None:
    response = httpx.get(security_stack.crm(path))
    assert_hebrew_error(response, 404)


def _cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        _cursor({"created_at,desc": 1}),  # an object, not [ordering, values]
        _cursor(["created_at,desc", []]),  # no values at all
        _cursor(["created_at,desc", [{"x": 1}, "+972501234567"]]),  # a time without "$t"
        _cursor(["created_at,desc", ["2026-01-01T00:00:00+00:00"] * 40]),  # too many values
        _cursor(["created_at,desc", [{"$t": "2026-01-01T00:00:00+00:00"}, "a/b"]]),  # bad id
        "=",
    ],
)
def test_crafted_lead_list_cursors_are_a_400_on_cursor(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, cursor: str
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    response = httpx.get(
        security_stack.crm("/leads"), params={"cursor": cursor}, headers=owner.headers()
    )
    assert_hebrew_error(response, 400)
    assert response.json()["field"] == "cursor"


@pytest.mark.parametrize(
    "cursor", [_cursor(["started_at,desc", []]), _cursor(["started_at,desc", [{"$t": 1}]])]
)
def test_crafted_call_list_cursors_are_a_400_on_cursor(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, cursor: str
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    response = httpx.get(
        security_stack.crm("/calls"), params={"cursor": cursor}, headers=owner.headers()
    )
    assert_hebrew_error(response, 400)
