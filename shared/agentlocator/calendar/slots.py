"""Free meeting slots from business hours, meeting length, agents and existing appointments.

Pure: the caller loads appointments; booking itself is a Firestore transaction elsewhere.
A slot is free when at least one agent has nothing overlapping it; it is offered with that agent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from agentlocator.calendar.hours import BusinessHours, opening_intervals


@dataclass(frozen=True)
class CalendarRules:
    meeting_minutes: int = 45
    step_minutes: int = 30
    min_notice_minutes: int = 60
    horizon_days: int = 28
    buffer_minutes: int = 0


@dataclass(frozen=True)
class Busy:
    """Time an agent is taken; ``agent_id`` None blocks every agent (an office-wide block)."""

    start: datetime
    end: datetime
    agent_id: str | None = None


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime
    agent_id: str | None = None


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _round_up(moment: datetime, step: timedelta) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=moment.tzinfo)
    remainder = (moment - epoch) % step
    return moment if not remainder else moment + (step - remainder)


def free_agent(
    start: datetime,
    end: datetime,
    agents: Sequence[str],
    busy: Sequence[Busy],
    buffer: timedelta = timedelta(0),
) -> str | None | bool:
    """The first agent free over [start, end); ``None`` when there are no agents and the office is
    free; ``False`` when nobody is free."""
    blocked_all = any(
        b.agent_id is None and _overlaps(start - buffer, end + buffer, b.start, b.end) for b in busy
    )
    if blocked_all:
        return False
    if not agents:
        taken = any(_overlaps(start - buffer, end + buffer, b.start, b.end) for b in busy)
        return False if taken else None
    for agent in agents:
        if not any(
            b.agent_id == agent and _overlaps(start - buffer, end + buffer, b.start, b.end)
            for b in busy
        ):
            return agent
    return False


def free_slots(
    hours: BusinessHours,
    rules: CalendarRules,
    agents: Sequence[str],
    busy: Sequence[Busy],
    now: datetime,
    start_day: date | None = None,
    days: int | None = None,
    limit: int | None = None,
) -> list[Slot]:
    """Free slots in chronological order from ``start_day`` (default: today) for ``days`` days."""
    length = timedelta(minutes=rules.meeting_minutes)
    step = timedelta(minutes=rules.step_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    earliest = (now + timedelta(minutes=rules.min_notice_minutes)).astimezone(hours.tz)
    local_today = now.astimezone(hours.tz).date()
    first_day = max(start_day or local_today, local_today)
    span = days if days is not None else rules.horizon_days
    horizon_end = local_today + timedelta(days=rules.horizon_days)
    last_day = min(first_day + timedelta(days=span), horizon_end)
    found: list[Slot] = []
    day = first_day
    while day < last_day:
        for opens, closes in opening_intervals(hours, day):
            candidate = opens if opens >= earliest else _round_up(earliest, step)
            candidate = max(candidate, opens)
            while candidate + length <= closes:
                agent = free_agent(candidate, candidate + length, agents, busy, buffer)
                if agent is not False:
                    found.append(
                        Slot(
                            candidate.astimezone(UTC),
                            (candidate + length).astimezone(UTC),
                            agent if isinstance(agent, str) else None,
                        )
                    )
                    if limit is not None and len(found) >= limit:
                        return found
                candidate += step
        day += timedelta(days=1)
    return found
