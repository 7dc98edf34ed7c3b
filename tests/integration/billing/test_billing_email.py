"""Invoices and credit notes e-mailed to the office owner: a real SMTP server on loopback
(aiosmtpd, with AUTH) receives them from the product's ``smtplib`` client; what arrived is
parsed with the ``email`` package. Once per document, even when the payment webhook is
delivered ten times at once; a failed send is sent by the retry."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

import pytest

from agentlocator.billing.emails import Recipient
from agentlocator.billing.invoice_delivery import InvoiceDelivery
from agentlocator.billing.onboarding import business_id_for
from agentlocator.billing.smtp_mail import MailUnavailable
from agentlocator.billing.wiring import invoice_delivery
from agentlocator.devstack.processes import free_port
from tests.integration.billing.conftest import MAIL_FROM, NOW, SMTP_LOGIN, BillingWorld
from tests.integration.billing.test_billing_paypal import SIGNUP, _subscription_of, signed_up

pytestmark = pytest.mark.emulators


def _parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    attachments = list(message.iter_attachments())
    return plain.get_content(), html.get_content(), attachments  # type: ignore[union-attr]


def test_an_invoice_is_emailed_once_with_its_pdf_even_when_the_webhook_comes_10_times_at_once(
    world: BillingWorld,
) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    assert world.mail.received == []  # a trial start invoices nothing, so mails nothing

    sale = world.paypal.sale_completed(subscription, NOW)
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: world.paypal.deliver(world.paypal_hook, sale, NOW),
                                range(10)))  # fmt: skip
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert sorted(a.json()["outcome"] for a in answers) == ["duplicate"] * 9 + ["paid"]

    [invoice] = world.billing.payments.invoices.for_business(business_id)
    [received] = world.mail.received
    assert received.login == SMTP_LOGIN[0]  # the client authenticated
    assert received.rcpt_tos == (person.email,)
    message = received.parsed()

    # Headers: the Hebrew subject travels as RFC 2047 encoded-words, never raw 8-bit.
    raw_headers = received.data.split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()
    assert b"Subject: =?utf-8?" in raw_headers
    assert message["Subject"] == f"חשבונית מס קבלה מס׳ {invoice.number} — AgentLocator"
    assert message["From"].addresses[0].addr_spec == "billing@agentlocator.test"
    assert str(message["From"]) == MAIL_FROM
    assert message["To"].addresses[0].addr_spec == person.email
    assert message["To"].addresses[0].display_name == SIGNUP["name"]
    assert message["Message-ID"] == f"<document-{invoice.document_id}@agentlocator.billing>"
    assert message["Content-Language"] == "he"

    plain, html, attachments = _parts(message)
    assert f"שלום {SIGNUP['name']}," in plain
    assert f"מצורפת חשבונית מס קבלה מס׳ {invoice.number} מיום 10/01/2027 על סך 706.82 ₪" in plain
    assert "עמוד החיוב: http://127.0.0.1:5173/billing" in plain
    assert '<html lang="he" dir="rtl">' in html and '<body dir="rtl"' in html
    assert "על סך 706.82 ₪" in html
    [pdf] = attachments
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"invoice-{invoice.number:08d}.pdf"
    assert invoice.pdf_path is not None
    assert pdf.get_content() == world.billing.documents.get(invoice.pdf_path)

    # The SMS went out once as well; a later redelivery sends nothing on either channel.
    assert len(world.twilio.messages) == 1
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "duplicate"}
    assert len(world.mail.received) == 1


def test_a_failed_email_is_sent_by_the_next_delivery(world: BillingWorld) -> None:
    """The SMTP server unreachable on the first delivery: the claim is released, so the retry
    (PayPal redelivers a webhook that answered 5xx) sends it, once."""
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    world.paypal.deliver(world.paypal_hook, world.paypal.sale_completed(subscription, NOW), NOW)
    [invoice] = world.billing.payments.invoices.for_business(business_id)
    assert len(world.mail.received) == 1

    settings = world.billing.settings
    dead = settings.model_copy(update={"smtp_port": free_port()})  # nobody listens there

    def delivery(port_settings: object) -> InvoiceDelivery:
        found = invoice_delivery(port_settings, world.repos.client, world.billing.documents)  # type: ignore[arg-type]
        assert found is not None
        return found

    other = invoice.model_copy(update={"number": invoice.number + 1000})  # not yet sent
    owner = Recipient(SIGNUP["name"], person.email, None)  # by e-mail only here
    with pytest.raises(MailUnavailable):
        delivery(dead)(other, owner, NOW)
    assert len(world.mail.received) == 1
    assert delivery(settings)(other, owner, NOW) is True
    assert delivery(settings)(other, owner, NOW) is False
    subjects = [r.parsed()["Subject"] for r in world.mail.received]
    assert subjects[1:] == [f"חשבונית מס קבלה מס׳ {other.number} — AgentLocator"]


def test_a_wrong_smtp_password_sends_nothing_and_releases_the_claim(world: BillingWorld) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    world.paypal.deliver(world.paypal_hook, world.paypal.sale_completed(subscription, NOW), NOW)
    [invoice] = world.billing.payments.invoices.for_business(business_id)
    other = invoice.model_copy(update={"number": invoice.number + 2000})
    owner = Recipient(SIGNUP["name"], person.email, None)
    wrong = world.billing.settings.model_copy(update={"smtp_password": "not-the-password"})
    found = invoice_delivery(wrong, world.repos.client, world.billing.documents)
    assert found is not None
    with pytest.raises(MailUnavailable):
        found(other, owner, NOW)
    assert len(world.mail.received) == 1  # only the payment's own invoice
    live = invoice_delivery(world.billing.settings, world.repos.client, world.billing.documents)
    assert live is not None and live(other, owner, NOW) is True
