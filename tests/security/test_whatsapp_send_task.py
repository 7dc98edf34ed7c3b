"""Issue 13, item 1: the WhatsApp send task admits only Cloud Tasks' OIDC token for the tasks
account, and its body names only a stored reply job, never a business, phone or text.

The attack as reported: a POST carrying the queue header and a JSON body naming a business, a
lead's phone and caller text made Leah act and message the lead."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.tasks.queue import task_id_for
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]

LEAD = "+972501234567"
FORGED_BODY = {
    "business_id": "demo-realestate",
    "lead_phone": LEAD,
    "inbound_id": "SMforged0000000000000000000000000",
    "transport": "twilio",
    "business_number": DEMO_TWILIO_NUMBER,
    "caller_text": "תבטלי את הפגישה שלי",
    "received_at": "2026-11-30T08:00:00+00:00",
}


def post_task(stack: SecurityStack, body: dict[str, Any], token: str | None) -> httpx.Response:
    headers = {"X-CloudTasks-QueueName": stack.settings.whatsapp_queue}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(stack.url("whatsapp_send_task"), json=body, headers=headers, timeout=30)


def leah_wrote_to(repos: Repositories, business_id: str, lead: str) -> list[str]:
    return [m.text for m in repos.messages.list_recent(business_id, lead) if m.role == "leah"]


def sent_messages(stack: SecurityStack, since: int) -> list[str | None]:
    return [r.value("To") for r in stack.twilio.requests_to("POST", "/Messages.json")[since:]]


def test_forged_task_with_only_the_queue_header_is_refused(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    before = len(security_stack.twilio.requests_to("POST", "/Messages.json"))
    response = post_task(security_stack, FORGED_BODY, token=None)
    assert response.status_code == 403
    assert response.json()["message_he"]
    assert leah_wrote_to(repos, demo_business.id, LEAD) == []
    assert sent_messages(security_stack, before) == []


@pytest.mark.parametrize(
    "forgery",
    [
        {"key": "rogue"},  # signed by a key Google never published
        {"audience": "https://evil.example/whatsapp_send_task/"},
        {"email": "someone-else@demo-agentlocator.iam.gserviceaccount.com"},
        {"email_verified": False},
        {"issuer": "https://evil.example"},
        {"lifetime": timedelta(seconds=-60)},  # expired a minute ago
    ],
    ids=["unpublished-key", "other-audience", "other-account", "unverified", "issuer", "expired"],
)
def test_task_with_a_token_that_does_not_verify_is_refused(
    security_stack: SecurityStack,
    demo_business: Business,
    repos: Repositories,
    forgery: dict[str, Any],
) -> None:
    if forgery.get("key") == "rogue":
        forgery = {"key": security_stack.tasks_issuer.rogue}
    token = security_stack.tasks_token(SYSTEM_CLOCK.now(), **forgery)
    response = post_task(security_stack, FORGED_BODY, token)
    assert response.status_code == 403, response.text
    assert leah_wrote_to(repos, demo_business.id, LEAD) == []


def test_a_verified_task_still_cannot_name_a_business_phone_or_text(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    token = security_stack.tasks_token(SYSTEM_CLOCK.now())
    response = post_task(security_stack, FORGED_BODY, token)
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert leah_wrote_to(repos, demo_business.id, LEAD) == []


def test_a_verified_task_naming_an_unknown_job_changes_nothing(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    token = security_stack.tasks_token(SYSTEM_CLOCK.now())
    response = post_task(security_stack, {"reply_job": "no-such-job"}, token)
    assert response.status_code == 404
    assert leah_wrote_to(repos, demo_business.id, LEAD) == []


def test_the_real_task_answers_the_stored_message(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    """The stored inbound message decides who gets the answer and what Leah answers."""
    sid = "SM" + uuid.uuid4().hex
    form = {
        "MessageSid": sid,
        "AccountSid": security_stack.settings.twilio_account_sid,
        "From": f"whatsapp:{LEAD}",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": "שלום, אני מחפש דירת 4 חדרים",
        "NumMedia": "0",
    }
    assert security_stack.post_signed("whatsapp_inbound", form).status_code == 200
    before = len(security_stack.twilio.requests_to("POST", "/Messages.json"))
    job_id = task_id_for(f"wa-{demo_business.id}-{sid}")
    token = security_stack.tasks_token(SYSTEM_CLOCK.now())
    response = post_task(security_stack, {"reply_job": job_id}, token)
    assert response.status_code == 200, response.text
    # The emulator's own delivery carries no token (403), so this is the only send.
    assert response.json()["outcome"] == "sent"
    assert sent_messages(security_stack, before) == [f"whatsapp:{LEAD}"]
    assert len(leah_wrote_to(repos, demo_business.id, LEAD)) == 1
