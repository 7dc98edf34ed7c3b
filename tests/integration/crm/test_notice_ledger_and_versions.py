"""The ledger's lease (a sender that died mid-send is taken over, a live one is not) and the
meeting's version (each move or cancel names one change; two moves at once: one wins)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.notifications import ClaimBusy, NotificationLedger
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import Conflict

pytestmark = pytest.mark.emulators

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def test_a_leased_claim_is_busy_while_held_taken_over_once_stale_and_final_once_sent(
    repos: Repositories,
) -> None:
    ledger = NotificationLedger(repos.client)
    key = "notice-test:lease"
    assert ledger.claim_leased(key, NOW, LEASE) == "claimed"
    assert ledger.claim_leased(key, NOW + timedelta(seconds=30), LEASE) == "busy"
    with pytest.raises(ClaimBusy):
        ledger.claim_for_send(key, NOW + timedelta(seconds=30), LEASE)
    # the first sender died without sending: after the lease the retry takes it over
    assert ledger.claim_leased(key, NOW + LEASE + timedelta(seconds=1), LEASE) == "claimed"
    ledger.mark_sent(key, "SM" + "1" * 32)
    assert ledger.claim_leased(key, NOW + timedelta(days=1), LEASE) == "sent"
    assert ledger.claim_for_send(key, NOW + timedelta(days=1), LEASE) is False
    assert ledger.claim_for_send(key, NOW, None) is False  # no lease: the plain claim


def test_each_move_and_cancel_is_a_new_version_and_racing_moves_have_one_winner(
    repos: Repositories, demo_business: Business
) -> None:
    agent = demo_business.agents[0].id
    start = NOW + timedelta(days=2, hours=1)
    booked = repos.appointments.book(
        demo_business.id, "+972501230000", agent, start, start + timedelta(minutes=30)
    )
    assert booked.version == 1
    outcomes: list[object] = []

    def move(hours: int) -> None:
        moved_to = start + timedelta(hours=hours)
        try:
            outcomes.append(
                repos.appointments.move(
                    demo_business.id, booked.id, moved_to, moved_to + timedelta(minutes=30)
                ).version
            )
        except Conflict as exc:
            outcomes.append(exc)

    racers = [threading.Thread(target=move, args=(h,)) for h in (2, 4)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert sorted(o for o in outcomes if isinstance(o, int)) == [2]
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    stored = repos.appointments.get(demo_business.id, booked.id)
    assert stored.version == 2 and len(stored.lock_ids) == 6  # one set of cells, not two

    cancelled = repos.appointments.cancel(demo_business.id, booked.id)
    assert cancelled.version == 3
    assert repos.appointments.cancel(demo_business.id, booked.id).version == 3  # no new change
