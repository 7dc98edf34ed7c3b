"""An office owner downloads the PDF of an invoice: their own office's only, owners only, a bad
number answers 400 naming the field in Hebrew."""

from __future__ import annotations

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from tests.integration.api.world import Person, mint
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.test_billing_paypal import _subscription_of, signed_up

pytestmark = pytest.mark.emulators


def _paying_owner(world: BillingWorld) -> tuple[Person, str]:
    """An office live on PayPal with its first month paid (one invoice), and its owner."""
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    activated = world.paypal.approve(subscription, NOW, trial_days=14)
    assert world.paypal.deliver(world.paypal_hook, activated, NOW).status_code == 200
    sale = world.paypal.sale_completed(subscription, NOW)
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "paid"}
    return world.fresh_token(person), business_id


def test_an_owner_downloads_their_invoice_pdf_and_no_other_office_can(world: BillingWorld) -> None:
    owner_a, office_a = _paying_owner(world)
    owner_b, _ = _paying_owner(world)
    [invoice] = world.billing.payments.invoices.for_business(office_a)
    assert invoice.pdf_path is not None
    url = f"{world.api}/billing/invoices/{invoice.number}/pdf"

    answer = requests.get(url, headers=owner_a.headers())
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/pdf"
    assert f'filename="invoice-{invoice.number:08d}.pdf"' in answer.headers["Content-Disposition"]
    assert answer.content == world.billing.documents.get(invoice.pdf_path)
    assert answer.content.startswith(b"%PDF")

    # Office B's owner asks for A's number: the same 404 as a number never issued.
    foreign = requests.get(url, headers=owner_b.headers())
    never = requests.get(f"{world.api}/billing/invoices/9999/pdf", headers=owner_a.headers())
    assert (foreign.status_code, never.status_code) == (404, 404)
    assert foreign.json() == never.json()
    assert foreign.json()["message_he"] == "הפריט המבוקש לא נמצא"

    agent = mint(world.auth_host, world.firebase, {"business_id": office_a, "role": "agent"})
    assert requests.get(url, headers=agent.headers()).status_code == 403
    assert requests.get(url).status_code == 401


def test_a_bad_invoice_number_is_a_400_naming_the_field_in_hebrew(world: BillingWorld) -> None:
    owner, _ = _paying_owner(world)
    for raw in ["abc", "0", "-1", "007", "123456789", "1.5"]:
        answer = requests.get(f"{world.api}/billing/invoices/{raw}/pdf", headers=owner.headers())
        assert answer.status_code == 400, (raw, answer.text)
        body = answer.json()
        assert (body["field"], body["message_he"]) == (
            "invoice_number", "השדה מספר חשבונית אינו תקין")  # fmt: skip
