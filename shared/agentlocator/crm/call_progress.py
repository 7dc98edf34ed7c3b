"""How a Twilio status callback changes a stored call: pure rules, no I/O.

Callbacks arrive late, twice and concurrently; the rules make the result independent of their
order. A status of lower rank than the stored one never moves the call back, the first
terminal callback fixes the end time and duration, and every status keeps the time it was first
reported (``status_times``), so the call's history is readable whatever the order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from agentlocator.crm.models import CALL_STATUS_RANK, Call

TERMINAL_RANK = max(CALL_STATUS_RANK.values())
STREAM_CLOSED_BY_STATUS = "status_callback"


def status_changes(
    call: Call,
    status: str,
    at: datetime,
    duration_seconds: int | None = None,
    sequence: int | None = None,
) -> dict[str, Any]:
    """The Firestore field updates (dotted paths) this callback adds to ``call``; empty when
    it adds nothing (a repeat, or a late lower status already reflected)."""
    if status not in CALL_STATUS_RANK:
        raise ValueError(f"unknown call status {status!r}")
    changes: dict[str, Any] = {}
    if status not in call.status_times:
        changes[f"status_times.`{status}`"] = at
    rank = CALL_STATUS_RANK[status]
    if rank > call.status_rank:
        changes.update(status=status, status_rank=rank)
    # the moments are kept even when their callback comes after a later status
    if status == "in-progress" and call.answered_at is None:
        changes["answered_at"] = at
    if rank == TERMINAL_RANK and call.ended_at is None:
        changes["ended_at"] = at
    if rank == TERMINAL_RANK and call.stream_started_at is not None:
        if call.stream_ended_at is None:
            # the media service died without Twilio's ``stop``: Twilio's word ends the stream
            changes.update(stream_ended_at=at, stream_ended_by=STREAM_CLOSED_BY_STATUS)
    if duration_seconds is not None and call.duration_seconds is None:
        changes["duration_seconds"] = duration_seconds
    if sequence is not None and sequence > call.last_callback_sequence:
        changes["last_callback_sequence"] = sequence
    return changes


def apply_changes(call: Call, changes: dict[str, Any]) -> Call:
    """``call`` as it reads after the update ``changes`` (dotted ``status_times`` paths and
    nested documents such as ``recording`` included)."""
    plain = {k: v for k, v in changes.items() if not k.startswith("status_times.")}
    times = dict(call.status_times)
    for key, value in changes.items():
        if key.startswith("status_times."):
            times[key.split(".", 1)[1].strip("`")] = value
    return Call.model_validate({**call.model_dump(), **plain, "status_times": times})
