"""Payments: start one with PayPal or Tranzila, take the provider's word for it only when it is
verified, then move the office's billing state, invoice the charge and put the office live.

Every provider callback is idempotent by construction: PayPal events are claimed by event id,
Tranzila transactions by index (``create`` preconditions), invoices by payment reference.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from agentlocator.billing import texts_he
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.dunning import Dunning
from agentlocator.billing.emails import Recipient
from agentlocator.billing.errors import Refused
from agentlocator.billing.invoices import Invoice, InvoiceParty, invoice_for_payment
from agentlocator.billing.issuing import DocumentIssuer, InvoiceSender
from agentlocator.billing.money import PriceBreakdown, parse_shekels
from agentlocator.billing.notice_delivery import NoticeDelivery
from agentlocator.billing.number_pool import NumberPool
from agentlocator.billing.onboarding import Onboarding, Signup
from agentlocator.billing.payment_method import standing_order_of
from agentlocator.billing.paypal_api import PayPalApi
from agentlocator.billing.paypal_webhooks import WebhookRejected, WebhookVerifier
from agentlocator.billing.plans import CURRENCY, plan_by_id
from agentlocator.billing.provisioning import TenantProvisioner, office_spec
from agentlocator.billing.refunds import Refunds
from agentlocator.billing.signing import ISRAEL
from agentlocator.billing.state import (
    BillingAccount,
    BillingRules,
    BillingStatus,
    CancelRequested,
    PaymentFailed,
    PaymentSucceeded,
    Provider,
    Transition,
    one_month_after,
)
from agentlocator.billing.store import AccountStore, Documents, EventLedger, InvoiceBook
from agentlocator.billing.tranzila import (
    NotifyRejected,
    PendingOrder,
    TranzilaApi,
    TranzilaUnavailable,
    check_notify_nonce,
    confirm_notify,
)

log = logging.getLogger("agentlocator.billing")


@dataclass(frozen=True)
class Urls:
    web_app: str  # PayPal returns the office here after approval
    functions: str  # where the Tranzila notify function is served


class Payments:
    def __init__(
        self,
        *,
        accounts: AccountStore,
        ledger: EventLedger,
        invoices: InvoiceBook,
        onboarding: Onboarding,
        refs: Documents,
        orders: Documents,
        paypal_plans: Documents,
        documents: DocumentStore,
        provisioner: TenantProvisioner,
        rules: BillingRules,
        vat_percent: Decimal,
        urls: Urls,
        paypal: PayPalApi,
        paypal_verifier: WebhookVerifier,
        tranzila: TranzilaApi,
        numbers: NumberPool,
        refund_intents: Documents,
        deliver: InvoiceSender | None = None,
        notices: NoticeDelivery | None = None,
    ) -> None:
        self.accounts = accounts
        self.invoices = invoices
        self._ledger = ledger
        self._onboarding = onboarding
        self._refs = refs
        self._orders = orders
        self._paypal_plans = paypal_plans
        self._documents = documents
        self._provisioner = provisioner
        self._rules = rules
        self._vat = vat_percent
        self._urls = urls
        self._paypal = paypal
        self._verifier = paypal_verifier
        self._tranzila = tranzila
        self.numbers = numbers
        self.issuer = DocumentIssuer(invoices, documents, deliver, self.recipient)
        self.dunning = Dunning(accounts, rules, notices, self.recipient)
        self.refunds = Refunds(invoices, self.issuer, refund_intents, paypal, tranzila,
                               accounts.record_notice)  # fmt: skip

    # --- PayPal ---------------------------------------------------------------------------

    def start_paypal(self, uid: str, now: datetime) -> str:
        """Create the subscription; the office approves it at the returned PayPal URL."""
        signup = self._onboarding.require_signed(uid)
        plan_id = self._paypal_plan(signup.plan_id)
        web = self._urls.web_app.rstrip("/")
        info = self._paypal.create_subscription(
            plan_id,
            custom_id=signup.business_id,
            return_url=f"{web}/billing/paypal/return",
            cancel_url=f"{web}/signup/payment",
            request_id=f"sub-{signup.business_id}",
        )
        self._refs.set(f"paypal-{info.id}", {"business_id": signup.business_id, "uid": signup.uid})
        self._onboarding.paying(signup, "paypal", info.id)
        if not info.approve_url:
            raise Refused("provider", "PayPal gave no approval link")
        return info.approve_url

    def _paypal_plan(self, plan_id: str) -> str:
        """Our plan at PayPal, created once per plan and VAT rate (request ids make a retried
        creation return the same product and plan)."""
        key = f"{plan_id}-vat{self._vat.normalize():f}-trial{self._rules.trial_days}"
        stored = self._paypal_plans.get(key)
        if stored:
            return str(stored["paypal_plan_id"])
        product = self._paypal.create_product("AgentLocator — Leah", request_id="product-leah")
        paypal_plan = self._paypal.create_plan(
            product,
            plan_by_id(plan_id),
            self._vat,
            self._rules.trial_days,
            request_id=f"plan-{key}",
        )
        self._paypal_plans.set(key, {"paypal_plan_id": paypal_plan, "product_id": product})
        return paypal_plan

    def paypal_webhook(self, headers: Mapping[str, str], raw_body: bytes, now: datetime) -> str:
        self._verifier.verify(headers, raw_body, now)  # raw bytes, before any parsing
        try:
            event = json.loads(raw_body)
        except ValueError as exc:
            raise WebhookRejected("body is not JSON") from exc
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise WebhookRejected("event without an id")
        event_type = str(event.get("event_type", ""))
        resource = event.get("resource") if isinstance(event.get("resource"), dict) else {}
        assert isinstance(resource, dict)
        if not self._ledger.claim("paypal", event["id"], now, {"event_type": event_type}):
            return "duplicate"
        try:
            return self._paypal_event(event_type, resource, now)
        except Exception:
            self._ledger.release("paypal", event["id"])  # PayPal retries; let it count
            raise

    def _paypal_event(self, event_type: str, resource: dict[str, Any], now: datetime) -> str:
        if event_type == "BILLING.SUBSCRIPTION.ACTIVATED":
            ref = self._ref("paypal", str(resource.get("id", "")))
            if ref is None or resource.get("custom_id") != ref["business_id"]:
                return "unknown_subscription"
            signup = self._onboarding.get(ref["uid"])
            trial_end = _parse_time(resource.get("billing_info", {}).get("next_billing_time"))
            self._go_live(signup, "paypal", str(resource["id"]), now, trial_end=trial_end)
            return "activated"
        if event_type == "PAYMENT.SALE.COMPLETED":
            ref = self._ref("paypal", str(resource.get("billing_agreement_id", "")))
            if ref is None:
                return "unknown_subscription"
            amount = resource.get("amount", {})
            paid = parse_shekels(str(amount.get("total", "0")))
            if amount.get("currency") != CURRENCY:
                return "wrong_currency"
            applied = self._paid(ref["business_id"], "paypal", str(resource.get("id")), paid, now)
            return "paid" if applied is not None else "amount_mismatch"
        if event_type == "BILLING.SUBSCRIPTION.PAYMENT.FAILED":
            ref = self._ref("paypal", str(resource.get("id", "")))
            if ref is None:
                return "unknown_subscription"
            failed = self.accounts.apply(ref["business_id"], PaymentFailed(now), self._rules)
            self.dunning.tell_owner(ref["business_id"], failed.notices, now)
            return "failed"
        if event_type == "BILLING.SUBSCRIPTION.CANCELLED":
            ref = self._ref("paypal", str(resource.get("id", "")))
            if ref is None:
                return "unknown_subscription"
            cancelled = self.accounts.apply(ref["business_id"], CancelRequested(now), self._rules)
            self.dunning.tell_owner(ref["business_id"], cancelled.notices, now)
            return "cancelled"
        if event_type == "PAYMENT.SALE.REFUNDED":
            return self.refunds.paypal_refunded(resource, now)
        # PAYMENT.CAPTURE.REFUNDED is the Orders v2 refund; subscriptions charge sales (v1),
        # refunded by PAYMENT.SALE.REFUNDED, so it never concerns an invoice of ours.
        return "ignored"

    # --- Tranzila -------------------------------------------------------------------------

    def start_tranzila(self, uid: str, now: datetime) -> str:
        """The hosted payment page URL for the first month (amount locked by a handshake)."""
        signup = self._onboarding.require_signed(uid)
        total = plan_by_id(signup.plan_id).price(self._vat).total_agorot
        order_id = secrets.token_hex(12)
        nonce = secrets.token_urlsafe(24)
        unix = int(now.timestamp())
        thtk = self._tranzila.handshake(total, unix)
        self._orders.create(
            order_id,
            {
                "business_id": signup.business_id,
                "uid": signup.uid,
                "nonce": nonce,
                "amount_agorot": total,
                "terminal": self._tranzila.terminal,
                "created_at": now,
            },
        )
        self._onboarding.paying(signup, "tranzila", order_id)
        notify = (
            f"{self._urls.functions.rstrip('/')}/tranzila_notify/?order={order_id}&nonce={nonce}"
        )
        return self._tranzila.payment_page_url(total, thtk, notify, order_id)

    def tranzila_notify(
        self, order_id: str, url_nonce: str, form: Mapping[str, str], now: datetime
    ) -> str:
        stored = self._orders.get(order_id) if order_id.isalnum() else None
        if stored is None:
            raise NotifyRejected("no such order")
        order = PendingOrder(
            order_id, stored["nonce"], stored["terminal"], int(stored["amount_agorot"])
        )
        check_notify_nonce(order, url_nonce)
        index = (form.get("index") or "").strip()
        if not index.isdigit():
            raise NotifyRejected("notify without a transaction index")
        queried = self._tranzila.query_transaction(index, int(now.timestamp()))
        transaction = confirm_notify(order, url_nonce, form, queried)
        claimed = self._refs.create(
            f"tranzila-{transaction.index}",
            {"business_id": stored["business_id"], "order": order_id},
        )
        if not claimed:
            return "duplicate"
        signup = self._onboarding.get(stored["uid"])
        self._go_live(signup, "tranzila", order_id, now, trial_end=None)
        self._paid(
            signup.business_id, "tranzila", transaction.index, transaction.amount_agorot, now
        )
        try:
            sto = self._tranzila.create_standing_order(
                transaction,
                order.amount_agorot,
                one_month_after(now).astimezone(ISRAEL).date(),
                signup.name,
                int(now.timestamp()),
            )
        except TranzilaUnavailable:
            # The charge stands and the office is live; the next months need a standing order
            # a person creates (the notice says so). Failing here would only make Tranzila's
            # retry a duplicate.
            log.exception("standing order for %s not created", signup.business_id)
            self.accounts.record_notice(signup.business_id, "standing_order_missing", now)
            return "paid_without_standing_order"
        self.accounts.set_subscription(signup.business_id, sto)
        return "paid"

    # --- shared ----------------------------------------------------------------------------

    def _ref(self, provider: str, ref: str) -> dict[str, Any] | None:
        return self._refs.get(f"{provider}-{ref}") if ref else None

    def _go_live(
        self,
        signup: Signup,
        provider: Provider,
        subscription: str,
        now: datetime,
        trial_end: datetime | None,
    ) -> None:
        if signup.email is None:
            raise Refused("no_signup", "the sign-up has no owner e-mail")
        number = self.numbers.claim(signup.business_id, now)
        spec = office_spec(signup.business_id, signup.name, signup.uid, signup.email, number)
        self._provisioner.provision(spec)
        account = BillingAccount(
            business_id=signup.business_id,
            owner_uid=signup.uid,
            plan_id=signup.plan_id,
            provider=provider,
            status=BillingStatus.TRIALING,
            provider_subscription_id=subscription,
            trial_ends_at=trial_end or now,
            updated_at=now,
        )
        self.accounts.create(account)
        self._onboarding.live(signup.uid)

    def _paid(self, business_id: str, provider: Provider, reference: str, paid_agorot: int,
              now: datetime) -> Transition | None:  # fmt: skip
        """Apply a verified charge: state (idempotent by reference), then its invoice. A charge
        that is not the plan's price is recorded for a person to look at, not invoiced."""
        account = self.accounts.get(business_id)
        if account is None:
            raise Refused("no_signup", f"no billing account for {business_id}")
        plan = plan_by_id(account.plan_id)
        price = plan.price(self._vat)
        if paid_agorot != price.total_agorot:
            log.error("payment %s of %s: %s agorot, the plan costs %s: not applied",
                      reference, business_id, paid_agorot, price.total_agorot)  # fmt: skip
            self.accounts.record_notice(business_id, "amount_mismatch", now)
            return None
        start = max(now, account.current_period_end or now)
        transition = self.accounts.apply(
            business_id, PaymentSucceeded(now, one_month_after(start), reference), self._rules
        )
        self._invoice(business_id, provider, reference, price, now, plan.name_he)
        self.dunning.tell_owner(business_id, transition.notices, now)
        return transition

    def _invoice(
        self,
        business_id: str,
        provider: Provider,
        reference: str,
        price: PriceBreakdown,
        now: datetime,
        plan_name: str,
    ) -> Invoice:
        signup = self._signup_for(business_id)
        customer = InvoiceParty(
            name=signup.name, business_number=signup.business_number, address=signup.address
        )
        period = now.astimezone(ISRAEL).strftime("%m/%Y")
        description = texts_he.SUBSCRIPTION_LINE.format(plan=plan_name, period=period)
        draft = invoice_for_payment(
            business_id, customer, description, price, provider, reference, now
        )
        return self.issuer.issue(draft, now)

    def recipient(self, business_id: str) -> Recipient:
        """The office owner, as the sign-up gave them (name, e-mail, phone)."""
        signup = self._signup_for(business_id)
        return Recipient(signup.name, signup.email, signup.phone)

    def _signup_for(self, business_id: str) -> Signup:
        account = self.accounts.get(business_id)
        if account is None or account.owner_uid is None:
            raise Refused("no_signup", f"no sign-up for {business_id}")
        return self._onboarding.get(account.owner_uid)

    def daily(self, now: datetime) -> dict[str, str]:
        """The scheduler's daily run (``Dunning.daily``)."""
        return self.dunning.daily(now)

    def cancel(self, business_id: str, now: datetime) -> BillingAccount:
        account = self.accounts.get(business_id)
        if account is None:
            raise Refused("no_signup", "no billing account")
        if account.provider_subscription_id and account.status is not BillingStatus.CANCELLED:
            if account.provider == "paypal":
                self._paypal.cancel_subscription(account.provider_subscription_id, "office")
            elif (standing_order := standing_order_of(account)) is not None:
                # (no standing order yet: the first payment's order id is no sto id)
                self._tranzila.update_standing_order(
                    standing_order, "inactive", int(now.timestamp())
                )
        result = self.accounts.apply(business_id, CancelRequested(now), self._rules)
        for notice in result.notices:  # the daily run sends it (the API holds no SMTP login)
            self.accounts.record_notice(business_id, notice, now)
        return result.account


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None
