"""An office's brokerage agreement: staff create it for a lead, the client signs through the
link (no login), the signed PDF is sealed and kept; the office sees the status."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.test_billing_paypal import _subscription_of, signed_up

pytestmark = pytest.mark.emulators

BROKERAGE = {
    "lead_id": "+972527654321",
    "broker_name": "דנה כהן",
    "license_number": "123456",
    "client_name": "משה לוי",
    "client_id": "123456782",
    "client_phone": "052-7654321",
    "deal_type": "buy",
    "property_address": "רחוב ויצמן 5, כפר סבא",
    "fee_percent": "2",
    "exclusivity_days": 90,
}


def _live_owner(world: BillingWorld) -> Any:
    person, _, _ = signed_up(world, "paypal")
    subscription = _subscription_of(world, business_id_for(person.uid))
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    return world.fresh_token(person)


def test_brokerage_agreement_sent_signed_by_link_sealed_and_listed(world: BillingWorld) -> None:
    owner = _live_owner(world)
    created = requests.post(f"{world.api}/contracts", json=BROKERAGE, headers=owner.headers())
    assert created.status_code == 201, created.text
    sent = created.json()
    token = sent["signing_url"].rsplit("/sign/", 1)[1]
    assert sent["signing_url"].startswith("http://127.0.0.1:5173/sign/")
    assert sent["whatsapp_text"].startswith("שלום משה לוי") and token in sent["whatsapp_text"]

    page = requests.get(f"{world.api}/sign/{token}")  # no Authorization header at all
    assert page.status_code == 200, page.text
    # the client's first opening is recorded: the office sees it as "opened"
    assert (page.json()["status"], page.json()["client_name"]) == ("opened", "משה לוי")
    sha = page.json()["pdf_sha256"]

    forged = token[:-4] + ("0000" if not token.endswith("0000") else "1111")
    refused = requests.get(f"{world.api}/sign/{forged}")
    assert (refused.status_code, refused.json()["reason"]) == (403, "signing_link")
    stale_body = {"typed_name": "משה לוי", "consent": True, "pdf_sha256": "1" * 64}
    stale = requests.post(f"{world.api}/sign/{token}", json=stale_body)
    assert (stale.status_code, stale.json()["field"]) == (400, "pdf_sha256")

    client = {"User-Agent": "WhatsApp-browser", "X-Forwarded-For": "203.0.113.9"}
    body = {"typed_name": "משה לוי", "consent": True, "pdf_sha256": sha}
    signed = requests.post(f"{world.api}/sign/{token}", json=body, headers=client)
    assert signed.status_code == 200, signed.text
    assert signed.json()["status"] == "signed"
    assert signed.json()["signature"]["ip"] == "203.0.113.9"
    again = requests.post(f"{world.api}/sign/{token}", json=body, headers=client)
    assert (again.status_code, again.json()["reason"]) == (409, "already_signed")

    listed = requests.get(f"{world.api}/contracts", headers=owner.headers()).json()["items"]
    assert [(c["client_name"], c["status"]) for c in listed] == [("משה לוי", "signed")]
    [stored] = world.billing.office_contracts.list(business_id_for(owner.uid))
    assert stored.signed_uri is not None and stored.signature is not None
    sealed = world.billing.documents.get(stored.signed_uri.split("/", 3)[3])
    assert world.billing.seal is not None and world.billing.seal.verify(sealed)


def test_brokerage_needs_a_license_number(world: BillingWorld) -> None:
    owner = _live_owner(world)
    answer = requests.post(f"{world.api}/contracts", json={**BROKERAGE, "license_number": "12"},
                           headers=owner.headers())  # fmt: skip
    assert (answer.status_code, answer.json()["field"]) == (400, "license_number")
