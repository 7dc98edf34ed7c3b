"""The owner's e-mails as built (pure): RFC 2047 Hebrew headers, an RTL HTML part, the PDF
attached byte for byte; and how a partial refund splits into net and VAT."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from decimal import Decimal
from email.message import EmailMessage
from email.policy import default

import pytest

from agentlocator.billing.emails import Recipient, document_email, notice_email
from agentlocator.billing.invoices import Invoice, InvoiceParty, credit_note_for
from agentlocator.billing.money import net_of_gross

AT = datetime(2027, 12, 31, 22, 30, tzinfo=UTC)  # already 1 January in Israel
OWNER = Recipient("נדל״ן השרון בע״מ", "owner@sharon.example", "+972501234567")
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4  # every byte value: the attachment is binary-safe


def _invoice(**changes: object) -> Invoice:
    values: dict[str, object] = {
        "kind": "invoice_receipt", "business_id": "office-1",
        "customer": InvoiceParty(name=OWNER.name, business_number="515555555"),
        "description": "מנוי חודשי לשירות לאה — תוכנית מקצועי (01/2028)",
        "net_agorot": 59900, "vat_agorot": 10782, "vat_percent": Decimal("18"),
        "provider": "paypal", "payment_reference": "SALE-1", "issued_at": AT,
        "issuer_id": "agentlocator", "issuer": InvoiceParty(name="AgentLocator",
                                                             business_number="515555555"),
        "number": 42, "pdf_path": "invoices/agentlocator/00000042.pdf",
    }  # fmt: skip
    values.update(changes)
    return Invoice.model_validate(values)


def _wire(message: EmailMessage) -> tuple[bytes, EmailMessage]:
    raw = message.as_bytes()
    parsed = email.message_from_bytes(raw, policy=default)
    assert isinstance(parsed, EmailMessage)
    return raw, parsed


def test_an_invoice_email_is_hebrew_rtl_with_the_pdf() -> None:
    message = document_email(_invoice(), PDF, "AgentLocator <billing@agentlocator.co.il>", OWNER,
                             "https://app.example/billing", AT)  # fmt: skip
    raw, parsed = _wire(message)
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii() and b"Subject: =?utf-8?" in headers
    assert b"To:\r\n =?utf-8?" in headers  # the Hebrew display name, encoded too (folded)
    assert parsed["Subject"] == "חשבונית מס קבלה מס׳ 42 — AgentLocator"
    assert parsed["To"].addresses[0].display_name == OWNER.name
    assert parsed["Date"].datetime == AT
    plain = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content()  # type: ignore[attr-defined]
    assert "מצורפת חשבונית מס קבלה מס׳ 42 מיום 01/01/2028 על סך 706.82 ₪ כולל מע״מ." in text
    assert '<html lang="he" dir="rtl">' in html.get_content()  # type: ignore[attr-defined]
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_filename() == "invoice-00000042.pdf"
    assert attachment.get_content() == PDF


def test_html_is_escaped() -> None:
    hostile = Recipient("<script>alert(1)</script>", "o@example.com", None)
    message = notice_email("suspended", "office-1-2027-01-01-suspended", "b@example.com",
                           hostile, "https://app.example/billing", AT)  # fmt: skip
    html = message.get_body(("html",))
    assert html is not None
    assert "<script>" not in html.get_content()  # type: ignore[attr-defined]
    assert "&lt;script&gt;" in html.get_content()  # type: ignore[attr-defined]


def test_a_credit_note_email_names_the_refunded_invoice() -> None:
    note = _invoice(kind="credit_note", number=43, refers_to=42, net_agorot=-8475,
                    vat_agorot=-1525, pdf_path="x.pdf")  # fmt: skip
    _, parsed = _wire(document_email(note, PDF, "b@example.com", OWNER, "https://a/billing", AT))
    assert parsed["Subject"] == "חשבונית מס זיכוי מס׳ 43 — AgentLocator"
    plain = parsed.get_body(("plain",))
    assert plain is not None
    assert "על סך 100.00 ₪ כולל מע״מ, בגין חשבונית מס׳ 42." in plain.get_content()  # type: ignore[attr-defined]
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_filename() == "credit-note-00000043.pdf"


def test_no_email_address_no_email() -> None:
    with pytest.raises(ValueError):
        document_email(_invoice(), PDF, "b@example.com", Recipient("x", None, None), "u", AT)


@pytest.mark.parametrize("gross", [1, 2, 99, 100, 10000, 60682, 70681])
def test_a_partial_refund_splits_into_net_and_vat_that_add_up(gross: int) -> None:
    note = credit_note_for(_invoice(), "RF-1", AT, gross)
    assert note.total_agorot == -gross
    assert note.net_agorot == -net_of_gross(gross, Decimal("18"))
    assert abs(note.vat_agorot - note.net_agorot * Decimal("0.18")) <= 1


def test_a_full_refund_negates_the_invoice_exactly() -> None:
    note = credit_note_for(_invoice(), "RF-1", AT)
    assert (note.net_agorot, note.vat_agorot, note.refers_to) == (-59900, -10782, 42)


@pytest.mark.parametrize("gross", [0, -5, 70683])
def test_a_refund_outside_the_invoice_is_refused(gross: int) -> None:
    with pytest.raises(ValueError):
        credit_note_for(_invoice(), "RF-1", AT, gross)


def test_net_of_gross() -> None:
    assert net_of_gross(10000, Decimal("18")) == 8475  # 84.75 + 15.25 VAT = 100.00
    assert net_of_gross(70682, Decimal("18")) == 59900
