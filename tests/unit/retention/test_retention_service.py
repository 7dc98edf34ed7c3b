"""The purge's orchestration over its ports: counts, failures isolated and retried, idempotent
second run, dry run. The ports here are plain objects holding state (the integration tests run
the same service against the Twilio stand-in and the Firestore and GCS emulators)."""

from __future__ import annotations

from datetime import timedelta

from agentlocator.clock import FixedClock
from agentlocator.retention.service import PurgeService
from tests.unit.retention.purge_world import NOW, World


def _service(world: World, batch_size: int = 3) -> PurgeService:
    return PurgeService(
        world, world, world, world, world, workers=4, batch_size=batch_size, clock=FixedClock(NOW)
    )


def _world() -> World:
    world = World(retention={"b1": 2, "b2": 1})
    for i in range(10):
        world.add(f"CA{i:02d}", "b1" if i % 2 else "b2", timedelta(hours=10 * i))
    return world


def _purged(world: World) -> set[str]:
    return {sid for sid, c in world.calls.items() if c.recording and c.recording.purged_at}


def test_purges_exactly_the_due_recordings_everywhere() -> None:
    world = _world()
    summary = _service(world).run(NOW)
    # b2 (1 day) holds the even calls, aged 0..80 h: 40, 60, 80 h are due.
    # b1 (2 days) holds the odd calls, aged 10..90 h: 50, 70, 90 h are due.
    expected = {"CA04", "CA05", "CA06", "CA07", "CA08", "CA09"}
    assert _purged(world) == expected
    assert world.twilio == {"RECA00", "RECA01", "RECA02", "RECA03"}
    assert world.objects == {f"gs://rec/CA0{i}.mp3" for i in range(4)}
    assert (summary.scanned, summary.due, summary.purged, summary.failed) == (10, 6, 6, 0)
    assert summary.due_by_business == {"b1": 3, "b2": 3}
    assert summary.twilio_deleted == summary.storage_deleted == 6
    stored = world.calls["CA04"].recording
    assert stored is not None and stored.purged_at == NOW and stored.purge_reason == "retention:1d"


def test_a_second_run_deletes_nothing() -> None:
    world = _world()
    _service(world).run(NOW)
    deletes = len(world.twilio_deletes)
    again = _service(world).run(NOW)
    assert len(world.twilio_deletes) == deletes
    assert (again.scanned, again.due, again.purged, again.failed) == (4, 0, 0, 0)


def test_one_failure_does_not_stop_the_others_and_is_retried_next_run() -> None:
    world = _world()
    world.failing_twilio.add("RECA05")
    first = _service(world).run(NOW)
    assert (first.purged, first.failed) == (5, 1)
    assert [(f.call_sid, f.stage) for f in first.failures] == [("CA05", "twilio")]
    assert "CA05" not in _purged(world) and "gs://rec/CA05.mp3" in world.objects
    second = _service(world).run(NOW)
    assert (second.due, second.purged, second.failed) == (1, 1, 0)
    assert "CA05" in _purged(world) and "RECA05" not in world.twilio


def test_already_deleted_elsewhere_counts_as_done() -> None:
    world = _world()
    world.twilio.discard("RECA09")
    world.objects.discard("gs://rec/CA08.mp3")
    summary = _service(world).run(NOW)
    assert summary.failed == 0 and summary.purged == 6
    assert (summary.twilio_absent, summary.storage_absent) == (1, 1)
    assert {"CA08", "CA09"} <= _purged(world)


def test_a_recording_without_a_storage_copy_is_purged_at_twilio_only() -> None:
    world = World()
    world.add("CA1", "b1", timedelta(days=3), stored=False)
    summary = _service(world).run(NOW)
    assert summary.purged == 1 and summary.storage_deleted == summary.storage_absent == 0
    assert world.twilio == set()


def test_dry_run_counts_and_deletes_nothing() -> None:
    world = _world()
    summary = _service(world).run(NOW, dry_run=True)
    assert summary.dry_run and (summary.due, summary.purged) == (6, 0)
    assert world.twilio_deletes == [] and _purged(world) == set()
    assert len(world.objects) == 10


def test_unknown_business_gets_the_default() -> None:
    world = World()
    world.add("CA1", "gone", timedelta(hours=47))
    world.add("CA2", "gone", timedelta(hours=49))
    summary = _service(world).run(NOW)
    assert _purged(world) == {"CA2"} and summary.due == 1
