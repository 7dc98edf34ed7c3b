"""One slot, 50 callers at once: exactly one booking wins (AppointmentRepository.book)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agentlocator.agent.calendar_bridge import business_hours
from agentlocator.agent.lead_sync import BookingFailed, LeadWriter
from agentlocator.calendar.hours import within_business_hours
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories

pytestmark = pytest.mark.emulators
SLOT = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))


def test_fifty_concurrent_bookings_of_one_slot_book_exactly_one(
    repos: Repositories, demo_business: Business
) -> None:
    end = SLOT + timedelta(minutes=demo_business.meeting_minutes)

    def book(i: int) -> bool:
        phone = f"+97250{1000000 + i:07d}"
        repos.leads.upsert(demo_business.id, phone)
        writer = LeadWriter(repos, demo_business, business_hours(demo_business), phone, "test")
        try:
            writer.book(SLOT, end, "agent-1")
        except BookingFailed:
            return False
        return True

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(book, range(50)))

    assert results.count(True) == 1
    stored = repos.appointments.list_range(demo_business.id, SLOT, end)
    assert len(stored) == 1
    assert stored[0].start == SLOT


def test_a_booking_outside_business_hours_is_refused(
    repos: Repositories, demo_business: Business
) -> None:
    phone = "+972501111111"
    repos.leads.upsert(demo_business.id, phone)
    writer = LeadWriter(repos, demo_business, business_hours(demo_business), phone, "test")
    saturday = datetime(2026, 11, 28, 10, tzinfo=ZoneInfo("Asia/Jerusalem"))
    with pytest.raises(BookingFailed):
        writer.book(saturday, saturday + timedelta(minutes=30), "agent-1")
    evening = datetime(2026, 11, 25, 18, tzinfo=ZoneInfo("Asia/Jerusalem"))
    with pytest.raises(BookingFailed):
        writer.book(evening, evening + timedelta(minutes=30), "agent-1")
    assert repos.appointments.list_for_lead(demo_business.id, phone) == []
    assert not within_business_hours(
        business_hours(demo_business), evening, evening + timedelta(minutes=30)
    )
