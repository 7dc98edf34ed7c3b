"""Sign-up → contract → PayPal approval → webhook → tenant active, on the emulators, with the
real PayPal SDK talking to a local PayPal; forged and repeated webhooks."""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from agentlocator.errors import NotFound
from tests.integration.api.world import Person
from tests.integration.billing.conftest import NOW, BillingWorld

pytestmark = pytest.mark.emulators

SIGNUP = {
    "name": "נדל״ן השרון בע״מ",
    "business_number": "51-555555-5",
    "address": "רחוב הרצל 10, רעננה",
    "phone": "050-1234567",
    "plan_id": "pro",
}
CLIENT = {"X-Forwarded-For": "10.0.0.1, 198.51.100.7", "User-Agent": "Mozilla/5.0 (test)"}


def _headers(person: Person) -> dict[str, str]:
    return {**person.headers(), **CLIENT}


def signed_up(world: BillingWorld, provider: str) -> tuple[Person, str, dict[str, Any]]:
    """An applicant who signed up, signed the contract and started paying with ``provider``."""
    person = world.applicant()
    created = requests.post(f"{world.api}/signup", json=SIGNUP, headers=_headers(person))
    assert created.status_code == 201, created.text
    assert created.json()["business_number"] == "515555555"
    contract = requests.get(f"{world.api}/signup/contract", headers=_headers(person)).json()
    signature = {"typed_name": "ישראל ישראלי", "consent": True,
                 "pdf_sha256": contract["pdf_sha256"]}  # fmt: skip
    signed = requests.post(f"{world.api}/signup/contract/sign", json=signature,
                           headers=_headers(person))  # fmt: skip
    assert signed.status_code == 200, signed.text
    assert signed.json()["signature"]["ip"] == "198.51.100.7"
    paying = requests.post(f"{world.api}/signup/payment", json={"provider": provider},
                           headers=_headers(person))  # fmt: skip
    assert paying.status_code == 200, paying.text
    return person, contract["pdf_sha256"], paying.json()


def _subscription_of(world: BillingWorld, business_id: str) -> str:
    return next(s["id"] for s in world.paypal.subscriptions.values()
                if s["custom_id"] == business_id)  # fmt: skip


def test_signup_contract_paypal_approval_webhook_tenant_active(world: BillingWorld) -> None:
    person, _, paying = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    assert "/webapps/billing/subscriptions?ba_token=" in paying["redirect_url"]
    subscription = _subscription_of(world, business_id)
    with pytest.raises(NotFound):
        world.repos.businesses.get(business_id)  # nothing is live before PayPal says so

    activated = world.paypal.approve(subscription, NOW, trial_days=14)
    answer = world.paypal.deliver(world.paypal_hook, activated, NOW)
    assert (answer.status_code, answer.json()) == (200, {"outcome": "activated"})

    business = world.repos.businesses.get(business_id)
    assert business.name == SIGNUP["name"]
    owner = world.fresh_token(person)
    me = requests.get(f"{world.api}/me", headers=owner.headers()).json()
    assert (me["role"], me["business_id"]) == ("owner", business_id)
    page = requests.get(f"{world.api}/billing", headers=owner.headers()).json()
    assert (page["status"], page["provider"], page["invoices"]) == ("trialing", "paypal", [])
    assert page["policy"]["leah"] == "full"

    odd = world.paypal.sale_completed(subscription, NOW, total="1.00")
    assert world.paypal.deliver(world.paypal_hook, odd, NOW).json() == {
        "outcome": "amount_mismatch"}  # fmt: skip
    assert world.billing.payments.invoices.for_business(business_id) == []
    sale = world.paypal.sale_completed(subscription, NOW)
    assert world.paypal.deliver(world.paypal_hook, sale, NOW).json() == {"outcome": "paid"}
    answer = requests.get(f"{world.api}/billing", headers=owner.headers())
    page = answer.json()
    assert answer.status_code == 200, answer.text
    assert page["status"] == "active" and page["status_he"] == "פעיל"
    [invoice] = page["invoices"]
    assert (invoice["net_agorot"], invoice["vat_agorot"], invoice["total_agorot"]) == (
        59900, 10782, 70682)  # fmt: skip
    assert world.billing.documents.get(invoice["pdf_path"]).startswith(b"%PDF")
    # The plan PayPal holds carries the VAT rate and the trial the contract promises.
    plan = world.paypal.plans[world.paypal.subscriptions[subscription]["plan_id"]]
    assert plan["taxes"] == {"percentage": "18", "inclusive": False}
    assert [c["tenure_type"] for c in plan["billing_cycles"]] == ["TRIAL", "REGULAR"]


def test_a_forged_webhook_is_refused_and_changes_nothing(world: BillingWorld) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    event = world.paypal.approve(subscription, NOW, trial_days=14)
    headers, body = world.paypal.signed_delivery(event, NOW)

    tampered = body.replace(b'"ACTIVE"', b'"ACTIVE" ')  # one byte more: the CRC changes
    reserialised = json.dumps(json.loads(body)).encode()  # same JSON, other bytes
    wrong_host = {**headers, "PAYPAL-CERT-URL": "https://paypal.com.evil.example/cert.pem"}
    other_webhook = world.paypal.signed_delivery(event, NOW, webhook_id="WH-SOMEONE-ELSE")
    attempts = [(headers, tampered), (headers, reserialised), (wrong_host, body), other_webhook,
                ({"Content-Type": "application/json"}, body)]  # fmt: skip
    for sent_headers, sent_body in attempts:
        answer = requests.post(world.paypal_hook, data=sent_body, headers=sent_headers)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "WebhookRejected"
    with pytest.raises(NotFound):
        world.repos.businesses.get(business_id)
    assert world.billing.payments.accounts.get(business_id) is None
    assert world.billing.onboarding.get(person.uid).status == "paying"
    # The genuine delivery still works afterwards (nothing was claimed by the forgeries).
    genuine = requests.post(world.paypal_hook, data=body, headers=headers)
    assert genuine.json() == {"outcome": "activated"}


def test_the_same_webhook_twenty_times_at_once_changes_state_once(world: BillingWorld) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    headers, body = world.paypal.signed_delivery(world.paypal.sale_completed(subscription, NOW),
                                                 NOW)  # fmt: skip

    def deliver(_: int) -> tuple[int, str]:
        answer = requests.post(world.paypal_hook, data=body, headers=headers, timeout=60)
        return answer.status_code, answer.json()["outcome"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(deliver, range(20)))
    assert sorted(outcomes) == [(200, "duplicate")] * 19 + [(200, "paid")]
    account = world.billing.payments.accounts.get(business_id)
    assert account is not None and account.status == "active"
    assert len(world.billing.payments.invoices.for_business(business_id)) == 1


def test_contract_is_signed_sealed_and_kept_in_storage(world: BillingWorld) -> None:
    person, shown_sha, _ = signed_up(world, "paypal")
    signup = world.billing.onboarding.get(person.uid)
    assert signup.signature is not None and signup.signed_contract_uri
    assert (signup.signature.document_sha256, signup.signature.user_agent) == (
        shown_sha, "Mozilla/5.0 (test)")  # fmt: skip
    assert signup.signature.signed_at == NOW and signup.signature.consent is True
    path = signup.signed_contract_uri.split("/", 3)[3]
    sealed = world.billing.documents.get(path)
    assert world.billing.seal is not None and world.billing.seal.verify(sealed)
    changed = BytesIO(sealed)
    changed.seek(0, 2)
    changed.write(b"\n% appended after sealing\n")
    assert not world.billing.seal.verify(changed.getvalue())


def test_signing_needs_consent_and_the_hash_that_was_shown(world: BillingWorld) -> None:
    person = world.applicant()
    requests.post(f"{world.api}/signup", json=SIGNUP, headers=_headers(person))
    contract = requests.get(f"{world.api}/signup/contract", headers=_headers(person)).json()
    pdf = base64.b64decode(contract["pdf_base64"])
    assert pdf.startswith(b"%PDF")
    no_consent = {"typed_name": "ישראל", "consent": False, "pdf_sha256": contract["pdf_sha256"]}
    answer = requests.post(f"{world.api}/signup/contract/sign", json=no_consent,
                           headers=_headers(person))  # fmt: skip
    assert (answer.status_code, answer.json()["field"]) == (400, "consent")
    assert answer.json()["message_he"] == "יש לאשר את תנאי ההסכם"
    stale = {**no_consent, "consent": True, "pdf_sha256": "0" * 64}
    answer = requests.post(f"{world.api}/signup/contract/sign", json=stale,
                           headers=_headers(person))  # fmt: skip
    assert (answer.status_code, answer.json()["field"]) == (400, "pdf_sha256")
    unpaid = requests.post(f"{world.api}/signup/payment", json={"provider": "paypal"},
                           headers=_headers(person))  # fmt: skip
    assert (unpaid.status_code, unpaid.json()["reason"]) == (409, "contract_not_signed")
    bad_number = {**SIGNUP, "business_number": "515555556"}
    answer = requests.post(f"{world.api}/signup", json=bad_number, headers=_headers(person))
    assert (answer.status_code, answer.json()["field"]) == (400, "business_number")
    assert answer.json()["message_he"] == "מספר ח.פ / ע.מ אינו תקין"


def test_a_suspended_office_reads_but_cannot_write(world: BillingWorld) -> None:
    from datetime import timedelta

    from agentlocator.billing.state import PaymentFailed, Tick

    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    accounts, rules = world.billing.payments.accounts, world.billing.rules
    accounts.apply(business_id, PaymentFailed(NOW), rules)
    suspended = accounts.apply(business_id, Tick(NOW + timedelta(days=rules.grace_days)), rules)
    assert suspended.account.status == "suspended"

    owner = world.fresh_token(person)
    lead = {"phone": "052-7654321", "name": "לקוח"}
    refused = requests.post(f"{world.api}/leads", json=lead, headers=owner.headers())
    assert (refused.status_code, refused.json()["reason"]) == (403, "billing_suspended")
    assert refused.json()["message_he"] == "השירות מושעה עד להסדרת התשלום: ניתן רק לצפות בנתונים"
    assert requests.get(f"{world.api}/leads", headers=owner.headers()).status_code == 200
    page = requests.get(f"{world.api}/billing", headers=owner.headers()).json()
    assert (page["status_he"], page["policy"]["leah"]) == ("מושעה", "message_only")


def test_the_daily_run_ends_trials_and_grace_periods_once(world: BillingWorld) -> None:
    from datetime import timedelta

    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    daily = f"{world.url}/billing_daily/"

    world.clock.set(NOW + timedelta(days=13))
    assert requests.post(daily).json() == {"moved": {}}
    world.clock.set(NOW + timedelta(days=15))  # the trial ended with no payment
    assert requests.post(daily).json() == {"moved": {business_id: "past_due"}}
    assert requests.post(daily).json() == {"moved": {}}  # a rerun changes nothing
    world.clock.set(NOW + timedelta(days=21))
    assert requests.post(daily).json() == {"moved": {business_id: "suspended"}}
    notices = world.repos.client.collection("businesses").document(business_id)
    kinds = sorted(s.get("notice") for s in notices.collection("billing_notices").stream())
    assert kinds == ["payment_failed", "suspended"]


def test_no_free_number_refuses_activation_until_one_is_added(world: BillingWorld) -> None:
    from tests.integration.billing.conftest import POOL

    pool = world.billing.payments.numbers
    taken = [pool.claim(f"other-office-{i}", NOW) for i in range(len(POOL))]
    assert sorted(taken) == sorted(POOL)
    assert pool.claim("other-office-0", NOW) == taken[0]  # a retry keeps its number

    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    headers, body = world.paypal.signed_delivery(
        world.paypal.approve(subscription, NOW, trial_days=14), NOW
    )
    refused = requests.post(world.paypal_hook, data=body, headers=headers)
    assert (refused.status_code, refused.json()["reason"]) == (409, "no_number")
    with pytest.raises(NotFound):
        world.repos.businesses.get(business_id)
    pool.add(["+97237631009"], NOW)
    retried = requests.post(world.paypal_hook, data=body, headers=headers)  # PayPal's retry
    assert retried.json() == {"outcome": "activated"}
    assert world.repos.businesses.get(business_id).voice_numbers == ["+97237631009"]
