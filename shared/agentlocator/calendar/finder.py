"""Answer "when can we meet?" from precomputed free slots: exact matches, and 2–3 proposals
spread over days and parts of the day. Pure: built from business hours and busy times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from agentlocator.calendar.hours import (
    SATURDAY,
    BusinessHours,
    holiday_name,
    opening_intervals,
    within_business_hours,
)
from agentlocator.calendar.request import PART_HOURS, WhenRequest
from agentlocator.calendar.slots import Busy, CalendarRules, Slot, free_agent, free_slots


@dataclass
class SlotFinder:
    hours: BusinessHours
    rules: CalendarRules
    agents: Sequence[str]
    busy: Sequence[Busy]
    now: datetime

    def __post_init__(self) -> None:
        self._all = free_slots(self.hours, self.rules, self.agents, self.busy, self.now)

    @property
    def all_slots(self) -> list[Slot]:
        return list(self._all)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.hours.tz)

    def exact(self, day: date, at: time) -> Slot | None:
        """A free meeting starting at ``at`` on ``day``, also off the offering grid (16:45)."""
        for slot in self._all:
            start = self.local(slot.start)
            if start.date() == day and start.time() == at:
                return slot
        start = datetime.combine(day, at, self.hours.tz)
        end = start + timedelta(minutes=self.rules.meeting_minutes)
        earliest = self.now + timedelta(minutes=self.rules.min_notice_minutes)
        if start < earliest or not within_business_hours(self.hours, start, end):
            return None
        agent = free_agent(
            start, end, self.agents, self.busy, timedelta(minutes=self.rules.buffer_minutes)
        )
        if agent is False:
            return None
        agent_id = agent if isinstance(agent, str) else None
        return Slot(start.astimezone(UTC), end.astimezone(UTC), agent_id)

    def closed_reason(self, day: date) -> str | None:
        """ "shabbat", "holiday", "closed" or None when the office opens that day."""
        if opening_intervals(self.hours, day):
            return None
        if holiday_name(day) is not None and self.hours.closed_on_holidays:
            return "holiday"
        if day.weekday() == SATURDAY:
            return "shabbat"
        return "closed"

    def _in_part(self, slot: Slot, part: str | None) -> bool:
        if part is None:
            return True
        low, high = PART_HOURS[part]
        hour = self.local(slot.start).hour
        return low <= hour < high

    def _days(self, request: WhenRequest) -> tuple[date | None, date | None]:
        if request.day is not None:
            return request.day, request.day
        return request.from_day, request.to_day

    def matching(self, request: WhenRequest) -> list[Slot]:
        first, last = self._days(request)
        found = []
        for slot in self._all:
            day = self.local(slot.start).date()
            if first is not None and day < first:
                continue
            if last is not None and day > last:
                continue
            if self._in_part(slot, request.part):
                found.append(slot)
        return found

    def first_in(self, request: WhenRequest) -> Slot | None:
        """The first free slot matching a request without a time ("מחר", "אחרי הצהריים",
        "שבוע הבא"); None for a closed day or when nothing matches."""
        if request.at is not None or request.is_empty or request.asap:
            return None
        matches = self.matching(request)
        return matches[0] if matches else None

    def find_exact(self, request: WhenRequest) -> Slot | None:
        """The free slot at exactly the requested day and time (or the next day that has the
        requested time free, when only a time was given)."""
        if request.at is None:
            return None
        if request.day is not None:
            return self.exact(request.day, request.at)
        for slot in self.matching(request):
            if self.local(slot.start).time() == request.at:
                return slot
        return None

    def propose(self, request: WhenRequest | None = None, limit: int = 3) -> list[Slot]:
        """2–3 free slots: near the requested time if one was given, else spread out."""
        if request is None or request.is_empty or request.asap:
            return self._spread(self._all, limit)
        candidates = self.matching(request)
        first_day, _ = self._days(request)
        if not candidates and first_day is not None:
            # Nothing that day (closed, full, or that part of the day is gone): the next days.
            after = [s for s in self._all if self.local(s.start).date() > first_day]
            in_part = [s for s in after if self._in_part(s, request.part)]
            candidates = in_part or after
            days = sorted({self.local(s.start).date() for s in candidates})[:2]
            candidates = [s for s in candidates if self.local(s.start).date() in days]
            if request.at is None:
                return self._spread(candidates, limit)
        if request.at is not None:
            target = request.at.hour * 60 + request.at.minute
            if request.day is None and request.from_day is None or not self.matching(request):
                # Only a time: the nearest times on the first days that have any.
                by_day: dict[date, list[Slot]] = {}
                for slot in candidates:
                    by_day.setdefault(self.local(slot.start).date(), []).append(slot)
                candidates = [s for day in sorted(by_day)[:2] for s in by_day[day]]

            def distance(slot: Slot) -> tuple[int, datetime]:
                start = self.local(slot.start)
                days = (start.date() - self.local(self.now).date()).days
                return (abs(start.hour * 60 + start.minute - target) + days * 10, slot.start)

            nearest = sorted(candidates, key=distance)[:limit]
            return sorted(nearest, key=lambda s: s.start)
        if candidates:
            return self._spread(candidates, limit)
        # Nothing that day/part: the first free slots after it.
        first, _ = self._days(request)
        after = [s for s in self._all if first is None or self.local(s.start).date() > first]
        if request.part is not None:
            in_part = [s for s in after if self._in_part(s, request.part)]
            after = in_part or after
        return self._spread(after, limit)

    def _spread(self, slots: Sequence[Slot], limit: int) -> list[Slot]:
        """The earliest slot, then ones on other days or other parts of the day."""
        chosen: list[Slot] = []
        seen: set[tuple[date, bool]] = set()
        for slot in slots:
            start = self.local(slot.start)
            key = (start.date(), start.hour >= 13)
            if key in seen:
                continue
            if chosen and start - self.local(chosen[-1].start) < timedelta(hours=2):
                continue
            seen.add(key)
            chosen.append(slot)
            if len(chosen) >= limit:
                break
        if len(chosen) < min(limit, 2):
            for slot in slots:
                if slot not in chosen:
                    chosen.append(slot)
                if len(chosen) >= min(limit, 2):
                    break
        return sorted(chosen, key=lambda s: s.start)
