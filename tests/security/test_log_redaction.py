"""Issue 13, item 10: lead phones (path segments of the CRM API, webhook fields) never land in
the running servers' logs."""

from __future__ import annotations

import httpx
import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]

PHONE = "+972509876543"


def test_phones_in_request_paths_are_redacted_in_the_request_log(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    repos.leads.upsert(demo_business.id, PHONE, source="manual")
    for path in (f"/leads/{PHONE}", f"/leads/{PHONE}/timeline", "/leads/0509876543"):
        response = httpx.get(security_stack.crm(path), headers=owner.headers())
        assert response.status_code == 200, response.text
    security_stack.start_call(PHONE, DEMO_TWILIO_NUMBER)  # the caller's phone in a webhook
    logs = security_stack.logs()
    assert "crm_api/leads/[phone •••43]" in logs  # the request log line is there, redacted
    for spelling in ("972509876543", "0509876543", "%2B972509876543", "9876543"):
        assert spelling not in logs
