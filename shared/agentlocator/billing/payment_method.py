"""Changing the card (or PayPal funding) an office pays with, for the months to come.

- **PayPal**: PayPal has no API that sets a subscription's funding instrument; the subscriber
  chooses it at PayPal. We revise the subscription (same plan) and send the owner to the
  approval link PayPal returns; on that page they pick or add the card. PayPal sends them
  back to the web app, which asks us to confirm: we re-query the subscription and record it.
- **Tranzila**: a new card token through Tranzila's hosted fields (a verify of a small amount
  locked by a handshake, nothing charged), then the standing order (הוראת קבע) moves to the
  new token. ``/v2/sto/update`` changes a standing order's status and items, not its card, so
  the old order is deactivated and a new one on the new token takes the same amount and
  the same next charge date.

The return is trusted the way a Tranzila notify is: a per-change nonce from our own start, a
re-query at the provider, and a ``create`` claim on the change (and on the Tranzila
transaction index), so a forged or replayed return is refused and changes nothing.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from agentlocator.billing.errors import BadCardChange, Invalid, Refused
from agentlocator.billing.money import shekels
from agentlocator.billing.onboarding import Onboarding
from agentlocator.billing.paypal_api import PayPalApi
from agentlocator.billing.plans import plan_by_id
from agentlocator.billing.signing import ISRAEL
from agentlocator.billing.state import BillingAccount, BillingStatus, Provider
from agentlocator.billing.store import AccountStore, Documents
from agentlocator.billing.tranzila import (
    NotifyRejected,
    PendingOrder,
    Transaction,
    TranzilaApi,
    TranzilaUnavailable,
    confirm_notify,
)

log = logging.getLogger("agentlocator.billing")

# Tranzila verifies the new card on this amount (a verify: nothing is charged).
VERIFY_AGOROT = 100
# A change not confirmed within this time must be started again (a new handshake, a new nonce).
CHANGE_LIFETIME = timedelta(hours=1)
_CHANGE_ID = re.compile(r"^[0-9a-f]{24}$")
_INDEX = re.compile(r"^[0-9]{1,18}$")
_NONCE_MAX = 64


@dataclass(frozen=True)
class HostedFieldsSession:
    """What the billing page passes to Tranzila's hosted fields (``TzlaHostedFields``)."""

    script_url: str
    terminal_name: str
    thtk: str
    amount: str  # shekels, as the handshake locked it
    currency_code: str
    tran_mode: str  # "V": verify the card, charge nothing
    tokenize: bool


@dataclass(frozen=True)
class ChangeStarted:
    change_id: str
    # Tranzila: the page confirms with it. PayPal: None here; it reaches the page only in the
    # return URL PayPal redirects to after the approval (the cancel URL carries none).
    nonce: str | None
    provider: Provider
    redirect_url: str | None  # PayPal: where to send the owner
    hosted_fields: HostedFieldsSession | None  # Tranzila: what the page runs in place


class PaymentMethodChanges:
    def __init__(
        self,
        *,
        accounts: AccountStore,
        changes: Documents,
        refs: Documents,
        onboarding: Onboarding,
        paypal: PayPalApi,
        tranzila: TranzilaApi,
        web_app: str,
        hosted_fields_js: str,
        vat_percent: Decimal,
    ) -> None:
        self._accounts = accounts
        self._changes = changes
        self._refs = refs
        self._onboarding = onboarding
        self._paypal = paypal
        self._tranzila = tranzila
        self._web = web_app.rstrip("/")
        self._hosted_fields_js = hosted_fields_js
        self._vat = vat_percent

    # --- start ------------------------------------------------------------------------------

    def start(self, business_id: str, uid: str, now: datetime) -> ChangeStarted:
        account = self._changeable(business_id)
        change_id = secrets.token_hex(12)
        nonce = secrets.token_urlsafe(24)
        record: dict[str, Any] = {
            "business_id": business_id, "uid": uid, "provider": account.provider,
            "nonce": nonce, "status": "pending", "created_at": now,
        }  # fmt: skip
        if account.provider == "paypal":
            return self._start_paypal(account, change_id, nonce, record)
        return self._start_tranzila(change_id, nonce, record, now)

    def _changeable(self, business_id: str) -> BillingAccount:
        account = self._accounts.get(business_id)
        if account is None:
            raise Refused("no_signup", "no billing account")
        if account.status is BillingStatus.CANCELLED:
            raise Refused("card_change_cancelled", "the subscription is cancelled")
        if account.provider == "paypal" and not account.provider_subscription_id:
            raise Refused("card_change_unavailable", "no PayPal subscription to revise")
        return account

    def _start_paypal(self, account: BillingAccount, change_id: str, nonce: str,
                      record: dict[str, Any]) -> ChangeStarted:  # fmt: skip
        subscription_id = account.provider_subscription_id
        assert subscription_id is not None
        current = self._paypal.get_subscription(subscription_id)
        if not current.plan_id:
            raise Refused("card_change_unavailable", "the subscription has no plan")
        back = f"{self._web}/billing/payment-method/return?change={change_id}&nonce={nonce}"
        approve = self._paypal.revise_subscription(
            subscription_id,
            current.plan_id,
            return_url=back,
            cancel_url=f"{self._web}/billing/payment-method/return?change={change_id}&cancelled=1",
        )
        self._changes.create(
            change_id, {**record, "subscription_id": subscription_id, "plan_id": current.plan_id}
        )
        return ChangeStarted(change_id, None, "paypal", approve, None)

    def _start_tranzila(self, change_id: str, nonce: str, record: dict[str, Any],
                        now: datetime) -> ChangeStarted:  # fmt: skip
        thtk = self._tranzila.handshake(VERIFY_AGOROT, int(now.timestamp()))
        self._changes.create(
            change_id,
            {**record, "amount_agorot": VERIFY_AGOROT, "terminal": self._tranzila.terminal},
        )
        session = HostedFieldsSession(
            script_url=self._hosted_fields_js,
            terminal_name=self._tranzila.terminal,
            thtk=thtk,
            amount=shekels(VERIFY_AGOROT),
            currency_code="ILS",
            tran_mode="V",
            tokenize=True,
        )
        return ChangeStarted(change_id, nonce, "tranzila", None, session)

    # --- confirm ----------------------------------------------------------------------------

    def confirm(self, business_id: str, change_id: str, nonce: str,
                transaction_index: str | None, now: datetime) -> BillingAccount:  # fmt: skip
        """Record the new payment method once the provider confirms it; a forged, foreign,
        expired or used change is refused before anything is written."""
        change = self._pending(business_id, change_id, nonce, now)
        account = self._changeable(business_id)
        if account.provider != change["provider"]:
            raise BadCardChange("the change was started for another provider")
        if account.provider == "paypal":
            return self._confirm_paypal(account, change_id, change, now)
        if transaction_index is None or not _INDEX.match(transaction_index):
            raise Invalid("transaction_index", "Tranzila's transaction index", "card_index")
        return self._confirm_tranzila(account, change_id, change, transaction_index, now)

    def _pending(self, business_id: str, change_id: str, nonce: str,
                 now: datetime) -> dict[str, Any]:  # fmt: skip
        if not _CHANGE_ID.match(change_id):
            raise Invalid("change_id", "not a change id", "card_change")
        change = self._changes.get(change_id)
        if change is None or change["business_id"] != business_id:
            raise BadCardChange("no such change for this office")
        # Bytes: compare_digest raises TypeError (a 500) on a str holding a non-ASCII character.
        expected = str(change["nonce"])
        if len(nonce) > _NONCE_MAX or not hmac.compare_digest(
            nonce.encode("utf-8", "replace"), expected.encode()
        ):
            raise BadCardChange("the change's nonce does not match")
        if change["status"] != "pending":
            raise Refused("card_change_used", "this change was already confirmed")
        if now - change["created_at"] > CHANGE_LIFETIME:
            raise Refused("card_change_expired", "the change expired: start again")
        return change

    def _claim(self, key: str, data: dict[str, Any]) -> None:
        if not self._refs.create(key, data):
            raise Refused("card_change_used", f"{key} was already used")

    def _confirm_paypal(self, account: BillingAccount, change_id: str, change: dict[str, Any],
                        now: datetime) -> BillingAccount:  # fmt: skip
        subscription_id = str(change["subscription_id"])
        if subscription_id != account.provider_subscription_id:
            raise BadCardChange("the subscription changed since the change started")
        queried = self._paypal.get_subscription(subscription_id)
        if queried.status != "ACTIVE" or queried.plan_id != change["plan_id"]:
            raise Refused("card_change_not_approved", f"PayPal says {queried.status}")
        self._claim(f"card-change-{change_id}", {"business_id": account.business_id})
        self._changes.update(
            change_id, {"status": "done", "done_at": now, "provider_status": queried.status}
        )
        return self._accounts.payment_method_changed(account.business_id, now)

    def _confirm_tranzila(self, account: BillingAccount, change_id: str, change: dict[str, Any],
                          index: str, now: datetime) -> BillingAccount:  # fmt: skip
        unix = int(now.timestamp())
        order = PendingOrder(change_id, str(change["nonce"]), str(change["terminal"]),
                             int(change["amount_agorot"]))  # fmt: skip
        try:
            queried = self._tranzila.query_transaction(index, unix)
            verified = confirm_notify(order, order.nonce, {"index": index}, queried)
        except NotifyRejected as exc:  # Tranzila does not vouch for it: the same refusal
            raise BadCardChange(str(exc)) from exc
        if not verified.token:
            raise BadCardChange("the transaction carries no card token")
        claim = {"business_id": account.business_id, "card_change": change_id}
        self._claim(f"card-change-{change_id}", claim)
        try:
            self._claim(f"tranzila-{verified.index}", claim)
        except Refused:
            self._refs.delete(f"card-change-{change_id}")
            raise
        try:
            new_order = self._replace_standing_order(account, verified, unix, now)
        except TranzilaUnavailable:
            for key in (f"card-change-{change_id}", f"tranzila-{verified.index}"):
                self._refs.delete(key)  # the owner may try again with the same change
            raise
        self._changes.update(change_id, {"status": "done", "done_at": now,
                                         "transaction_index": verified.index,
                                         "standing_order": new_order})  # fmt: skip
        return self._accounts.payment_method_changed(account.business_id, now, new_order)

    def _replace_standing_order(self, account: BillingAccount, verified: Transaction, unix: int,
                                now: datetime) -> str:  # fmt: skip
        """Deactivate the old order first (never two live orders charging the office), then
        create the new one for the same amount and next date; if that fails, the old one is
        turned back on."""
        old = standing_order_of(account)
        amount = plan_by_id(account.plan_id).price(self._vat).total_agorot
        next_charge = max(now, account.current_period_end or now)
        name = self._onboarding.get(account.owner_uid).name if account.owner_uid else ""
        if old:
            self._tranzila.update_standing_order(old, "inactive", unix)
        try:
            return self._tranzila.create_standing_order(
                verified, amount, next_charge.astimezone(ISRAEL).date(), name, unix
            )
        except TranzilaUnavailable:
            if old:
                try:
                    self._tranzila.update_standing_order(old, "active", unix)
                except TranzilaUnavailable:
                    # Neither order charges now: a person must look (the notice says so).
                    log.exception("standing order %s of %s left inactive", old, account.business_id)
                    self._accounts.record_notice(account.business_id, "standing_order_missing", now)
            raise


def standing_order_of(account: BillingAccount) -> str | None:
    """The Tranzila standing order the account pays by; None while there is none (the first
    payment went through but its standing order was not created: the id is still the
    order's)."""
    subscription = account.provider_subscription_id
    return subscription if subscription and subscription.isdigit() else None
