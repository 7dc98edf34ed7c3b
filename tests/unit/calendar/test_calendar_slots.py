from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agentlocator.calendar.finder import SlotFinder
from agentlocator.calendar.hours import BusinessHours, opening_intervals, within_business_hours
from agentlocator.calendar.request import WhenRequest
from agentlocator.calendar.slots import Busy, CalendarRules, free_slots

TZ = ZoneInfo("Asia/Jerusalem")
HOURS = BusinessHours()
RULES = CalendarRules(meeting_minutes=30)
TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)


def local(slot_start: datetime) -> datetime:
    return slot_start.astimezone(TZ)


def test_israeli_week_short_friday_closed_shabbat() -> None:
    assert opening_intervals(HOURS, date(2026, 11, 29))  # Sunday
    friday = opening_intervals(HOURS, date(2026, 11, 27))
    assert [(o.time(), c.time()) for o, c in friday] == [(time(9), time(13))]
    assert opening_intervals(HOURS, date(2026, 11, 28)) == []  # Shabbat


def test_holidays_are_closed_and_their_eve_is_short() -> None:
    assert opening_intervals(HOURS, date(2026, 9, 21)) == []  # Yom Kippur (a Monday)
    eve = opening_intervals(HOURS, date(2026, 9, 20))  # Sunday, Erev Yom Kippur
    assert [(o.time(), c.time()) for o, c in eve] == [(time(9), time(13))]


def test_slots_respect_notice_hours_and_length() -> None:
    slots = free_slots(HOURS, RULES, ["a"], [], TUESDAY_11, days=1)
    assert local(slots[0].start).time() == time(12)
    assert local(slots[-1].end).time() == time(18)
    assert all(within_business_hours(HOURS, s.start, s.end) for s in slots)


def test_every_slot_in_four_weeks_is_inside_business_hours() -> None:
    slots = free_slots(HOURS, RULES, ["a", "b"], [], datetime(2026, 9, 1, 8, tzinfo=TZ))
    assert slots
    assert all(within_business_hours(HOURS, s.start, s.end) for s in slots)
    assert not any(local(s.start).weekday() == 5 for s in slots)


def test_a_slot_is_free_while_one_agent_is() -> None:
    start = datetime(2026, 11, 25, 10, tzinfo=TZ)
    busy = [Busy(start, start + timedelta(minutes=30), "a")]
    finder = SlotFinder(HOURS, RULES, ["a", "b"], busy, TUESDAY_11)
    slot = finder.exact(date(2026, 11, 25), time(10))
    assert slot is not None and slot.agent_id == "b"
    both = busy + [Busy(start, start + timedelta(minutes=30), "b")]
    assert (
        SlotFinder(HOURS, RULES, ["a", "b"], both, TUESDAY_11).exact(date(2026, 11, 25), time(10))
        is None
    )


def test_exact_accepts_off_grid_times_but_not_after_closing() -> None:
    finder = SlotFinder(HOURS, RULES, ["a"], [], TUESDAY_11)
    assert finder.exact(date(2026, 11, 25), time(16, 45)) is not None
    assert finder.exact(date(2026, 11, 25), time(17, 45)) is None
    assert finder.exact(date(2026, 11, 28), time(10)) is None  # Shabbat


def test_proposals_for_a_closed_day_move_to_the_next_open_days() -> None:
    finder = SlotFinder(HOURS, RULES, ["a"], [], TUESDAY_11)
    saturday = date(2026, 11, 28)
    assert finder.closed_reason(saturday) == "shabbat"
    proposals = finder.propose(WhenRequest(day=saturday, at=time(10)), 3)
    assert proposals and all(local(p.start).date() > saturday for p in proposals)


def test_default_proposals_are_spread() -> None:
    finder = SlotFinder(HOURS, RULES, ["a"], [], TUESDAY_11)
    proposals = finder.propose(None, 3)
    assert len(proposals) == 3
    starts = [local(p.start) for p in proposals]
    assert all(b - a >= timedelta(hours=2) for a, b in zip(starts, starts[1:], strict=False))
