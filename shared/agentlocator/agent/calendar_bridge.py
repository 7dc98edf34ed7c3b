"""Build the pure calendar objects from the CRM's business and appointments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from agentlocator.calendar.finder import SlotFinder
from agentlocator.calendar.hours import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    BusinessHours,
    OpenInterval,
)
from agentlocator.calendar.slots import Busy, CalendarRules
from agentlocator.crm.models import Appointment, Business

_WEEKDAY_INDEX = {
    "sun": SUNDAY, "mon": MONDAY, "tue": TUESDAY, "wed": WEDNESDAY, "thu": THURSDAY,
    "fri": FRIDAY, "sat": SATURDAY,
}  # fmt: skip


def business_hours(business: Business) -> BusinessHours:
    weekly = {
        _WEEKDAY_INDEX[day]: tuple(OpenInterval(h.open, h.close) for h in ranges)
        for day, ranges in business.hours.items()
    }
    for index in _WEEKDAY_INDEX.values():
        weekly.setdefault(index, ())
    return BusinessHours(weekly=weekly, timezone=business.timezone)


def calendar_rules(business: Business) -> CalendarRules:
    # 60 days ahead: the brain loads that much of the calendar; "ב-15 בינואר" must still work.
    return CalendarRules(meeting_minutes=business.meeting_minutes, step_minutes=30, horizon_days=60)


def active_agents(business: Business) -> list[str]:
    return [a.id for a in business.agents if a.active]


def busy_times(appointments: Iterable[Appointment], skip_id: str | None = None) -> list[Busy]:
    return [
        Busy(a.start, a.end, a.agent_id)
        for a in appointments
        if a.status == "scheduled" and a.id != skip_id
    ]


def finder_for(
    business: Business, appointments: Iterable[Appointment], now: datetime
) -> SlotFinder:
    return SlotFinder(
        business_hours(business),
        calendar_rules(business),
        active_agents(business),
        busy_times(appointments),
        now,
    )
