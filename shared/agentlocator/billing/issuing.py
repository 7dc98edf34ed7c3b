"""Issue a billing document end to end: its gapless number (``InvoiceBook``), its PDF kept in
Cloud Storage, and its delivery to the owner. Payments (invoice-receipts) and refunds (credit
notes) go through the same steps, so a retried webhook finishes whatever an earlier attempt left
undone (no PDF yet, not sent yet) and repeats nothing that was done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from agentlocator.billing import pdf
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.emails import Recipient
from agentlocator.billing.invoices import Invoice, InvoiceDraft
from agentlocator.billing.signing import ISRAEL
from agentlocator.billing.store import InvoiceBook

InvoiceSender = Callable[[Invoice, Recipient, datetime], bool]  # (document, owner, now)


class DocumentIssuer:
    def __init__(
        self,
        invoices: InvoiceBook,
        documents: DocumentStore,
        deliver: InvoiceSender | None,
        recipient_of: Callable[[str], Recipient],
    ) -> None:
        self._invoices = invoices
        self._documents = documents
        self._deliver = deliver
        self._recipient_of = recipient_of

    def issue(self, draft: InvoiceDraft, now: datetime) -> Invoice:
        invoice, _ = self._invoices.issue(draft)
        if invoice.pdf_path is None:  # also when an earlier attempt died before the upload
            shown = invoice.issued_at.astimezone(ISRAEL).strftime("%d/%m/%Y")
            path = f"invoices/{invoice.issuer_id}/{invoice.number:08d}.pdf"
            self._documents.put_pdf(path, pdf.render_invoice(invoice, shown))
            invoice = invoice.model_copy(update={"pdf_path": path})
            self._invoices.attach_pdf(invoice, path)
        if self._deliver is not None:  # once per document and channel: the sender keeps a ledger
            self._deliver(invoice, self._recipient_of(invoice.business_id), now)
        return invoice
