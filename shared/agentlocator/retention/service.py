"""The purge: page through calls with live recordings, delete the due ones at Twilio and in
Cloud Storage, then mark the call. Pure orchestration over the ports in ``ports``.

Idempotent by state: a purged call is marked and no longer selected, and a 404 from Twilio or
Cloud Storage counts as already deleted, so a second run (or a redelivered event) deletes
nothing twice and fails on nothing. A failure on one recording is counted and logged; the call
stays unmarked and the next run retries it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

from agentlocator.clock import Clock
from agentlocator.crm.models import Call
from agentlocator.retention.policy import effective_retention_days
from agentlocator.retention.ports import (
    CallMarker,
    CallSource,
    DeleteOutcome,
    RecordingDeleter,
    RetentionLookup,
    StorageDeleter,
)
from agentlocator.retention.selection import PurgeCandidate, select_due

log = logging.getLogger("agentlocator.retention")

Stage = Literal["twilio", "storage", "mark"]
T = TypeVar("T")

# Failures kept verbatim in the summary; the count covers all of them.
MAX_REPORTED_FAILURES = 50


@dataclass(frozen=True)
class PurgeFailure:
    call_sid: str
    recording_sid: str
    stage: Stage
    error: str


@dataclass(frozen=True)
class PurgeResult:
    candidate: PurgeCandidate
    twilio: DeleteOutcome | None = None
    storage: DeleteOutcome | None = None
    failure: PurgeFailure | None = None


@dataclass
class PurgeSummary:
    dry_run: bool
    scanned: int = 0
    due: int = 0
    purged: int = 0
    twilio_deleted: int = 0
    twilio_absent: int = 0
    storage_deleted: int = 0
    storage_absent: int = 0
    failed: int = 0
    due_by_business: dict[str, int] = field(default_factory=dict)
    failures: list[PurgeFailure] = field(default_factory=list)

    def count_due(self, candidate: PurgeCandidate) -> None:
        self.due += 1
        business = candidate.business_id
        self.due_by_business[business] = self.due_by_business.get(business, 0) + 1

    def add(self, result: PurgeResult) -> None:
        if result.failure is not None:
            self.failed += 1
            if len(self.failures) < MAX_REPORTED_FAILURES:
                self.failures.append(result.failure)
        if result.twilio == "deleted":
            self.twilio_deleted += 1
        elif result.twilio == "absent":
            self.twilio_absent += 1
        if result.storage == "deleted":
            self.storage_deleted += 1
        elif result.storage == "absent":
            self.storage_absent += 1
        if result.failure is None:
            self.purged += 1

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class RetentionCache:
    """Each business's retention, looked up once per run (thousands of calls, a few businesses)."""

    def __init__(self, lookup: RetentionLookup) -> None:
        self._lookup = lookup
        self._days: dict[str, int] = {}

    def __call__(self, business_id: str) -> int:
        if business_id not in self._days:
            self._days[business_id] = effective_retention_days(
                self._lookup.retention_days(business_id)
            )
        return self._days[business_id]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class PurgeService:
    def __init__(
        self,
        calls: CallSource,
        retention: RetentionLookup,
        recordings: RecordingDeleter,
        storage: StorageDeleter,
        marker: CallMarker,
        *,
        workers: int = 16,
        batch_size: int = 200,
        clock: Clock,
    ) -> None:
        self._calls = calls
        self._retention = retention
        self._recordings = recordings
        self._storage = storage
        self._marker = marker
        self._workers = workers
        self._batch_size = batch_size
        self._clock = clock

    def run(self, now: datetime, *, dry_run: bool = False) -> PurgeSummary:
        """One pass over every live recording; returns the counts (also logged)."""
        started = now
        summary = PurgeSummary(dry_run=dry_run)

        def scanned(calls: Iterable[Call]) -> Iterator[Call]:
            for call in calls:
                summary.scanned += 1
                yield call

        due = select_due(
            scanned(self._calls.calls_with_live_recordings()),
            RetentionCache(self._retention),
            started,
        )
        with ThreadPoolExecutor(max_workers=self._workers) as pool:
            for batch in batched(due, self._batch_size):
                for candidate in batch:
                    summary.count_due(candidate)
                if not dry_run:
                    for result in pool.map(self._purge_one, batch):
                        summary.add(result)
                log.info(
                    "recording purge progress: scanned=%d due=%d purged=%d failed=%d",
                    summary.scanned,
                    summary.due,
                    summary.purged,
                    summary.failed,
                )
        for failure in summary.failures:
            log.warning("recording purge failed (retried next run): %s", failure)
        log.info(
            "recording purge %s: scanned=%d due=%d purged=%d failed=%d "
            "twilio deleted/absent=%d/%d storage deleted/absent=%d/%d",
            "dry run" if dry_run else "finished",
            summary.scanned,
            summary.due,
            summary.purged,
            summary.failed,
            summary.twilio_deleted,
            summary.twilio_absent,
            summary.storage_deleted,
            summary.storage_absent,
        )
        return summary

    def _purge_one(self, candidate: PurgeCandidate) -> PurgeResult:
        stage: Stage = "twilio"
        twilio: DeleteOutcome | None = None
        storage: DeleteOutcome | None = None
        try:
            twilio = self._recordings.delete_recording(candidate.recording_sid)
            stage = "storage"
            if candidate.storage_uri:
                storage = self._storage.delete_object(candidate.storage_uri)
            stage = "mark"
            self._marker.mark_purged(candidate.call_sid, self._clock.now(), candidate.reason)
        except Exception as exc:  # one recording's failure must not stop the others
            failure = PurgeFailure(
                candidate.call_sid, candidate.recording_sid, stage, f"{type(exc).__name__}: {exc}"
            )
            return PurgeResult(candidate, twilio, storage, failure)
        return PurgeResult(candidate, twilio, storage)
