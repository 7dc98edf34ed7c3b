"""Tax invoice-receipts (חשבונית מס קבלה) and credit notes (חשבונית מס זיכוי), as data.

Pure. Numbers are gapless per issuer: the store allocates them in a Firestore transaction on
the issuer's counter (``store.InvoiceBook``); this module only builds and checks the document.
A credit note is a document of its own in the same numbering, with negative amounts and the
number of the invoice it refunds.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agentlocator.billing.money import PriceBreakdown, net_of_gross

DocumentKind = Literal["invoice_receipt", "credit_note"]


class InvoiceParty(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    business_number: str
    address: str = ""


class InvoiceDraft(BaseModel):
    """Everything but the number: what a payment or a refund asks to be invoiced."""

    model_config = ConfigDict(frozen=True)

    kind: DocumentKind
    business_id: str
    customer: InvoiceParty
    description: str
    net_agorot: int
    vat_agorot: int
    vat_percent: Decimal
    provider: str
    payment_reference: str  # the provider's id of the charge: one invoice per charge
    issued_at: datetime
    refers_to: int | None = None  # credit notes: the invoice number refunded

    @property
    def total_agorot(self) -> int:
        return self.net_agorot + self.vat_agorot


class Invoice(InvoiceDraft):
    issuer_id: str
    issuer: InvoiceParty
    number: int
    pdf_path: str | None = None  # in the documents bucket, once rendered
    refunded_agorot: int = 0  # invoice-receipts: the total of the credit notes referring to it

    @property
    def refundable_agorot(self) -> int:
        """What is left to refund (0 for a credit note: it refunds, it is not refunded)."""
        if self.kind == "credit_note":
            return 0
        return max(self.total_agorot - self.refunded_agorot, 0)

    @property
    def document_id(self) -> str:
        return f"{self.issuer_id}-{self.number:08d}"


def invoice_for_payment(
    business_id: str,
    customer: InvoiceParty,
    description: str,
    price: PriceBreakdown,
    provider: str,
    reference: str,
    at: datetime,
) -> InvoiceDraft:
    return InvoiceDraft(
        kind="invoice_receipt",
        business_id=business_id,
        customer=customer,
        description=description,
        net_agorot=price.net_agorot,
        vat_agorot=price.vat_agorot,
        vat_percent=price.vat_percent,
        provider=provider,
        payment_reference=reference,
        issued_at=at,
    )


def credit_note_for(
    original: Invoice, reference: str, at: datetime, refund_agorot: int | None = None
) -> InvoiceDraft:
    """A refund of ``original`` (all of it unless ``refund_agorot``, the refunded total with
    VAT, says less): the lines with the opposite sign. A partial refund splits its total into
    net and VAT at the original's rate; a full one negates the original's own figures, so the
    two documents cancel to the agora."""
    total = original.total_agorot if refund_agorot is None else refund_agorot
    if total <= 0 or total > original.total_agorot:
        raise ValueError(f"refund of {total} agorot on an invoice of {original.total_agorot}")
    if total == original.total_agorot:
        net, vat = original.net_agorot, original.vat_agorot
    else:
        net = net_of_gross(total, original.vat_percent)
        vat = total - net
    return InvoiceDraft(
        kind="credit_note",
        business_id=original.business_id,
        customer=original.customer,
        description=original.description,
        net_agorot=-net,
        vat_agorot=-vat,
        vat_percent=original.vat_percent,
        provider=original.provider,
        payment_reference=reference,
        issued_at=at,
        refers_to=original.number,
    )
