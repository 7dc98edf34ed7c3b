"""The reply claim on the Firestore emulator: one winner under a race, takeover after a lease."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.whatsapp.ledger import ReplyLedger

pytestmark = pytest.mark.emulators
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)
LEAD = "+972501234567"


def test_twenty_racing_claims_have_exactly_one_winner(
    repos: Repositories, demo_business: Business
) -> None:
    ledger = ReplyLedger(repos.client)
    with ThreadPoolExecutor(max_workers=20) as pool:
        claims = list(
            pool.map(lambda _: ledger.claim(demo_business.id, "SM1", LEAD, NOW, LEASE), range(20))
        )
    assert sum(c.won for c in claims) == 1
    assert {c.state for c in claims if not c.won} == {"claimed"}


def test_a_fresh_claim_blocks_and_a_stale_one_is_taken_over_with_its_reply(
    repos: Repositories, demo_business: Business
) -> None:
    ledger = ReplyLedger(repos.client)
    assert ledger.claim(demo_business.id, "SM2", LEAD, NOW, LEASE).won
    ledger.record_reply(demo_business.id, "SM2", "שלום, כאן לאה", "SM2-reply")

    within = ledger.claim(demo_business.id, "SM2", LEAD, NOW + LEASE / 2, LEASE)
    assert (within.won, within.state) == (False, "generated")

    after = ledger.claim(demo_business.id, "SM2", LEAD, NOW + LEASE * 2, LEASE)
    assert after.won
    assert (after.reply_text, after.reply_message_id) == ("שלום, כאן לאה", "SM2-reply")
    stored = ledger.get(demo_business.id, "SM2")
    assert stored is not None and stored["attempts"] == 2


def test_a_sent_reply_is_never_claimed_again(repos: Repositories, demo_business: Business) -> None:
    ledger = ReplyLedger(repos.client)
    ledger.claim(demo_business.id, "SM3", LEAD, NOW, LEASE)
    repos.client.collection("businesses").document(demo_business.id).collection("leads").document(
        LEAD
    ).collection("messages").document("SM3-reply").set({"text": "x"})
    ledger.record_reply(demo_business.id, "SM3", "x", "SM3-reply")
    ledger.record_sent(
        demo_business.id, "SM3", LEAD, "SM3-reply", {"transport": "twilio", "provider_id": "SMx"}
    )
    later = ledger.claim(demo_business.id, "SM3", LEAD, NOW + timedelta(days=1), LEASE)
    assert (later.won, later.state) == (False, "sent")
