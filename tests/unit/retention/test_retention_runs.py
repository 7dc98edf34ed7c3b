"""One trigger event → at most one run: expired events, redeliveries, crash release."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agentlocator.clock import FixedClock
from agentlocator.retention.runs import handle_trigger
from agentlocator.retention.service import PurgeService
from agentlocator.retention.trigger import PurgeTrigger
from tests.unit.retention.purge_world import World

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@dataclass
class Ledger:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def claim(self, event_id: str, started_at: datetime, dry_run: bool) -> bool:
        if event_id in self.records:
            return False
        self.records[event_id] = {"status": "running", "dry_run": dry_run}
        return True

    def finish(self, event_id: str, finished_at: datetime, counts: dict[str, int]) -> None:
        self.records[event_id].update(status="done", counts=counts)

    def release(self, event_id: str) -> None:
        del self.records[event_id]


def _trigger(event_id: str = "1", age: timedelta = timedelta(seconds=5)) -> PurgeTrigger:
    return PurgeTrigger(event_id=event_id, published_at=NOW - age, age=age, dry_run=False)


def _world() -> World:
    world = World()
    world.add("CA1", "b1", timedelta(days=3))
    world.add("CA2", "b1", timedelta(days=1))
    return world


def _service(world: World) -> PurgeService:
    return PurgeService(world, world, world, world, world, workers=2, clock=FixedClock(NOW))


def test_the_first_delivery_runs_and_records_its_counts() -> None:
    world, ledger = _world(), Ledger()
    result = handle_trigger(_trigger(), _service(world), ledger, clock=FixedClock(NOW))
    assert result.outcome == "ran" and result.summary is not None
    assert result.summary.purged == 1
    assert ledger.records["1"]["status"] == "done"
    assert ledger.records["1"]["counts"]["purged"] == 1
    assert "dry_run" not in ledger.records["1"]["counts"]


def test_a_redelivery_of_a_claimed_event_does_not_run() -> None:
    world, ledger = _world(), Ledger()
    handle_trigger(_trigger(), _service(world), ledger, clock=FixedClock(NOW))
    world.add("CA3", "b1", timedelta(days=4))  # would be due if the redelivery ran
    again = handle_trigger(_trigger(), _service(world), ledger, clock=FixedClock(NOW))
    assert again.outcome == "duplicate"
    assert world.twilio_deletes == ["RECA1"]


def test_an_expired_event_is_dropped_without_a_claim() -> None:
    world, ledger = _world(), Ledger()
    result = handle_trigger(
        _trigger(age=timedelta(hours=2)), _service(world), ledger, FixedClock(NOW)
    )
    assert result.outcome == "expired" and ledger.records == {}
    assert world.twilio_deletes == []


class Broken(World):
    def calls_with_live_recordings(self):  # type: ignore[no-untyped-def]
        raise ConnectionError("Firestore unavailable")


def test_a_crashed_run_releases_its_claim_so_the_retry_runs() -> None:
    broken, ledger = Broken(), Ledger()
    with pytest.raises(ConnectionError):
        handle_trigger(_trigger(), _service(broken), ledger, clock=FixedClock(NOW))
    assert ledger.records == {}
    world = _world()
    retried = handle_trigger(_trigger(), _service(world), ledger, clock=FixedClock(NOW))
    assert retried.outcome == "ran"
