"""Dunning notices reach the office owner: the daily run (and the provider's failure event)
send each notice once per day and kind, by e-mail (the local SMTP server) and SMS (the Twilio
stand-in), with the billing page link; a send that failed is sent by the next run."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from agentlocator.billing import texts_he
from agentlocator.billing.cli import _NoProvisioning
from agentlocator.billing.dunning import NoticesUnsent
from agentlocator.billing.onboarding import business_id_for
from agentlocator.billing.wiring import build_billing
from agentlocator.devstack.processes import free_port
from tests.integration.billing.conftest import INVOICES_FROM, NOW, BillingWorld
from tests.integration.billing.test_billing_paypal import _subscription_of, signed_up

pytestmark = pytest.mark.emulators

BILLING_PAGE = "http://127.0.0.1:5173/billing"
OWNER_PHONE = "+972501234567"


def _trialing(world: BillingWorld) -> tuple[str, str]:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    return person.email, business_id


def _daily(world: BillingWorld, days: float) -> requests.Response:
    world.clock.set(NOW + timedelta(days=days))
    return requests.post(f"{world.url}/billing_daily/", timeout=60)


def _mailed(world: BillingWorld) -> list[str]:
    return [str(r.parsed()["Subject"]) for r in world.mail.received]


def _texted(world: BillingWorld) -> list[str]:
    return [m["body"] for m in world.twilio.messages.values()]


def test_a_dunning_notice_is_sent_once_per_day_per_notice(world: BillingWorld) -> None:
    email, business_id = _trialing(world)
    subjects = texts_he.NOTICE_EMAIL_SUBJECTS

    # The trial ended unpaid: past due, the owner is told once though the job runs twice.
    first = _daily(world, 15)
    assert first.json() == {"moved": {business_id: "past_due"}}, first.text
    assert _daily(world, 15.2).json() == {"moved": {}}
    assert _mailed(world) == [subjects["payment_failed"]]
    [message] = [r for r in world.mail.received]
    assert message.rcpt_tos == (email,)
    mail = message.parsed()
    plain = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert plain is not None and html is not None
    assert texts_he.NOTICES["payment_failed"] in plain.get_content()  # type: ignore[attr-defined]
    assert f"לתשלום או להחלפת כרטיס: {BILLING_PAGE}" in plain.get_content()  # type: ignore[attr-defined]
    assert '<body dir="rtl"' in html.get_content()  # type: ignore[attr-defined]
    [text] = world.twilio.messages.values()
    assert (text["from"], text["to"]) == (INVOICES_FROM, OWNER_PHONE)
    assert text["body"] == f"AgentLocator: {texts_he.NOTICES['payment_failed']} {BILLING_PAGE}"

    # Two days before suspension: warned (once); then suspended.
    assert _daily(world, 19.5).json() == {"moved": {business_id: "past_due"}}
    assert _daily(world, 19.8).json() == {"moved": {}}
    assert _daily(world, 21.5).json() == {"moved": {business_id: "suspended"}}
    assert _daily(world, 21.6).json() == {"moved": {}}
    expected = [subjects["payment_failed"], subjects["suspension_warning"], subjects["suspended"]]
    assert _mailed(world) == expected
    assert [t.split(": ", 1)[1].rsplit(" ", 1)[0] for t in _texted(world)] == [
        texts_he.NOTICES[n] for n in ("payment_failed", "suspension_warning", "suspended")
    ]
    kept = world.repos.client.collection(f"businesses/{business_id}/billing_notices").stream()
    assert all(n.get("sent_at") is not None for n in kept)


def test_a_notice_whose_send_failed_is_sent_by_the_next_run(world: BillingWorld) -> None:
    _, business_id = _trialing(world)
    dead_settings = world.billing.settings.model_copy(
        update={"smtp_port": free_port(), "billing_sms_from": None}
    )
    dead = build_billing(dead_settings, world.repos.client, _NoProvisioning())
    world.clock.set(NOW + timedelta(days=15))
    with pytest.raises(NoticesUnsent):
        dead.payments.daily(world.clock.now())
    assert _mailed(world) == []
    kept = world.repos.client.collection(f"businesses/{business_id}/billing_notices").stream()
    assert [(n.id.split("-", 3)[-1], n.get("sent_at")) for n in kept] == [("payment_failed", None)]

    # The scheduler's retry (the same day): nothing moves again, the notice goes out once.
    assert _daily(world, 15.1).json() == {"moved": {}}
    assert _daily(world, 15.2).json() == {"moved": {}}
    assert _mailed(world) == [texts_he.NOTICE_EMAIL_SUBJECTS["payment_failed"]]
    assert len(_texted(world)) == 1


def test_a_failed_charge_event_tells_the_owner_at_once(world: BillingWorld) -> None:
    _, business_id = _trialing(world)
    subscription = _subscription_of(world, business_id)
    failed = world.paypal.event(
        "BILLING.SUBSCRIPTION.PAYMENT.FAILED", dict(world.paypal.subscriptions[subscription]), NOW
    )
    assert world.paypal.deliver(world.paypal_hook, failed, NOW).json() == {"outcome": "failed"}
    assert _mailed(world) == [texts_he.NOTICE_EMAIL_SUBJECTS["payment_failed"]]
    # The daily run that day finds it sent and sends nothing more.
    assert _daily(world, 0.5).status_code == 200
    assert _mailed(world) == [texts_he.NOTICE_EMAIL_SUBJECTS["payment_failed"]]


def test_an_office_that_cancels_is_told_by_the_next_daily_run(world: BillingWorld) -> None:
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = _subscription_of(world, business_id)
    world.paypal.deliver(world.paypal_hook, world.paypal.approve(subscription, NOW, 14), NOW)
    owner = world.fresh_token(person)
    cancelled = requests.post(f"{world.api}/billing/cancel", headers=owner.headers())
    assert cancelled.json()["status"] == "cancelled", cancelled.text
    assert _mailed(world) == []  # the API holds no SMTP login: recorded for the daily run
    assert _daily(world, 0.2).json() == {"moved": {}}
    assert _mailed(world) == [texts_he.NOTICE_EMAIL_SUBJECTS["cancelled"]]
    assert _texted(world) == [f"AgentLocator: {texts_he.NOTICES['cancelled']} {BILLING_PAGE}"]
