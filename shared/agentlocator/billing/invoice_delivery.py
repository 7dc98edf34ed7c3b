"""Send each issued invoice (or credit note) to the office owner once: an SMS through Twilio's
REST API with a signed download link that expires (served by ``GET /invoice-files/{token}``).

Once per document even when the payment webhook arrives twice or twenty times at once: only the
delivery that creates ``notifications/invoice:{document_id}`` sends (the notification ledger);
a failed send releases the claim so the provider's retry sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from google.cloud import firestore

from agentlocator.billing import texts_he
from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.money import shekels
from agentlocator.crm.notifications import NotificationLedger

log = logging.getLogger(__name__)

SendText = Callable[[str, str, str], str]  # (from, to, body) → message sid


def invoice_message(invoice: Invoice, url: str) -> str:
    template = texts_he.CREDIT_NOTE_SENT if invoice.kind == "credit_note" else texts_he.INVOICE_SENT
    return template.format(number=invoice.number, total=shekels(abs(invoice.total_agorot)),
                           url=url)  # fmt: skip


class InvoiceDelivery:
    def __init__(
        self,
        client: firestore.Client,
        send: SendText,
        sender: str,
        secret: str,
        link_days: int,
        link_base: str,
    ) -> None:
        self._ledger = NotificationLedger(client)
        self._send, self._sender, self._secret = send, sender, secret
        self._link_days, self._link_base = link_days, link_base.rstrip("/")

    def link(self, invoice: Invoice, now: datetime) -> str:
        expires = now + timedelta(days=self._link_days)
        token = invoice_link_token(self._secret, invoice.document_id, expires)
        return f"{self._link_base}/invoice-files/{token}"

    def __call__(self, invoice: Invoice, to: str, now: datetime) -> bool:
        """True when this call sent it; False when it had been sent (or is being sent)."""
        key = f"invoice:{invoice.document_id}"
        if not self._ledger.claim(key, now, business_id=invoice.business_id, to=to):
            return False
        try:
            sid = self._send(self._sender, to, invoice_message(invoice, self.link(invoice, now)))
        except Exception:
            self._ledger.release(key)
            raise
        self._ledger.mark_sent(key, sid)
        log.info("invoice %s sent to the owner of %s", invoice.document_id, invoice.business_id)
        return True
