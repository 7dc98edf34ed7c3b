"""Change of card, end to end on the emulators: PayPal (revise → the subscriber approves at the
local PayPal → back with the change's nonce → re-query → recorded) and Tranzila (hosted fields
verify + token at the local Tranzila → re-query → the standing order moves to the new token,
same amount, same next date). Forged and replayed returns are refused and change nothing.
Cancelling works for both providers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from tests.integration.api.world import Person
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.fake_tranzila import DECLINED_CARD
from tests.integration.billing.test_billing_paypal import signed_up

pytestmark = pytest.mark.emulators


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _paypal_office(world: BillingWorld) -> tuple[Person, str, str]:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = next(s["id"] for s in world.paypal.subscriptions.values()
                        if s["custom_id"] == business_id)  # fmt: skip
    activated = world.paypal.approve(subscription, NOW, trial_days=14)
    assert world.paypal.deliver(world.paypal_hook, activated, NOW).json() == {
        "outcome": "activated"}  # fmt: skip
    return world.fresh_token(person), business_id, subscription


def _tranzila_office(world: BillingWorld) -> tuple[Person, str, str, str]:
    """A paying Tranzila office: owner, business id, its standing order, its first charge's
    index (the local Tranzila lives for the session: other tests' orders are there too)."""
    person, _, paying = signed_up(world, "tranzila")
    index, notified = world.tranzila.pay(paying["redirect_url"])
    assert notified.json() == {"outcome": "paid"}
    business_id = business_id_for(person.uid)
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.provider_subscription_id
    return world.fresh_token(person), business_id, account.provider_subscription_id, index


def _start(world: BillingWorld, owner: Person) -> dict[str, Any]:
    answer = requests.post(f"{world.api}/billing/payment-method", headers=owner.headers())
    assert answer.status_code == 200, answer.text
    started: dict[str, Any] = answer.json()
    return started


def _confirm(world: BillingWorld, owner: Person, body: dict[str, Any]) -> requests.Response:
    return requests.post(f"{world.api}/billing/payment-method/confirm", json=body,
                         headers=owner.headers())  # fmt: skip


def test_paypal_change_card_approval_back_and_recorded_once(world: BillingWorld) -> None:
    owner, business_id, subscription = _paypal_office(world)
    started = _start(world, owner)
    assert started["provider"] == "paypal" and started["nonce"] is None  # PayPal brings it back
    assert "/webapps/billing/subscriptions/update?ba_token=" in started["redirect_url"]
    assert started["hosted_fields"] is None

    back = world.paypal.approve_revision(started["redirect_url"], card="VISA-4242")
    assert urlsplit(back).path == "/billing/payment-method/return"
    returned = _query(back)
    assert (
        returned["change"] == started["change_id"] and returned["subscription_id"] == subscription
    )
    world.clock.set(NOW + timedelta(minutes=5))
    confirmed = _confirm(world, owner, {"change_id": returned["change"],
                                        "nonce": returned["nonce"]})  # fmt: skip
    assert confirmed.status_code == 200, confirmed.text
    page = confirmed.json()
    assert page["payment_method_changed_at"].startswith("2027-01-10T08:05:00")
    assert (page["status"], page["provider"]) == ("trialing", "paypal")
    change = world.repos.client.collection("payment_method_changes").document(started["change_id"])
    assert change.get().to_dict()["status"] == "done"
    assert change.get().to_dict()["provider_status"] == "ACTIVE"  # PayPal re-queried
    assert world.paypal.subscriptions[subscription]["funding"] == "VISA-4242"

    # The same return again (a reload, or someone replaying the URL): refused, nothing moves.
    world.clock.set(NOW + timedelta(minutes=9))
    again = _confirm(world, owner, {"change_id": returned["change"], "nonce": returned["nonce"]})
    assert (again.status_code, again.json()["reason"]) == (409, "card_change_used")
    assert again.json()["message_he"] == "אמצעי התשלום כבר עודכן בבקשה הזו"
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.payment_method_changed_at == NOW + timedelta(minutes=5)


def test_forged_paypal_returns_are_refused_and_change_nothing(world: BillingWorld) -> None:
    owner, business_id, _ = _paypal_office(world)
    started = _start(world, owner)
    # Left PayPal's page without approving: the cancel URL carries no nonce to confirm with.
    cancelled = _query(world.paypal.cancel_revision(started["redirect_url"]))
    assert cancelled == {"change": started["change_id"], "cancelled": "1"}

    forged = [
        {"change_id": started["change_id"], "nonce": "guessed"},
        {"change_id": "0" * 24, "nonce": "guessed"},
    ]
    for body in forged:
        answer = _confirm(world, owner, body)
        assert (answer.status_code, answer.json()["reason"]) == (403, "card_change"), body
        assert answer.json()["message_he"] == "הבקשה לעדכון אמצעי התשלום אינה תקפה"
    malformed = _confirm(world, owner, {"change_id": "../../x", "nonce": "n"})
    assert (malformed.status_code, malformed.json()["field"]) == (400, "change_id")
    assert "בקשת עדכון אמצעי התשלום" in malformed.json()["message_he"]

    # Another office's owner cannot confirm this office's change, even with the right nonce.
    other_owner, _, _ = _paypal_office(world)
    other_started = _start(world, other_owner)
    back = _query(world.paypal.approve_revision(other_started["redirect_url"], card="MC-1111"))
    crossed = _confirm(world, owner, {"change_id": back["change"], "nonce": back["nonce"]})
    assert crossed.status_code == 403

    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.payment_method_changed_at is None
    change = world.repos.client.collection("payment_method_changes").document(started["change_id"])
    assert change.get().to_dict()["status"] == "pending"


def test_tranzila_hosted_fields_token_moves_the_standing_order(world: BillingWorld) -> None:
    owner, business_id, old_id, _ = _tranzila_office(world)
    old_order = world.tranzila.standing_orders[old_id]
    orders_before = len(world.tranzila.standing_orders)
    started = _start(world, owner)
    fields = started["hosted_fields"]
    assert (started["provider"], started["redirect_url"]) == ("tranzila", None)
    assert (fields["amount"], fields["tran_mode"], fields["tokenize"]) == ("1.00", "V", True)
    assert world.tranzila.handshakes[fields["thtk"]] == "1.00"  # the verify amount is locked
    assert fields["script_url"] == world.billing.settings.tranzila_hosted_fields_js

    verified = world.tranzila.hosted_fields_charge(fields, card="5326100000001234")
    assert verified["success"] is True and verified["token"]
    body = {"change_id": started["change_id"], "nonce": started["nonce"],
            "transaction_index": verified["transaction_id"]}  # fmt: skip
    confirmed = _confirm(world, owner, body)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["payment_method_changed_at"] is not None

    [(new_id, new_order)] = [(k, v) for k, v in world.tranzila.standing_orders.items()
                             if v["card"]["token"] == verified["token"]]  # fmt: skip
    assert new_order["card"]["token"] == verified["token"]
    assert new_order["items"] == old_order["items"]  # amount unchanged: 706.82 a month
    assert new_order["items"][0]["unit_price"] == "706.82"
    assert new_order["first_charge_date"] == old_order["first_charge_date"] == "2027-02-10"
    assert (old_order["sto_status"], new_order["sto_status"]) == ("inactive", "active")
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.provider_subscription_id == new_id

    replay = _confirm(world, owner, body)
    assert (replay.status_code, replay.json()["reason"]) == (409, "card_change_used")
    assert len(world.tranzila.standing_orders) == orders_before + 1
    assert len(world.billing.payments.invoices.for_business(business_id)) == 1  # no charge


def test_forged_tranzila_confirmations_change_nothing(world: BillingWorld) -> None:
    owner, business_id, old_id, first_payment = _tranzila_office(world)
    old_order = world.tranzila.standing_orders[old_id]  # first_payment: approved, 706.82
    orders_before = set(world.tranzila.standing_orders)
    started = _start(world, owner)
    fields = started["hosted_fields"]
    declined = world.tranzila.hosted_fields_charge(fields, card=DECLINED_CARD)
    assert declined["success"] is False
    good = world.tranzila.hosted_fields_charge(fields)

    def confirm(index: str | None, nonce: str = started["nonce"]) -> requests.Response:
        body = {"change_id": started["change_id"], "nonce": nonce, "transaction_index": index}
        return _confirm(world, owner, body)

    refused = [
        confirm(first_payment),  # a real charge, but another amount and another purpose
        confirm(declined["transaction_id"]),  # not approved
        confirm("99999999"),  # Tranzila knows no such transaction
        confirm(good["transaction_id"], nonce="x" + started["nonce"]),
    ]
    for answer in refused:
        assert (answer.status_code, answer.json()["reason"]) == (403, "card_change"), answer.text
        assert answer.json()["message_he"] == "הבקשה לעדכון אמצעי התשלום אינה תקפה"
    missing = confirm(None)
    assert (missing.status_code, missing.json()["field"]) == (400, "transaction_index")
    assert missing.json()["message_he"] == "מספר העסקה מטרנזילה חסר או אינו תקין"

    assert set(world.tranzila.standing_orders) == orders_before
    assert old_order["sto_status"] == "active"
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.provider_subscription_id == old_id
    assert account.payment_method_changed_at is None
    # The genuine confirmation still goes through afterwards (no claim was left behind).
    assert confirm(good["transaction_id"]).status_code == 200


def test_a_change_expires_after_an_hour(world: BillingWorld) -> None:
    owner, _, _, _ = _tranzila_office(world)
    orders_before = len(world.tranzila.standing_orders)
    started = _start(world, owner)
    good = world.tranzila.hosted_fields_charge(started["hosted_fields"])
    world.clock.set(NOW + timedelta(hours=1, minutes=1))
    late = _confirm(world, owner, {"change_id": started["change_id"], "nonce": started["nonce"],
                                   "transaction_index": good["transaction_id"]})  # fmt: skip
    assert (late.status_code, late.json()["reason"]) == (409, "card_change_expired")
    assert len(world.tranzila.standing_orders) == orders_before


def test_paypal_cancel_end_to_end_then_no_card_change(world: BillingWorld) -> None:
    owner, business_id, subscription = _paypal_office(world)
    answer = requests.post(f"{world.api}/billing/cancel", headers=owner.headers())
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert (page["status"], page["policy"]["leah"]) == ("cancelled", "message_only")
    assert world.paypal.subscriptions[subscription]["status"] == "CANCELLED"
    assert f"POST /v1/billing/subscriptions/{subscription}/cancel" in world.paypal.calls
    refused = requests.post(f"{world.api}/billing/payment-method", headers=owner.headers())
    assert (refused.status_code, refused.json()["reason"]) == (409, "card_change_cancelled")
    # PayPal's own CANCELLED webhook afterwards changes nothing more.
    event = world.paypal.event("BILLING.SUBSCRIPTION.CANCELLED",
                               dict(world.paypal.subscriptions[subscription]), NOW)  # fmt: skip
    assert world.paypal.deliver(world.paypal_hook, event, NOW).json() == {"outcome": "cancelled"}
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.status == "cancelled"


def test_a_tranzila_office_without_a_standing_order_can_cancel(world: BillingWorld) -> None:
    """The first payment went through but its standing order was not created: the account
    still holds the order id, which is no standing order to deactivate."""
    person, _, paying = signed_up(world, "tranzila")
    world.tranzila.refuse_standing_orders = True
    try:
        _, notified = world.tranzila.pay(paying["redirect_url"])
    finally:
        world.tranzila.refuse_standing_orders = False
    assert notified.json() == {"outcome": "paid_without_standing_order"}
    owner = world.fresh_token(person)
    answer = requests.post(f"{world.api}/billing/cancel", headers=owner.headers())
    assert (answer.status_code, answer.json()["status"]) == (200, "cancelled"), answer.text
