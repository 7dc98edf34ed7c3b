"""One trigger event → at most one purge run, by construction.

The event id is the key of a ledger record created with a create-if-absent precondition, so a
redelivered event (Pub/Sub redelivers while a long run still holds the push open, or after a
lost acknowledgement) finds the record and is acknowledged without running. A run that crashes
releases its claim and re-raises, so the platform's retry runs it again; a run killed outright
keeps its claim and the next hourly event does the work (the purge is idempotent by state).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agentlocator.clock import Clock
from agentlocator.retention.ports import RunLedger
from agentlocator.retention.service import PurgeService, PurgeSummary
from agentlocator.retention.trigger import PurgeTrigger

Outcome = Literal["expired", "duplicate", "ran"]


@dataclass(frozen=True)
class TriggerResult:
    outcome: Outcome
    summary: PurgeSummary | None = None


def handle_trigger(
    trigger: PurgeTrigger,
    service: PurgeService,
    ledger: RunLedger,
    clock: Clock,
) -> TriggerResult:
    if trigger.expired:
        return TriggerResult("expired")
    started = clock.now()
    if not ledger.claim(trigger.event_id, started, trigger.dry_run):
        return TriggerResult("duplicate")
    try:
        summary = service.run(started, dry_run=trigger.dry_run)
    except BaseException:
        ledger.release(trigger.event_id)
        raise
    counts = {
        k: v for k, v in summary.as_dict().items() if isinstance(v, int) and not isinstance(v, bool)
    }
    ledger.finish(trigger.event_id, clock.now(), counts)
    return TriggerResult("ran", summary)
