"""Billing's Firestore documents (see docs/data-model.md, "Billing").

Idempotency at the storage edge: provider events and Tranzila transactions are claimed with
``create`` (a precondition, not a read-then-write); invoice numbers come from a transaction on
the issuer's counter, which also records the payment reference, so a retried payment never
gets a second invoice and no number is ever skipped.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from google.api_core.exceptions import Aborted, AlreadyExists
from google.cloud import firestore

from agentlocator.billing.errors import RefundRefused
from agentlocator.billing.invoices import Invoice, InvoiceDraft, InvoiceParty
from agentlocator.billing.money import shekels
from agentlocator.billing.state import BillingAccount, BillingEvent, BillingRules, Transition, apply
from agentlocator.errors import NotFound

log = logging.getLogger("agentlocator.billing.store")
T = TypeVar("T")

# Firestore retries a transaction that lost a race; the emulator locks pessimistically, so a
# burst of payments on one counter needs more attempts than the default five.
TRANSACTION_ATTEMPTS = 60
# Contended counter transactions: rounds of a few immediate attempts, with a random pause
# between rounds so contenders that deadlocked each other do not retry in lockstep.
COUNTER_ROUNDS = 40
COUNTER_ATTEMPTS_PER_ROUND = 3
COUNTER_PAUSE_SECONDS = 0.05


def run_contended(run: Callable[[firestore.Transaction], T], client: firestore.Client) -> T:
    for round_number in range(COUNTER_ROUNDS):
        try:
            result: T = run(client.transaction(max_attempts=COUNTER_ATTEMPTS_PER_ROUND))
            return result
        except (ValueError, Aborted) as exc:  # "Failed to commit transaction in N attempts"
            if round_number == COUNTER_ROUNDS - 1:
                raise
            log.info("counter transaction contended (%s), round %d", exc, round_number)
            ceiling = COUNTER_PAUSE_SECONDS * 2 ** min(round_number, 5)
            time.sleep(random.uniform(0, ceiling))  # pacing, not a clock reading
    raise AssertionError("unreachable")


def _account_ref(client: firestore.Client, business_id: str) -> Any:
    return (
        client.collection("businesses")
        .document(business_id)
        .collection("billing")
        .document("account")
    )


class AccountStore:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def get(self, business_id: str) -> BillingAccount | None:
        snap = _account_ref(self._client, business_id).get()
        return BillingAccount.model_validate(snap.to_dict()) if snap.exists else None

    def create(self, account: BillingAccount) -> BillingAccount:
        """The first account of a business wins; a repeat returns the stored one."""
        try:
            _account_ref(self._client, account.business_id).create(account.model_dump())
            return account
        except AlreadyExists:
            stored = self.get(account.business_id)
            assert stored is not None
            return stored

    def apply(
        self,
        business_id: str,
        event: BillingEvent,
        rules: BillingRules,
        update: Callable[[BillingAccount], BillingAccount] | None = None,
    ) -> Transition:
        """Run the state machine on the stored account in one transaction."""
        ref = _account_ref(self._client, business_id)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> Transition:
            snap = ref.get(transaction=transaction)
            if not snap.exists:
                raise NotFound(f"billing account {business_id}")
            account = BillingAccount.model_validate(snap.to_dict())
            if update is not None:
                account = update(account)
            result = apply(account, event, rules)
            if result.changed or update is not None:
                transaction.set(ref, result.account.model_dump())
            return result

        transition: Transition = run(self._client.transaction(max_attempts=TRANSACTION_ATTEMPTS))
        return transition

    def business_ids(self) -> list[str]:
        """Every business with a billing account (the daily run walks them)."""
        query = self._client.collection_group("billing")
        return sorted(
            snap.reference.parent.parent.id
            for snap in query.stream()
            if snap.id == "account" and snap.reference.parent.parent is not None
        )

    def _notices(self, business_id: str) -> Any:
        return (self._client.collection("businesses").document(business_id)
                .collection("billing_notices"))  # fmt: skip

    def record_notice(self, business_id: str, notice: str, at: datetime) -> bool:
        """Keep a notice for delivery to the owner once per day and kind (a rerun is a no-op)."""
        key = f"{at.date().isoformat()}-{notice}"
        try:
            self._notices(business_id).document(key).create(
                {"notice": notice, "at": at, "sent_at": None}
            )
            return True
        except AlreadyExists:
            return False

    def unsent_notices(self, business_id: str, since: datetime) -> list[tuple[str, str]]:
        """(key, notice) of the notices recorded at or after ``since`` not yet sent, oldest
        first."""
        query = self._notices(business_id).where(filter=firestore.FieldFilter("at", ">=", since))
        rows = [(snap.get("at"), snap.id, str(snap.get("notice"))) for snap in query.stream()
                if snap.to_dict().get("sent_at") is None]  # fmt: skip
        return [(key, notice) for _, key, notice in sorted(rows)]

    def mark_notice_sent(self, business_id: str, key: str, at: datetime) -> None:
        self._notices(business_id).document(key).update({"sent_at": at})

    def set_subscription(self, business_id: str, subscription_id: str) -> None:
        _account_ref(self._client, business_id).update(
            {"provider_subscription_id": subscription_id}
        )

    def payment_method_changed(
        self, business_id: str, at: datetime, subscription_id: str | None = None
    ) -> BillingAccount:
        """Record a confirmed change of card (and the standing order that now charges it)."""
        changes: dict[str, Any] = {"payment_method_changed_at": at, "updated_at": at}
        if subscription_id is not None:
            changes["provider_subscription_id"] = subscription_id
        _account_ref(self._client, business_id).update(changes)
        account = self.get(business_id)
        assert account is not None
        return account


class EventLedger:
    """One claim per provider event id (PayPal retries a webhook up to 25 times)."""

    def __init__(self, client: firestore.Client) -> None:
        self._events = client.collection("billing_events")

    def claim(self, provider: str, event_id: str, at: datetime, summary: dict[str, Any]) -> bool:
        try:
            self._events.document(f"{provider}-{event_id}").create(
                {"provider": provider, "event_id": event_id, "received_at": at, **summary}
            )
            return True
        except AlreadyExists:
            return False

    def release(self, provider: str, event_id: str) -> None:
        """Undo a claim whose processing failed, so the provider's retry is processed."""
        self._events.document(f"{provider}-{event_id}").delete()


class InvoiceBook:
    """Gapless numbers per issuer: ``invoice_counters/{issuer}`` holds the last number."""

    def __init__(self, client: firestore.Client, issuer_id: str, issuer: InvoiceParty) -> None:
        self._client = client
        self.issuer_id = issuer_id
        self._issuer = issuer
        self._counter = client.collection("invoice_counters").document(issuer_id)
        self._invoices = client.collection("invoices")
        self._references = client.collection("invoice_references")
        # One counter transaction at a time per instance: a few contenders (instances) on the
        # counter commit quickly; dozens of threads thrash it and exhaust their retries.
        self._turn = threading.Lock()

    def _reference(self, provider: str, kind: str, payment_reference: str) -> Any:
        return self._references.document(f"{self.issuer_id}-{provider}-{kind}-{payment_reference}")

    def issue(self, draft: InvoiceDraft) -> tuple[Invoice, bool]:
        """The invoice for this payment reference (new → True, already issued → False).

        A credit note also adds its total to the refunded invoice's ``refunded_agorot`` in the
        same transaction, and is refused (``RefundRefused``) if that would pass the invoice's
        total: two refunds racing for the last shekels cannot both be credited."""
        reference = self._reference(draft.provider, draft.kind, draft.payment_reference)
        refunded = None
        if draft.kind == "credit_note":
            if draft.refers_to is None:
                raise ValueError("a credit note names the invoice it refunds")
            refunded = self._invoices.document(f"{self.issuer_id}-{draft.refers_to:08d}")

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> tuple[Invoice, bool]:
            existing = reference.get(transaction=transaction)
            counter = self._counter.get(transaction=transaction)
            original = refunded.get(transaction=transaction) if refunded is not None else None
            if existing.exists:
                return self.get(int(existing.get("number"))), False
            if refunded is not None:
                _check_refund(original, -draft.total_agorot)
            number = int(counter.get("last")) + 1 if counter.exists else 1
            invoice = Invoice(
                **draft.model_dump(), issuer_id=self.issuer_id, issuer=self._issuer, number=number
            )
            transaction.set(self._counter, {"last": number})
            transaction.create(self._invoices.document(invoice.document_id), _to_doc(invoice))
            transaction.create(reference, {"number": number})
            if refunded is not None:
                transaction.update(refunded, {"refunded_agorot": firestore.Increment(
                    -draft.total_agorot)})  # fmt: skip
            return invoice, True

        with self._turn:
            issued: tuple[Invoice, bool] = run_contended(run, self._client)
        return issued

    def get(self, number: int) -> Invoice:
        snap = self._invoices.document(f"{self.issuer_id}-{number:08d}").get()
        if not snap.exists:
            raise NotFound(f"invoice {number}")
        return Invoice.model_validate(snap.to_dict())

    def by_reference(self, provider: str, kind: str, payment_reference: str) -> Invoice | None:
        """The invoice (or credit note) issued for a provider's charge (or refund) id."""
        snap = self._reference(provider, kind, payment_reference).get()
        return self.get(int(snap.get("number"))) if snap.exists else None

    def for_business(self, business_id: str) -> list[Invoice]:
        query = self._invoices.where(filter=firestore.FieldFilter("business_id", "==", business_id))
        invoices = [Invoice.model_validate(s.to_dict()) for s in query.stream()]
        return sorted(invoices, key=lambda i: i.number, reverse=True)

    def numbers(self) -> list[int]:
        return sorted(
            Invoice.model_validate(s.to_dict()).number
            for s in self._invoices.where(
                filter=firestore.FieldFilter("issuer_id", "==", self.issuer_id)
            ).stream()
        )

    def attach_pdf(self, invoice: Invoice, storage_path: str) -> None:
        self._invoices.document(invoice.document_id).update({"pdf_path": storage_path})


def _check_refund(original: Any, refund_agorot: int) -> None:
    if original is None or not original.exists:
        raise NotFound("the refunded invoice")
    invoice = Invoice.model_validate(original.to_dict())
    if invoice.kind != "invoice_receipt":
        raise RefundRefused("not_an_invoice")
    left = invoice.refundable_agorot
    if left <= 0:
        raise RefundRefused("fully_refunded")
    if refund_agorot > left:
        raise RefundRefused("over_refund", left=shekels(left))


def _to_doc(invoice: Invoice) -> dict[str, Any]:
    data = invoice.model_dump(mode="python")
    data["vat_percent"] = str(invoice.vat_percent)  # Firestore has no Decimal
    return data


class Documents:
    """Plain keyed documents of one collection (sign-ups, Tranzila orders, PayPal plans)."""

    def __init__(self, client: firestore.Client, collection: str) -> None:
        self._collection = client.collection(collection)

    def get(self, key: str) -> dict[str, Any] | None:
        snap = self._collection.document(key).get()
        return snap.to_dict() if snap.exists else None

    def create(self, key: str, data: dict[str, Any]) -> bool:
        try:
            self._collection.document(key).create(data)
            return True
        except AlreadyExists:
            return False

    def set(self, key: str, data: dict[str, Any]) -> None:
        self._collection.document(key).set(data)

    def update(self, key: str, changes: dict[str, Any]) -> None:
        self._collection.document(key).update(changes)

    def delete(self, key: str) -> None:
        self._collection.document(key).delete()

    def where(self, field: str, value: Any) -> list[tuple[str, dict[str, Any]]]:
        query = self._collection.where(filter=firestore.FieldFilter(field, "==", value))
        return [(snap.id, snap.to_dict() or {}) for snap in query.stream()]
