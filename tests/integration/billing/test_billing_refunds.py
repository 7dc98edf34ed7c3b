"""Refunds → credit notes (חשבונית מס זיכוי): PayPal's refund webhook, and an operator's
``agentlocator billing refund`` through the local Tranzila or PayPal. Exactly one credit note
per refund, numbered after the invoices with no gap, negative amounts, referring to the invoice;
more than is left is refused before any money moves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from agentlocator.billing import cli as billing_cli
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.onboarding import business_id_for
from agentlocator.cli import _parser
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.test_billing_paypal import _subscription_of, signed_up

pytestmark = pytest.mark.emulators


def _paid_by_paypal(world: BillingWorld) -> tuple[Any, str, dict[str, Any], Invoice]:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    sale = world.paypal.sale_completed(subscription, NOW)
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "paid"}
    [invoice] = world.billing.payments.invoices.for_business(business_id)
    return person, business_id, sale["resource"], invoice


def _paid_by_tranzila(world: BillingWorld) -> tuple[Any, str, Invoice]:
    person, _, paying = signed_up(world, "tranzila")
    business_id = business_id_for(person.uid)
    _, notified = world.tranzila.pay(paying["redirect_url"])
    assert notified.json() == {"outcome": "paid"}, notified.text
    [invoice] = world.billing.payments.invoices.for_business(business_id)
    return person, business_id, invoice


def _refund_cli(world: BillingWorld, *argv: str) -> int:
    args = _parser().parse_args(["billing", "refund", *argv])
    return billing_cli.run(args, world.billing, world.clock)


def _credit_note_mails(world: BillingWorld) -> list[str]:
    return [
        str(r.parsed()["Subject"])
        for r in world.mail.received
        if str(r.parsed()["Subject"]).startswith("חשבונית מס זיכוי")
    ]


def test_a_paypal_refund_webhook_20_times_at_once_is_one_credit_note(world: BillingWorld) -> None:
    person, business_id, sale, invoice = _paid_by_paypal(world)
    refund = world.paypal.refund_in_dashboard(sale["id"], "706.82")
    event = world.paypal.sale_refunded(refund, NOW)

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: world.paypal.deliver(world.paypal_hook, event, NOW),
                                range(20)))  # fmt: skip
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert sorted(a.json()["outcome"] for a in answers) == ["duplicate"] * 19 + ["refunded"]
    # PayPal may tell of the same refund in another event: still the same credit note.
    again = world.paypal.sale_refunded(refund, NOW)
    assert world.paypal.deliver(world.paypal_hook, again, NOW).json() == {"outcome": "refunded"}

    credit, original = world.billing.payments.invoices.for_business(business_id)
    assert (credit.kind, credit.number, credit.refers_to) == (
        "credit_note", invoice.number + 1, invoice.number)  # fmt: skip
    assert (credit.net_agorot, credit.vat_agorot, credit.total_agorot) == (-59900, -10782, -70682)
    assert credit.payment_reference == refund["id"]
    assert original.refunded_agorot == 70682
    assert world.billing.payments.invoices.numbers()[-2:] == [invoice.number, invoice.number + 1]
    assert _credit_note_mails(world) == [f"חשבונית מס זיכוי מס׳ {credit.number} — AgentLocator"]
    [mail] = [r.parsed() for r in world.mail.received if "זיכוי" in str(r.parsed()["Subject"])]
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_filename() == f"credit-note-{credit.number:08d}.pdf"
    assert credit.pdf_path is not None
    assert pdf.get_content() == world.billing.documents.get(credit.pdf_path)

    # The owner's billing page lists the credit note, and how much of the invoice was refunded.
    owner = world.fresh_token(person)
    page = requests.get(f"{world.api}/billing", headers=owner.headers()).json()
    listed = [(i["number"], i["kind"], i["total_agorot"], i["refers_to"], i["refunded_agorot"])
              for i in page["invoices"]]  # fmt: skip
    assert listed == [
        (credit.number, "credit_note", -70682, invoice.number, 0),
        (invoice.number, "invoice_receipt", 70682, None, 70682),
    ]
    pdf_answer = requests.get(f"{world.api}/billing/invoices/{credit.number}/pdf",
                              headers=owner.headers())  # fmt: skip
    assert pdf_answer.status_code == 200 and pdf_answer.content.startswith(b"%PDF")


def test_a_refund_webhook_beyond_the_invoice_is_not_credited(world: BillingWorld) -> None:
    _, business_id, sale, invoice = _paid_by_paypal(world)
    forged_amount = {"id": "RF-TOO-MUCH", "state": "completed", "sale_id": sale["id"],
                     "amount": {"total": "999.00", "currency": "ILS"}}  # fmt: skip
    event = world.paypal.sale_refunded(forged_amount, NOW)
    answer = world.paypal.deliver(world.paypal_hook, event, NOW)
    assert answer.json() == {"outcome": "refund_not_credited"}
    assert world.billing.payments.invoices.for_business(business_id) == [invoice]
    notices = world.repos.client.collection(f"businesses/{business_id}/billing_notices").stream()
    assert [n.get("notice") for n in notices] == ["refund_mismatch"]  # for a person to look at


def test_a_cli_refund_through_tranzila_is_one_credit_note_with_the_next_number(
    world: BillingWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    _, business_id, invoice = _paid_by_tranzila(world)
    book = world.billing.payments.invoices

    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number),
                       "--amount", "100.00") == 0  # fmt: skip
    partial = book.get(invoice.number + 1)
    assert (partial.kind, partial.refers_to) == ("credit_note", invoice.number)
    assert (partial.net_agorot, partial.vat_agorot, partial.total_agorot) == (-8475, -1525, -10000)

    def credits() -> list[dict[str, str]]:  # the local Tranzila lives for the whole session
        return [c for c in world.tranzila.credits.values()
                if c["reference_txn_id"] == invoice.payment_reference]  # fmt: skip

    assert credits() == [{"amount": "100.00", "reference_txn_id": invoice.payment_reference}]
    printed = capsys.readouterr().out
    assert f'"credit_note": {partial.number}' in printed and '"total_agorot": -10000' in printed

    # More than is left: refused in Hebrew and English; no money moves, no number is taken.
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number),
                       "--amount", "700.00") == 2  # fmt: skip
    refused = capsys.readouterr().err
    assert "סכום הזיכוי גדול מהיתרה שטרם זוכתה בחשבונית (נותרו 606.82 ₪)" in refused
    assert "the refund exceeds what is left to refund on this invoice (606.82 ILS left)" in refused
    assert len(credits()) == 1

    # The rest (no --amount), then the same money again: refused.
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number)) == 0
    rest = book.get(invoice.number + 2)
    assert rest.total_agorot == -60682 and rest.net_agorot + rest.vat_agorot == -60682
    assert book.get(invoice.number).refunded_agorot == 70682
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number)) == 2
    assert "החשבונית כבר זוכתה במלואה" in capsys.readouterr().err
    assert len(credits()) == 2

    numbers = book.numbers()
    assert numbers == list(range(1, len(numbers) + 1))  # gapless, invoices and credit notes
    assert numbers[-3:] == [invoice.number, invoice.number + 1, invoice.number + 2]
    assert _credit_note_mails(world) == [
        f"חשבונית מס זיכוי מס׳ {invoice.number + 1} — AgentLocator",
        f"חשבונית מס זיכוי מס׳ {invoice.number + 2} — AgentLocator",
    ]

    # A credit note cannot be refunded, nor another office's invoice.
    assert _refund_cli(world, "--business", business_id, "--invoice", str(rest.number)) == 2
    assert "ניתן לזכות רק חשבונית מס קבלה" in capsys.readouterr().err
    assert _refund_cli(world, "--business", "office-other", "--invoice", str(invoice.number)) == 2
    assert "the invoice belongs to another business" in capsys.readouterr().err
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number),
                       "--amount", "-5") == 2  # fmt: skip
    assert "סכום הזיכוי אינו תקין" in capsys.readouterr().err


def test_a_cli_refund_through_paypal_and_its_webhook_are_one_credit_note(
    world: BillingWorld,
) -> None:
    _, business_id, sale, invoice = _paid_by_paypal(world)
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number),
                       "--amount", "200.00") == 0  # fmt: skip
    [refund] = [r for r in world.paypal.refunds.values() if r["sale_id"] == sale["id"]]
    assert (refund["sale_id"], refund["amount"]) == (sale["id"], {"total": "200.00",
                                                                  "currency": "ILS"})  # fmt: skip
    # PayPal then tells us of the refund we made: the same credit note, not a second one.
    event = world.paypal.sale_refunded(refund, NOW)
    assert world.paypal.deliver(world.paypal_hook, event, NOW).json() == {"outcome": "refunded"}
    credit, original = world.billing.payments.invoices.for_business(business_id)
    assert (credit.number, credit.total_agorot, credit.payment_reference) == (
        invoice.number + 1, -20000, refund["id"])  # fmt: skip
    assert original.refunded_agorot == 20000
    assert len(_credit_note_mails(world)) == 1


def test_a_refund_that_died_before_its_credit_note_is_resumed_not_repeated(
    world: BillingWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run refunded at Tranzila, then died (the intent says so, with the refund's index):
    the operator's next run issues that credit note and refunds nothing more."""
    _, business_id, invoice = _paid_by_tranzila(world)
    tranzila = world.billing.payments.refunds._tranzila  # the product's own client
    charge = tranzila.query_transaction(invoice.payment_reference, int(NOW.timestamp()))
    refund_index = tranzila.refund(charge, 30000, int(NOW.timestamp()))
    intents = world.repos.client.collection("refund_intents")
    intents.document(f"{invoice.document_id}-0").set(
        {
            "business_id": business_id,
            "invoice": invoice.number,
            "amount_agorot": 30000,
            "state": "refunded",
            "refund_id": refund_index,
            "at": NOW,
        }  # fmt: skip
    )
    credited_before = dict(world.tranzila.credits)

    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number)) == 0
    assert f'"refund_reference": "{refund_index}"' in capsys.readouterr().out
    assert world.tranzila.credits == credited_before  # no second refund
    note = world.billing.payments.invoices.get(invoice.number + 1)
    assert (note.total_agorot, note.payment_reference) == (-30000, refund_index)
    assert intents.document(f"{invoice.document_id}-0").get().get("state") == "credited"

    # A run that died during the provider call: nothing moves until a person has looked.
    intents.document(f"{invoice.document_id}-30000").set(
        {
            "business_id": business_id,
            "invoice": invoice.number,
            "amount_agorot": 100,
            "state": "pending",
            "at": NOW,
        }  # fmt: skip
    )
    assert _refund_cli(world, "--business", business_id, "--invoice", str(invoice.number)) == 2
    assert "זיכוי של החשבונית הזו כבר בתהליך" in capsys.readouterr().err
    assert world.tranzila.credits == credited_before
