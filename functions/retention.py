"""``purge_recordings``: the hourly recording purge, triggered by Cloud Scheduler through the
retention Pub/Sub topic (a ``google.cloud.pubsub.topic.v1.messagePublished`` CloudEvent).

An event older than its retry window is acknowledged and dropped (a newer run replaces it); a
redelivery of an event already claimed is acknowledged without running (``retention.runs``); a
crash raises so Pub/Sub redelivers; one recording's failure is counted, not raised: the next run
retries it. Dry run: message attribute ``dry_run=true`` or JSON body ``{"dry_run": true}``.
"""

from __future__ import annotations

import functools
import json
import logging
import sys

import functions_framework
from cloudevents.http.event import CloudEvent
from runtime import clock, repos, settings

from agentlocator.retention.ledger import FirestoreRunLedger
from agentlocator.retention.runs import handle_trigger
from agentlocator.retention.service import PurgeService
from agentlocator.retention.trigger import read_trigger
from agentlocator.retention.wiring import build_purge_service

# Progress lines at INFO reach Cloud Logging through stdout (the root logger shows WARNING+).
progress_log = logging.getLogger("agentlocator.retention")
if not progress_log.handlers:
    progress_log.addHandler(logging.StreamHandler(sys.stdout))
    progress_log.setLevel(logging.INFO)


@functools.cache
def purge_service() -> PurgeService:
    return build_purge_service(settings(), repos())


@functools.cache
def run_ledger() -> FirestoreRunLedger:
    return FirestoreRunLedger(repos().client)


def structured_log(severity: str, message: str, **fields: object) -> None:
    """One JSON line: Cloud Logging reads ``severity``/``message`` and keeps the rest."""
    print(json.dumps({"severity": severity, "message": message, **fields}, default=str), flush=True)


@functions_framework.cloud_event
def purge_recordings(event: CloudEvent) -> None:
    trigger = read_trigger(event["id"], event.get("time"), event.data, now=clock().now())
    result = handle_trigger(trigger, purge_service(), run_ledger(), clock())
    if result.outcome == "expired":
        structured_log(
            "WARNING",
            "retention event dropped: older than its retry window",
            event_id=trigger.event_id,
            age_seconds=trigger.age.total_seconds(),
        )
    elif result.outcome == "duplicate":
        structured_log("INFO", "retention event already claimed", event_id=trigger.event_id)
    elif result.summary is not None:
        structured_log(
            "INFO", "recording purge summary", event_id=trigger.event_id, **result.summary.as_dict()
        )
