"""The e-mails sent to an office owner, as ``email.message.EmailMessage`` (pure: no sending).

Hebrew, right to left: a plain-text part in logical order and an HTML part whose ``<html>``
and ``<body>`` carry ``dir="rtl"`` (mail clients ignore a stylesheet more often than the
attribute). Headers are encoded by the stdlib's SMTP policy: the Hebrew subject and display
name become RFC 2047 encoded-words, lines end in CRLF. Each document goes with its PDF.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from agentlocator.billing import texts_he
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.money import shekels
from agentlocator.billing.signing import ISRAEL

MESSAGE_ID_DOMAIN = "agentlocator.billing"


@dataclass(frozen=True)
class Recipient:
    """The office owner: the sign-up's business name, e-mail and phone (E.164)."""

    name: str
    email: str | None
    phone: str | None


def _address(raw: str, display_name: str = "") -> Address:
    name, addr = parseaddr(raw)
    if "@" not in addr:
        raise ValueError(f"not an e-mail address: {raw!r}")
    user, domain = addr.rsplit("@", 1)
    return Address(display_name or name, user, domain)


def _html(paragraphs: list[str]) -> str:
    body = "\n".join(
        "<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs if p
    )
    return (
        '<!DOCTYPE html>\n<html lang="he" dir="rtl">\n<head><meta charset="utf-8"></head>\n'
        '<body dir="rtl" style="direction: rtl; text-align: right; '
        'font-family: Arial, Helvetica, sans-serif;">\n'
        f"{body}\n</body>\n</html>\n"
    )


def _message(
    sender: str,
    to: Recipient,
    subject: str,
    paragraphs: list[str],
    sent_at: datetime,
    message_key: str,
) -> EmailMessage:
    if not to.email:
        raise ValueError("the owner has no e-mail address")
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(sender)
    message["To"] = _address(to.email, to.name)
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    # The same document always carries the same id: a resend is recognisably the same mail.
    message["Message-ID"] = f"<{message_key}@{MESSAGE_ID_DOMAIN}>"
    message.set_content("\n\n".join(p for p in paragraphs if p) + "\n")
    message.add_alternative(_html(paragraphs), subtype="html")
    return message


def document_email(
    invoice: Invoice,
    pdf: bytes,
    sender: str,
    to: Recipient,
    billing_url: str,
    sent_at: datetime,
) -> EmailMessage:
    """An invoice-receipt or a credit note, its PDF attached."""
    values = {
        "number": invoice.number,
        "date": invoice.issued_at.astimezone(ISRAEL).strftime("%d/%m/%Y"),
        "total": shekels(abs(invoice.total_agorot)),
        "description": invoice.description,
        "refers_to": invoice.refers_to or "",
    }
    if invoice.kind == "credit_note":
        subject = texts_he.CREDIT_NOTE_EMAIL_SUBJECT.format(**values)
        body = texts_he.CREDIT_NOTE_EMAIL_BODY.format(**values)
        filename = f"credit-note-{invoice.number:08d}.pdf"
    else:
        subject = texts_he.INVOICE_EMAIL_SUBJECT.format(**values)
        body = texts_he.INVOICE_EMAIL_BODY.format(**values)
        filename = f"invoice-{invoice.number:08d}.pdf"
    paragraphs = [
        texts_he.EMAIL_GREETING.format(name=to.name),
        body,
        texts_he.EMAIL_BILLING_PAGE.format(url=billing_url),
        texts_he.EMAIL_SIGNATURE,
    ]
    message = _message(sender, to, subject, paragraphs, sent_at, f"document-{invoice.document_id}")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    message["Content-Language"] = "he"  # last: building the MIME parts drops Content-* headers
    return message


def notice_email(
    notice: str, notice_key: str, sender: str, to: Recipient, billing_url: str, sent_at: datetime
) -> EmailMessage:
    """A payment notice (``texts_he.NOTICES``) with the link to pay or change the card."""
    paragraphs = [
        texts_he.EMAIL_GREETING.format(name=to.name),
        texts_he.NOTICES[notice],
        texts_he.NOTICE_EMAIL_ACTION.format(url=billing_url),
        texts_he.EMAIL_SIGNATURE,
    ]
    subject = texts_he.NOTICE_EMAIL_SUBJECTS[notice]
    message = _message(sender, to, subject, paragraphs, sent_at, f"notice-{notice_key}")
    message["Content-Language"] = "he"
    return message


def notice_text(notice: str, billing_url: str) -> str:
    """The same notice as an SMS."""
    return texts_he.NOTICE_SMS.format(text=texts_he.NOTICES[notice], url=billing_url)
