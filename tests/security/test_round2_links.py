"""Round 2 (PROBES_ROUND2.md 12-15): links that open a document without a login: the invoice
download link texted to an owner and the meeting's .ics link texted to a lead."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.signing import signing_token
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.meetings.ics import ics_token
from tests.security.conftest import SecurityStack
from tests.security.test_round2_signing import assert_json_error

pytestmark = [pytest.mark.emulators]

LEAD = "+972501234567"


def _invoice_file(stack: SecurityStack, token: str) -> httpx.Response:
    return httpx.get(stack.crm(f"/invoice-files/{token}"), timeout=30)


def test_forged_expired_and_cross_purpose_invoice_links_are_a_403(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    secret = security_stack.settings.signing_link_secret
    now = SYSTEM_CLOCK.now()
    document = "agentlocator-1"
    valid = invoice_link_token(secret, document, now + timedelta(days=1))
    name, expiry, mac = valid.split(".")
    tokens = {
        "altered": f"{name}.{expiry}.{mac[::-1]}",
        "longer": f"{name}.{int(expiry) + 10**6}.{mac}",
        "expired": invoice_link_token(secret, document, now - timedelta(seconds=1)),
        "signing": signing_token(secret, document, now + timedelta(days=1)),
        "other issuer": invoice_link_token(secret, "someone-else-1", now + timedelta(days=1)),
    }
    for kind, token in tokens.items():
        body = assert_json_error(_invoice_file(security_stack, token), 403)
        assert body["reason"] == "invoice_link", kind


def _ics(stack: SecurityStack, params: dict[str, str]) -> httpx.Response:
    return httpx.get(stack.url("meeting_ics"), params=params, timeout=30)


@pytest.mark.parametrize("token", ["é" * 32, "²" * 32, "ab\u202e", "\x00"])
def test_a_non_ascii_ics_token_is_a_403(
    security_stack: SecurityStack, demo_business: Business, token: str
) -> None:
    response = _ics(security_stack, {"b": demo_business.id, "a": "x", "t": token})
    assert_json_error(response, 403)


def _booked(repos: Repositories, business: Business) -> str:
    repos.leads.upsert(business.id, LEAD, LeadDetails(name="דנה"), source="voice")
    start = (SYSTEM_CLOCK.now() + timedelta(days=3)).replace(microsecond=0)
    booked = repos.appointments.book(
        business.id, LEAD, business.agents[0].id, start, start + timedelta(minutes=30)
    )
    return booked.id


def test_another_meetings_ics_token_is_a_403(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    secret = security_stack.settings.stream_token_secret
    mine, other = _booked(repos, demo_business), "another-appointment"
    token = ics_token(secret, demo_business.id, other)
    response = _ics(security_stack, {"b": demo_business.id, "a": mine, "t": token})
    assert_json_error(response, 403)
    good = ics_token(secret, demo_business.id, mine)
    served = _ics(security_stack, {"b": demo_business.id, "a": mine, "t": good})
    assert served.status_code == 200, served.text


def test_a_carriage_return_in_the_office_address_adds_no_ics_line(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    """The address is the office's own (sign-up form); CR is kept by text cleaning (it is a
    line break), so the .ics must escape it like LF or it starts a property of its own."""
    repos.businesses.update(
        demo_business.id, {"address": "רוטשילד 10\rATTENDEE:mailto:x@evil.example"}
    )
    appointment = _booked(repos, demo_business)
    token = ics_token(security_stack.settings.stream_token_secret, demo_business.id, appointment)
    served = _ics(security_stack, {"b": demo_business.id, "a": appointment, "t": token})
    assert served.status_code == 200, served.text
    lines = served.content.split(b"\r\n")
    assert not any(line.startswith(b"ATTENDEE") for line in lines), lines
    assert b"\rATTENDEE" not in served.content
