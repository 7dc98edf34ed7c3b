"""Invoice numbers on the Firestore emulator: gapless per issuer under concurrency, one invoice
per payment, credit notes in the same numbering."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from agentlocator.billing.invoices import (
    Invoice,
    InvoiceDraft,
    InvoiceParty,
    credit_note_for,
    invoice_for_payment,
)
from agentlocator.billing.money import PriceBreakdown
from agentlocator.billing.store import InvoiceBook
from agentlocator.crm.repositories import Repositories

pytestmark = pytest.mark.emulators

ISSUER = InvoiceParty(name="AgentLocator בע״מ", business_number="515555555")
CUSTOMER = InvoiceParty(name="נדל״ן השרון", business_number="513000004")
AT = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
INSTANCES = 2


def _draft(reference: str) -> InvoiceDraft:
    price = PriceBreakdown.of_net(59900, Decimal(18))
    return invoice_for_payment("office-a", CUSTOMER, "מנוי", price, "tranzila", reference, AT)


def test_fifty_concurrent_payments_get_fifty_gapless_numbers(repos: Repositories) -> None:
    """50 payments at once, spread over 2 books as if 2 function instances issued them: within
    an instance a lock takes turns; between instances only the counter transaction keeps them
    apart (the emulator resolves their lock conflicts by timeouts, hence 2, not 5)."""
    books = [InvoiceBook(repos.client, "platform", ISSUER) for _ in range(INSTANCES)]

    def pay(i: int) -> tuple[Invoice, bool]:
        return books[i % INSTANCES].issue(_draft(f"pay-{i}"))

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(pay, range(50)))
    book = books[0]
    numbers = sorted(invoice.number for invoice, created in results)
    assert all(created for _, created in results)
    assert numbers == list(range(1, 51))
    assert book.numbers() == list(range(1, 51))


def test_a_repeated_payment_keeps_its_invoice_and_credit_notes_follow(repos: Repositories) -> None:
    book = InvoiceBook(repos.client, "platform", ISSUER)
    first, created = book.issue(_draft("pay-1"))
    again, created_again = book.issue(_draft("pay-1"))
    assert (first.number, created, again.number, created_again) == (1, True, 1, False)
    refund, _ = book.issue(credit_note_for(first, "refund-1", AT))
    assert (refund.number, refund.kind, refund.refers_to) == (2, "credit_note", 1)
    assert refund.total_agorot == -first.total_agorot == -70682
    other_issuer = InvoiceBook(repos.client, "office-a", CUSTOMER)
    assert other_issuer.issue(_draft("pay-1"))[0].number == 1
