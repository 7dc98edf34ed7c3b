"""Send each issued invoice (or credit note) to the office owner once per channel: an e-mail
with the PDF attached (SMTP) and, when a sending number is set, an SMS through Twilio's REST
API with a signed download link that expires (served by ``GET /invoice-files/{token}``).

Once per document and channel even when the payment webhook arrives twice or twenty times at
once: only the delivery that creates ``notifications/invoice-email:{document_id}`` (e-mail) or
``notifications/invoice:{document_id}`` (SMS) sends (the notification ledger); a failed send
releases its claim so the provider's retry sends it. One channel failing does not hold the
other back: both are tried, then the first failure is raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from google.cloud import firestore

from agentlocator.billing import texts_he
from agentlocator.billing.emails import Recipient, document_email
from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.money import shekels
from agentlocator.crm.notifications import NotificationLedger

log = logging.getLogger(__name__)

SendText = Callable[[str, str, str], str]  # (from, to, body) → message sid
SendMail = Callable[[EmailMessage], str]  # → Message-ID


@dataclass(frozen=True)
class Channels:
    """How the owner is reached: either may be absent (then that channel is skipped)."""

    send_mail: SendMail | None = None
    mail_from: str = ""
    send_text: SendText | None = None
    sms_from: str | None = None
    billing_url: str = ""  # the web app's billing page (pay, change card, all invoices)


def run_all(sends: list[Callable[[], bool]]) -> bool:
    """Each send is tried; the first failure is raised once all were tried."""
    failure: Exception | None = None
    sent = False
    for send in sends:
        try:
            sent = send() or sent
        except Exception as exc:  # every channel gets its turn before the error goes up
            log.exception("sending to the owner failed")
            failure = failure or exc
    if failure is not None:
        raise failure
    return sent


def invoice_message(invoice: Invoice, url: str) -> str:
    template = texts_he.CREDIT_NOTE_SENT if invoice.kind == "credit_note" else texts_he.INVOICE_SENT
    return template.format(number=invoice.number, total=shekels(abs(invoice.total_agorot)),
                           url=url)  # fmt: skip


class InvoiceDelivery:
    def __init__(
        self,
        client: firestore.Client,
        channels: Channels,
        read_pdf: Callable[[str], bytes],
        secret: str,
        link_days: int,
        link_base: str,
    ) -> None:
        self._once = NotificationLedger(client).send_once
        self._channels = channels
        self._read_pdf = read_pdf
        self._secret = secret
        self._link_days, self._link_base = link_days, link_base.rstrip("/")

    def link(self, invoice: Invoice, now: datetime) -> str:
        expires = now + timedelta(days=self._link_days)
        token = invoice_link_token(self._secret, invoice.document_id, expires)
        return f"{self._link_base}/invoice-files/{token}"

    def __call__(self, invoice: Invoice, to: Recipient, now: datetime) -> bool:
        """True when this call sent it on some channel; False when every channel had sent it
        (or is sending it)."""
        channels = self._channels
        document, owner = invoice.document_id, invoice.business_id
        sends: list[Callable[[], bool]] = []
        if channels.send_mail is not None and to.email:
            send_mail, email = channels.send_mail, to.email

            def mail() -> str:
                if invoice.pdf_path is None:
                    raise ValueError(f"invoice {document} has no PDF yet")
                pdf = self._read_pdf(invoice.pdf_path)
                return send_mail(
                    document_email(invoice, pdf, channels.mail_from, to, channels.billing_url, now)
                )

            sends.append(
                lambda: self._once(
                    f"invoice-email:{document}", now, mail, business_id=owner, to=email
                )  # fmt: skip
            )
        if channels.send_text is not None and channels.sms_from and to.phone:
            send_text, sender, phone = channels.send_text, channels.sms_from, to.phone

            def text() -> str:
                return send_text(sender, phone, invoice_message(invoice, self.link(invoice, now)))

            sends.append(
                lambda: self._once(f"invoice:{document}", now, text, business_id=owner, to=phone)
            )
        sent = run_all(sends)
        if sent:
            log.info("invoice %s sent to the owner of %s", document, owner)
        return sent
