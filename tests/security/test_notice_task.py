"""The notice task admits only Cloud Tasks' OIDC token for the tasks account, for its own URL
(a token minted for the WhatsApp send task does not open it), and its body is checked field by
field: a verified task still cannot make it text anyone but the stored lead's agent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_AGENT_PHONES
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]

LEAD = "+972501234561"


def _job(business_id: str) -> dict[str, Any]:
    return {
        "kind": "lead-event",
        "key": f"callback:{business_id}:{LEAD}:1795000001",
        "business_id": business_id,
        "event": "callback",
        "phone": LEAD,
        "at": "2026-11-30T08:00:00+00:00",
        "reason": "מחיר",
    }


def _post(stack: SecurityStack, body: dict[str, Any], token: str | None) -> httpx.Response:
    headers = {"X-CloudTasks-QueueName": stack.settings.notices_queue}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(stack.url("notice_task"), json=body, headers=headers, timeout=30)


def _to_agent(stack: SecurityStack) -> list[str | None]:
    return [
        r.value("Body")
        for r in stack.twilio.requests_to("POST", "/Messages.json")
        if r.value("To") == DEMO_AGENT_PHONES[0]
    ]


@pytest.mark.parametrize(
    "forgery",
    [
        None,  # only the queue header
        {"audience": "whatsapp"},  # Cloud Tasks' token for the other task
        {"key": "rogue"},
        {"email": "someone-else@demo-agentlocator.iam.gserviceaccount.com"},
        {"lifetime": timedelta(seconds=-60)},
    ],
    ids=["no-token", "other-task-audience", "unpublished-key", "other-account", "expired"],
)
def test_a_notice_task_without_a_good_token_sends_nothing(
    security_stack: SecurityStack,
    demo_business: Business,
    repos: Repositories,
    forgery: dict[str, Any] | None,
) -> None:
    repos.leads.upsert(demo_business.id, LEAD, LeadDetails(name="גל"), source="voice")
    before = _to_agent(security_stack)
    token = None
    if forgery is not None:
        claims: dict[str, object] = {"audience": security_stack.settings.notice_task_target}
        if forgery.get("audience") == "whatsapp":
            claims["audience"] = security_stack.settings.whatsapp_send_task_target
        elif forgery.get("key") == "rogue":
            claims["key"] = security_stack.tasks_issuer.rogue
        else:
            claims.update(forgery)
        token = security_stack.tasks_token(SYSTEM_CLOCK.now(), **claims)
    response = _post(security_stack, _job(demo_business.id), token)
    assert response.status_code == 403, response.text
    assert response.json()["message_he"]
    assert _to_agent(security_stack) == before


def test_a_verified_notice_is_sent_once_and_a_crafted_body_is_a_400(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    repos.leads.upsert(demo_business.id, LEAD, LeadDetails(name="גל"), source="voice")
    before = len(_to_agent(security_stack))
    token = security_stack.tasks_token(
        SYSTEM_CLOCK.now(), audience=security_stack.settings.notice_task_target
    )
    crafted = {**_job(demo_business.id), "phone": "not-a-phone", "text": "hello"}
    refused = _post(security_stack, crafted, token)
    assert refused.status_code == 400 and refused.json()["message_he"]

    replies = [_post(security_stack, _job(demo_business.id), token) for _ in range(2)]
    assert [r.json()["outcome"] for r in replies] == ["sent", "already_sent"]
    assert _to_agent(security_stack)[before:] == [f"לאה: {LEAD} (גל) ביקש/ה שיחזרו אליו/ה (מחיר)."]


def test_a_reminder_task_needs_the_token_for_its_own_url(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    headers = {"X-CloudTasks-QueueName": security_stack.settings.meetings_queue}
    body = {"business_id": demo_business.id, "appointment_id": "x", "start": "2026-12-01T08:00"}
    url = security_stack.url("meeting_reminder_task")
    assert httpx.post(url, json=body, headers=headers, timeout=30).status_code == 403
    notice_token = security_stack.tasks_token(
        SYSTEM_CLOCK.now(), audience=security_stack.settings.notice_task_target
    )
    headers["Authorization"] = f"Bearer {notice_token}"  # a token for another task
    assert httpx.post(url, json=body, headers=headers, timeout=30).status_code == 403
    own = security_stack.tasks_token(
        SYSTEM_CLOCK.now(),
        audience=security_stack.settings.public_base_url.rstrip("/") + "/meeting_reminder_task/",
    )
    headers["Authorization"] = f"Bearer {own}"
    reply = httpx.post(url, json=body, headers=headers, timeout=30)
    assert reply.status_code == 200 and reply.json() == {"sent": False}  # no such meeting
