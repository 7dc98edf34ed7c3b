"""PayPal's webhook certificate must chain to a trusted root (here a local CA the test made,
configured through the test-only PAYPAL_TEST_ROOT_CA) and name PayPal's message-verification
service: a chain from another CA, a wrong subject or an expired intermediate → 400, nothing
written, and the genuine delivery still goes through afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from agentlocator.billing.onboarding import business_id_for
from agentlocator.errors import NotFound
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.fake_paypal import SigningChain
from tests.integration.billing.test_billing_paypal import signed_up

pytestmark = pytest.mark.emulators


def test_chains_not_leading_to_the_trusted_root_as_paypal_are_refused(world: BillingWorld
                                                                      ) -> None:  # fmt: skip
    person, _, _ = signed_up(world, "paypal")
    business_id = business_id_for(person.uid)
    subscription = next(s["id"] for s in world.paypal.subscriptions.values()
                        if s["custom_id"] == business_id)  # fmt: skip
    event = world.paypal.approve(subscription, NOW, trial_days=14)
    root = world.paypal.chain.root
    forged = {
        "other-ca": SigningChain.make(),  # right names, a root nobody trusts
        "wrong-subject": SigningChain.make(root, ("api.paypal.com", "PayPal, Inc.")),
        "wrong-organisation": SigningChain.make(
            root, ("messageverificationcerts.paypal.com", "Not PayPal Ltd")),
        "expired-intermediate": SigningChain.make(
            root, intermediate_not_after=datetime(2001, 1, 1, tzinfo=UTC)),
    }  # fmt: skip
    for name, chain in forged.items():
        url = world.paypal.serve_chain(name, chain)
        headers, body = world.paypal.signed_delivery(event, NOW, chain=chain, cert_url=url)
        answer = requests.post(world.paypal_hook, data=body, headers=headers, timeout=30)
        assert (answer.status_code, answer.json()["error"]) == (400, "WebhookRejected"), name

    with pytest.raises(NotFound):
        world.repos.businesses.get(business_id)
    assert world.billing.payments.accounts.get(business_id) is None
    ledger = world.repos.client.collection("billing_events").document(f"paypal-{event['id']}")
    assert not ledger.get().exists  # no claim was left behind by the forgeries
    genuine = world.paypal.deliver(world.paypal_hook, event, NOW)
    assert genuine.json() == {"outcome": "activated"}
