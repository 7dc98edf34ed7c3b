"""Each issued invoice is texted to the office owner once (through the Twilio stand-in), with a
signed download link that expires; the payment webhook delivered again and again sends nothing
more."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests

from agentlocator.billing.emails import Recipient
from agentlocator.billing.invoice_delivery import InvoiceDelivery
from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.onboarding import business_id_for
from agentlocator.billing.signing import signing_token
from agentlocator.billing.wiring import invoice_delivery
from agentlocator.config import Settings
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.billing.conftest import INVOICES_FROM, NOW, BillingWorld
from tests.integration.billing.test_billing_paypal import _subscription_of, signed_up

pytestmark = pytest.mark.emulators

OWNER_PHONE = "+972501234567"  # the sign-up's 050-1234567


def test_an_invoice_is_texted_once_even_when_the_webhook_comes_again(world: BillingWorld) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    activated = world.paypal.approve(subscription, NOW, trial_days=14)
    assert world.paypal.deliver(world.paypal_hook, activated, NOW).status_code == 200
    assert world.twilio.messages == {}  # a trial start invoices nothing, so sends nothing

    sale = world.paypal.sale_completed(subscription, NOW)
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "paid"}
    world.paypal.deliver(world.paypal_hook, sale, NOW)
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: world.paypal.deliver(world.paypal_hook, sale, NOW),
                                range(10)))  # fmt: skip
    assert {a.status_code for a in answers} == {200}

    [invoice] = world.billing.payments.invoices.for_business(business_id)
    [message] = world.twilio.messages.values()
    assert (message["from"], message["to"]) == (INVOICES_FROM, OWNER_PHONE)
    body = message["body"]
    assert f"חשבונית מס קבלה מס׳ {invoice.number} על סך 706.82 ₪" in body
    link = body.rsplit(" ", 1)[-1]
    assert link.startswith(f"{world.url}/crm/invoice-files/")

    pdf = requests.get(link)  # no login: the signed link is the key
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert invoice.pdf_path is not None
    assert pdf.content == world.billing.documents.get(invoice.pdf_path)

    token = urlsplit(link).path.rsplit("/", 1)[-1]
    secret = world.billing.settings.signing_link_secret
    files = f"{world.api}/invoice-files"
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    expired = invoice_link_token(secret, invoice.document_id, NOW - timedelta(seconds=1))
    other = invoice_link_token(secret, invoice.document_id.rsplit("-", 1)[0] + "-00000099",
                               NOW + timedelta(days=1))  # fmt: skip
    contract_token = signing_token(secret, invoice.document_id, NOW + timedelta(days=1))
    for bad in (forged, expired, contract_token):
        refused = requests.get(f"{files}/{bad}")
        assert refused.status_code == 403, (bad, refused.text)
        assert refused.json()["reason"] == "invoice_link"
        assert refused.json()["message_he"] == "קישור החשבונית אינו תקף או שפג תוקפו"
    assert requests.get(f"{files}/{other}").status_code == 404  # valid link, no such invoice

    # The link stops working once its days are over.
    world.clock.set(NOW + timedelta(days=world.billing.settings.invoice_link_days, seconds=1))
    assert requests.get(link).status_code == 403


def test_a_failed_text_is_sent_by_the_next_delivery(world: BillingWorld) -> None:
    """Twilio unreachable on the first delivery: the claim is released, so the retry (PayPal
    redelivers a webhook that answered 5xx) sends it, once."""
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    sale = world.paypal.sale_completed(subscription, NOW)
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "paid"}
    [invoice] = world.billing.payments.invoices.for_business(business_id)

    settings = world.billing.settings
    with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as gone:
        dead_base = gone.base_url  # a port nobody listens on once this block ends
    dead = settings.model_copy(update={"twilio_api_base": dead_base})
    live = settings

    def delivery(s: Settings) -> InvoiceDelivery:
        found = invoice_delivery(s, world.repos.client, world.billing.documents)
        assert found is not None
        return found

    other = invoice.model_copy(update={"number": invoice.number + 1000})  # not yet sent
    owner = Recipient("נדל״ן השרון בע״מ", None, OWNER_PHONE)  # by SMS only here
    with pytest.raises(requests.ConnectionError):
        delivery(dead)(other, owner, NOW)
    assert delivery(live)(other, owner, NOW) is True
    assert delivery(live)(other, owner, NOW) is False
    sent = [m["body"] for m in world.twilio.messages.values()]
    assert len(sent) == 2  # the payment's own invoice, then the retried one, once
    assert f"מס׳ {other.number} " in sent[1]
