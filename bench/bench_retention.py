"""Recording purge speed: 5,000 recordings across 3 businesses, half older than 48 h, on the
Firestore and Storage emulators and the local Twilio REST stand-in (real SDKs throughout).

Baseline measured in the same run: paging through the same 5,000 calls with the query the purge
uses, deleting nothing. Then the dry run (paging + selection), the purge itself (Twilio DELETE,
Storage delete for the stored copies, Firestore mark, ``--workers`` threads), and a second run
(a no-op: only the young recordings are still listed).

    .venv/bin/python bench/bench_retention.py [--recordings 5000] [--stored-every 5] [--workers 16]

Every ``--stored-every``-th recording has a Cloud Storage copy: the Storage emulator rewrites its
whole metadata file on each write, so its cost per request grows with the objects it holds and
5,000 copies would measure the emulator, not the purge.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared")]

from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.cloud_storage import make_storage_client  # noqa: E402
from agentlocator.crm.models import Business  # noqa: E402
from agentlocator.crm.repositories import Repositories  # noqa: E402
from agentlocator.devstack.stack import start_stack  # noqa: E402
from agentlocator.devstack.twilio_standin import TwilioStandin  # noqa: E402
from agentlocator.retention.adapters import (  # noqa: E402
    BusinessRetentionLookup,
    FirestoreCallMarker,
    FirestoreCallSource,
    GcsObjectDeleter,
    TwilioRecordingDeleter,
)
from agentlocator.retention.service import PurgeService  # noqa: E402
from agentlocator.twilio_rest import TwilioRest, make_twilio_client  # noqa: E402
from tests.integration.retention.purge_harness import plan_recordings, seed  # noqa: E402

BUSINESSES = ["tlv-homes", "haifa-realty", "jlm-nadlan"]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


class StageClock:
    """Wraps a port and adds up the seconds its calls take (summed over worker threads)."""

    def __init__(self, port: Any, method: str) -> None:
        self._call = getattr(port, method)
        self.seconds = 0.0
        self._lock = threading.Lock()
        setattr(self, method, self._timed)

    def _timed(self, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return self._call(*args)
        finally:
            with self._lock:
                self.seconds += time.perf_counter() - started


def median(samples: list[tuple[float, Any]]) -> tuple[float, Any]:
    return sorted(samples, key=lambda sample: sample[0])[len(samples) // 2]


def upload(put: Callable[[Any], None], items: list[Any]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(put, items))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recordings", type=int, default=5000)
    parser.add_argument("--stored-every", type=int, default=5)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()

    stack = start_stack(["firestore", "storage"], logs=Path(tempfile.mkdtemp(prefix="bench-")))
    rows: list[tuple[str, float, int]] = []
    try:
        stack.export()
        settings = stack.settings({"environment": "test"})
        repos = Repositories.from_settings(settings, SYSTEM_CLOCK)
        storage = make_storage_client(settings)
        bucket = storage.create_bucket(f"recordings-{uuid.uuid4().hex[:12]}")
        bucket.soft_delete_policy.retention_duration_seconds = 0
        bucket.patch()
        with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as twilio:
            for business in BUSINESSES:
                repos.businesses.create_if_absent(Business(id=business, name=business))
            plan = plan_recordings(
                args.recordings, BUSINESSES, SYSTEM_CLOCK.now(), args.stored_every, bucket.name
            )
            seeded, _ = timed(lambda: seed(repos, twilio, bucket, plan, SYSTEM_CLOCK.now(), upload))
            stored = sum(1 for p in plan if p.storage_uri)
            print(
                f"seeded {len(plan)} calls and Twilio recordings, {stored} stored copies "
                f"in {seeded:.1f}s"
            )
            rest = TwilioRest(
                make_twilio_client(
                    settings.twilio_account_sid, settings.twilio_auth_token, twilio.base_url
                ),
                twilio.base_url,
            )
            twilio_clock = StageClock(TwilioRecordingDeleter(rest), "delete_recording")
            storage_clock = StageClock(GcsObjectDeleter(storage), "delete_object")
            mark_clock = StageClock(FirestoreCallMarker(repos.calls), "mark_purged")
            service = PurgeService(
                FirestoreCallSource(repos.calls), BusinessRetentionLookup(repos.businesses),
                cast(Any, twilio_clock), cast(Any, storage_clock), cast(Any, mark_clock),
                workers=args.workers, clock=SYSTEM_CLOCK,
            )  # fmt: skip

            def page_through() -> int:
                return sum(1 for _ in repos.calls.iter_with_recordings(page_size=500))

            page_through()  # warm the emulator and the client
            # Interleaved, median of three each, so emulator warm-up favours neither.
            listings, dry_runs = [], []
            for _ in range(3):
                listings.append(timed(page_through))
                dry_runs.append(timed(lambda: service.run(SYSTEM_CLOCK.now(), dry_run=True)))
            seconds, listed = median(listings)
            rows.append(("baseline: page through the calls (no deletes)", seconds, listed))
            seconds, summary = median(dry_runs)
            rows.append(("dry run: page + select", seconds, summary.scanned))
            seconds, summary = timed(lambda: service.run(SYSTEM_CLOCK.now()))
            assert summary.purged == len(plan) // 2 and summary.failed == 0, summary
            rows.append((f"purge ({args.workers} workers): delete + mark", seconds, summary.purged))
            seconds, again = timed(lambda: service.run(SYSTEM_CLOCK.now()))
            assert again.due == 0, again
            rows.append(("second run (no-op)", seconds, again.scanned))
        storage_deletes = summary.storage_deleted
    finally:
        stack.stop()

    base = rows[0][1]
    print(
        f"\n{args.recordings} recordings, 3 businesses, half older than 48 h; "
        f"{summary.twilio_deleted} Twilio and {storage_deletes} Storage deletes\n"
    )
    print(f"{'case':<46} {'seconds':>8} {'items':>6} {'ms/item':>8} {'× baseline':>11}")
    for name, seconds, items in rows:
        per = seconds / items * 1000 if items else 0.0
        print(f"{name:<46} {seconds:>8.2f} {items:>6} {per:>8.2f} {seconds / base:>10.1f}×")
    print("\npurge time by stage, summed over worker threads:")
    for name, clock, count in (
        ("Twilio DELETE (stand-in, via twilio.rest)", twilio_clock, summary.twilio_deleted),
        ("Storage delete (emulator)", storage_clock, storage_deletes),
        ("Firestore mark (emulator)", mark_clock, summary.purged),
    ):
        per = clock.seconds / count * 1000 if count else 0.0
        print(f"  {name:<44} {clock.seconds:>8.2f} s  {per:>7.2f} ms each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
