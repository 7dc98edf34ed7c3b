"""Time helpers: stored times are timezone-aware UTC (the clock itself: ``agentlocator.clock``)."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: times must be timezone-aware")
    return value.astimezone(UTC)
