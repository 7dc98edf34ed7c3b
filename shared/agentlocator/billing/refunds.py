"""Refunds → credit notes (חשבונית מס זיכוי): a refund made anywhere produces exactly one credit
note, numbered in the same gapless sequence as the invoices, referring to the invoice refunded.

- PayPal tells us about a refund (made by us or in PayPal's dashboard) with
  ``PAYMENT.SALE.REFUNDED``: verified and claimed by event id like every webhook, then credited
  by refund id (``invoice_references/…-credit_note-{refund id}``), so the same refund delivered
  twenty times, or both by webhook and by our own call, is one credit note.
- A platform operator refunds with ``agentlocator billing refund``: the provider's refund API
  (PayPal ``POST /v1/payments/sale/{id}/refund``; Tranzila a ``credit`` transaction referring
  to the charge), then the credit note. Partial refunds may follow each other up to the
  invoice's total; more is refused before any money moves, and the credit note's own
  transaction refuses it again (``InvoiceBook.issue``).

An operator's refund is claimed first in ``refund_intents/{invoice document}-{refunded so far}``
(a create precondition): two operators refunding the same money at once → one goes through.
The next run for an invoice whose earlier run refunded but died before its credit note issues
that credit note with the stored refund id (whatever amount it is asked for) instead of
refunding again; a run that died during the provider call leaves the intent ``pending``, and
the invoice is refused until a person has checked the provider. (PayPal also gets a request id,
so even its refund call is idempotent.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from agentlocator.billing.errors import RefundRefused
from agentlocator.billing.invoices import Invoice, credit_note_for
from agentlocator.billing.issuing import DocumentIssuer
from agentlocator.billing.money import parse_shekels, shekels
from agentlocator.billing.paypal_api import PayPalApi
from agentlocator.billing.plans import CURRENCY
from agentlocator.billing.store import Documents, InvoiceBook
from agentlocator.billing.tranzila import APPROVED, TranzilaApi, TranzilaUnavailable

log = logging.getLogger("agentlocator.billing.refunds")

RecordNotice = Callable[[str, str, datetime], bool]  # (business, operator notice, at)


class Refunds:
    def __init__(
        self,
        invoices: InvoiceBook,
        issuer: DocumentIssuer,
        intents: Documents,
        paypal: PayPalApi,
        tranzila: TranzilaApi,
        record_notice: RecordNotice,
    ) -> None:
        self._invoices = invoices
        self._issuer = issuer
        self._intents = intents
        self._paypal = paypal
        self._tranzila = tranzila
        self._record_notice = record_notice

    # --- an operator's refund ---------------------------------------------------------------

    def refund(self, business_id: str, number: int, amount_agorot: int | None, now: datetime
               ) -> Invoice:  # fmt: skip
        """Refund ``amount_agorot`` (default: all that is left) of invoice ``number`` at its
        provider; the credit note issued for it."""
        if amount_agorot is not None and amount_agorot <= 0:
            raise RefundRefused("amount")
        original = self._invoices.get(number)
        if original.business_id != business_id:
            raise RefundRefused("other_business")
        if original.kind != "invoice_receipt":
            raise RefundRefused("not_an_invoice")
        left = original.refundable_agorot
        if left <= 0:
            raise RefundRefused("fully_refunded")
        amount = left if amount_agorot is None else amount_agorot
        if amount > left:
            raise RefundRefused("over_refund", left=shekels(left))
        unfinished = self._unfinished(original)
        if unfinished is not None:  # an earlier run refunded but died before its credit note
            key, stored = unfinished
            return self._credit(original, key, str(stored["refund_id"]),
                                int(stored["amount_agorot"]), now)  # fmt: skip
        key = f"{original.document_id}-{original.refunded_agorot}"
        claim = {"business_id": business_id, "invoice": number, "amount_agorot": amount,
                 "state": "pending", "at": now}  # fmt: skip
        if not self._intents.create(key, claim):
            raise RefundRefused("refund_in_progress")  # another operator, this very moment
        try:
            refund_id = self._at_provider(original, amount, key, now)
        except Exception:
            self._intents.delete(key)  # no money moved: the operator may try again
            raise
        self._intents.update(key, {"refund_id": refund_id, "state": "refunded"})
        return self._credit(original, key, refund_id, amount, now)

    def _unfinished(self, original: Invoice) -> tuple[str, dict[str, Any]] | None:
        """An intent of this invoice that is not credited yet: refunded → to resume (returned);
        pending → a refund at the provider is under way or died mid-call (refused: a person
        checks the provider before anything moves again)."""
        for key, stored in self._intents.where("invoice", original.number):
            if stored.get("state") == "pending":
                raise RefundRefused("refund_in_progress")
            if stored.get("state") == "refunded":
                return key, stored
        return None

    def _credit(self, original: Invoice, key: str, refund_id: str, amount: int, now: datetime
                ) -> Invoice:  # fmt: skip
        note = self._issuer.issue(credit_note_for(original, refund_id, now, amount), now)
        self._intents.update(key, {"state": "credited", "credit_note": note.number})
        log.info("invoice %s refunded %s agorot: credit note %s", original.document_id, amount,
                 note.number)  # fmt: skip
        return note

    def _at_provider(self, original: Invoice, amount: int, key: str, now: datetime) -> str:
        if original.provider == "paypal":
            refund = self._paypal.refund_sale(original.payment_reference, amount,
                                              request_id=f"refund-{key}")  # fmt: skip
            return refund.id
        unix = int(now.timestamp())
        charge = self._tranzila.query_transaction(original.payment_reference, unix)
        if charge.terminal != self._tranzila.terminal or charge.response_code != APPROVED:
            raise TranzilaUnavailable(f"transaction {charge.index} is not our approved charge")
        return self._tranzila.refund(charge, amount, unix)

    # --- PayPal's word that a refund happened ----------------------------------------------

    def paypal_refunded(self, resource: dict[str, Any], now: datetime) -> str:
        """``PAYMENT.SALE.REFUNDED``: the refund resource (``id``, ``sale_id``, ``amount``)."""
        refund_id = str(resource.get("id") or "")
        sale_id = str(resource.get("sale_id") or "")
        if not refund_id or not sale_id:
            return "ignored"
        if resource.get("state", "completed") != "completed":
            return "refund_not_completed"  # PayPal sends the event again when it completes
        amount = resource.get("amount") if isinstance(resource.get("amount"), dict) else {}
        assert isinstance(amount, dict)
        if amount.get("currency") != CURRENCY:
            return "wrong_currency"
        try:
            refunded = abs(parse_shekels(str(amount.get("total", ""))))
        except (ValueError, ArithmeticError):
            return "unreadable_amount"
        original = self._invoices.by_reference("paypal", "invoice_receipt", sale_id)
        if original is None:
            return "unknown_sale"
        try:
            draft = credit_note_for(original, refund_id, now, refunded)
            self._issuer.issue(draft, now)
        except (RefundRefused, ValueError):
            log.error("PayPal refund %s of sale %s (%s agorot) exceeds invoice %s: not credited",
                      refund_id, sale_id, refunded, original.number)  # fmt: skip
            self._record_notice(original.business_id, "refund_mismatch", now)
            return "refund_not_credited"
        return "refunded"
