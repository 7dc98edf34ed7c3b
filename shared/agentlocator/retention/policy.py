"""How long recordings are kept, per business, and how old a trigger event may be."""

from __future__ import annotations

from datetime import timedelta

# The default a new business gets, and the most any business may choose (docs/retention.md):
# a business can shorten retention, never lengthen it.
DEFAULT_RETENTION_DAYS = 2
MAX_RETENTION_DAYS = 2

# Cloud Scheduler publishes every hour: an event older than this has been superseded by a newer
# run, so a redelivery that old is dropped instead of retried forever.
MAX_EVENT_AGE = timedelta(hours=1)

# Recordings Twilio may still be writing; never deleted before the legal maximum has passed.
UNFINISHED_RECORDING_STATUSES = frozenset({"in-progress", "paused", "processing"})


def effective_retention_days(chosen: int | None) -> int:
    """The retention to apply: the business's choice, clamped to [0, MAX_RETENTION_DAYS].

    A value above the maximum (written around validation, or a stale document) must not keep a
    recording longer than the law allows, so it is clamped rather than trusted."""
    if chosen is None:
        return DEFAULT_RETENTION_DAYS
    return max(0, min(chosen, MAX_RETENTION_DAYS))


def retention_period(days: int) -> timedelta:
    return timedelta(days=effective_retention_days(days))
