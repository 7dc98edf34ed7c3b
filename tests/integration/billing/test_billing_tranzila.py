"""Sign-up → contract → Tranzila payment page → notify → tenant active, against a local server
speaking Tranzila's API; unsigned notifies are trusted only after re-querying the transaction."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from agentlocator.errors import NotFound
from tests.integration.billing.conftest import BillingWorld
from tests.integration.billing.test_billing_paypal import signed_up

pytestmark = pytest.mark.emulators


def _page(redirect_url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(redirect_url).query).items()}


def test_signup_contract_tranzila_payment_notify_tenant_active(world: BillingWorld) -> None:
    person, _, paying = signed_up(world, "tranzila")
    business_id = business_id_for(person.uid)
    page = _page(paying["redirect_url"])
    assert page["sum"] == "706.82" and page["currency"] == "1"
    assert world.tranzila.handshakes[page["thtk"]] == "706.82"  # amount locked server-side

    index, notified = world.tranzila.pay(paying["redirect_url"])
    assert (notified.status_code, notified.json()) == (200, {"outcome": "paid"}), notified.text

    assert world.repos.businesses.get(business_id).name == "נדל״ן השרון בע״מ"
    owner = world.fresh_token(person)
    billing = requests.get(f"{world.api}/billing", headers=owner.headers()).json()
    assert (billing["status"], billing["provider"]) == ("active", "tranzila")
    assert [i["total_agorot"] for i in billing["invoices"]] == [70682]
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.provider_subscription_id is not None
    # (the local Tranzila lives for the session: other tests' standing orders are there too)
    standing_order = world.tranzila.standing_orders[account.provider_subscription_id]
    assert standing_order["items"][0]["unit_price"] == "706.82"
    assert standing_order["first_charge_date"] == "2027-02-10"
    assert standing_order["card"]["token"] == world.tranzila.transactions[index]["token"]

    again = world.tranzila.notify(page["notify_url_address"], index, "706.82")
    assert again.json() == {"outcome": "duplicate"}  # idempotent on the index
    assert len(world.billing.payments.invoices.for_business(business_id)) == 1

    cancelled = requests.post(f"{world.api}/billing/cancel", headers=owner.headers()).json()
    assert cancelled["status"] == "cancelled" and cancelled["policy"]["leah"] == "message_only"
    assert standing_order["sto_status"] == "inactive"


def test_a_notify_with_a_wrong_amount_is_rejected(world: BillingWorld) -> None:
    person, _, paying = signed_up(world, "tranzila")
    business_id = business_id_for(person.uid)
    notify_url = _page(paying["redirect_url"])["notify_url_address"]

    cheap = world.tranzila.charge("1.00")  # a real, approved, but cheaper transaction
    claims_full_price = world.tranzila.notify(notify_url, cheap, "706.82")
    assert claims_full_price.status_code == 403, claims_full_price.text
    full = world.tranzila.charge("706.82")
    wrong_sum_in_form = world.tranzila.notify(notify_url, full, "1.00")
    assert wrong_sum_in_form.status_code == 403
    queries_before = world.tranzila.transaction_queries
    wrong_nonce = world.tranzila.notify(notify_url.replace("nonce=", "nonce=x"), full, "706.82")
    assert wrong_nonce.status_code == 403
    # refused before asking Tranzila: knowing an order id is not enough to make us call out
    assert world.tranzila.transaction_queries == queries_before
    unknown_index = world.tranzila.notify(notify_url, "99999999", "706.82")
    assert unknown_index.status_code == 403

    with pytest.raises(NotFound):
        world.repos.businesses.get(business_id)
    assert world.billing.payments.accounts.get(business_id) is None
    assert world.billing.payments.invoices.for_business(business_id) == []
    assert world.tranzila.rejected_auth == 0  # every API call carried valid HMAC headers


def test_a_failed_standing_order_keeps_the_payment_and_tells_the_operator(
    world: BillingWorld,
) -> None:
    person, _, paying = signed_up(world, "tranzila")
    business_id = business_id_for(person.uid)
    world.tranzila.refuse_standing_orders = True
    try:
        _, notified = world.tranzila.pay(paying["redirect_url"])
    finally:
        world.tranzila.refuse_standing_orders = False
    assert notified.json() == {"outcome": "paid_without_standing_order"}
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.status == "active"
    notices = world.repos.client.collection("businesses").document(business_id)
    kinds = [s.get("notice") for s in notices.collection("billing_notices").stream()]
    assert kinds == ["standing_order_missing"]
