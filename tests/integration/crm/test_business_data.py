from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentlocator.crm.models import Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID, DEMO_TWILIO_NUMBER, seed_demo
from agentlocator.errors import Conflict, UnknownNumber, ValidationFailed

pytestmark = pytest.mark.emulators


def test_seed_is_idempotent_and_keeps_staff_edits(repos: Repositories) -> None:
    first = seed_demo(repos)
    repos.statuses.update(DEMO_BUSINESS_ID, "in_progress", label="בעבודה")
    second = seed_demo(repos)
    assert first == second
    labels = [s.label for s in repos.statuses.ordered(DEMO_BUSINESS_ID)]
    assert labels == ["חדש", "בעבודה", "נקבעה פגישה", "לא רלוונטי", "נסגר"]
    assert len(repos.prompts.list_versions(DEMO_BUSINESS_ID, "voice")) == 1
    assert repos.prompts.get_active(DEMO_BUSINESS_ID, "whatsapp") is not None


def test_numbers_route_to_their_business(repos: Repositories, demo_business: Business) -> None:
    for spelling in (DEMO_TWILIO_NUMBER, "03-7630000", "whatsapp:+97237630000"):
        assert repos.businesses.business_for_number(spelling, "voice").id == DEMO_BUSINESS_ID
    for unknown in ("+97239999999", "not-a-number", ""):
        with pytest.raises(UnknownNumber):
            repos.businesses.business_for_number(unknown, "voice")


def test_statuses_reorder_and_delete_with_move(
    repos: Repositories, demo_business: Business
) -> None:
    bid = demo_business.id
    custom = repos.statuses.create(bid, "VIP")
    with pytest.raises(Conflict):
        repos.statuses.create(bid, "VIP")
    ids = [s.id for s in repos.statuses.ordered(bid)]
    reordered = repos.statuses.reorder(bid, list(reversed(ids)))
    assert [s.id for s in reordered] == list(reversed(ids))
    with pytest.raises(ValidationFailed):
        repos.statuses.reorder(bid, ids[:-1])
    repos.leads.upsert(bid, "0501234567", LeadDetails(name="x"))
    repos.leads.set_status(bid, "0501234567", custom.id)
    with pytest.raises(ValidationFailed) as info:
        repos.statuses.delete(bid, custom.id, None, repos.leads)
    assert info.value.field == "move_to"
    assert repos.statuses.delete(bid, custom.id, "in_progress", repos.leads) == 1
    assert repos.leads.get(bid, "0501234567").status_id == "in_progress"
    with pytest.raises(Conflict):
        repos.statuses.delete(bid, "new", "closed", repos.leads)


def test_prompt_versions_and_activation(repos: Repositories, demo_business: Business) -> None:
    bid = demo_business.id
    v2 = repos.prompts.create_version(bid, "voice", "גרסה שנייה", created_by="u1")
    assert v2.version == 2 and v2.id == "voice-v2"
    assert repos.prompts.get_active(bid, "voice").version == 1  # type: ignore[union-attr]
    repos.prompts.activate(bid, v2.id)
    assert repos.prompts.get_active(bid, "voice") == v2


def test_overlapping_booking_is_a_conflict(repos: Repositories) -> None:
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    end = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    first = repos.appointments.book("b1", "+972501234567", "agent-1", start, end)
    with pytest.raises(Conflict):
        repos.appointments.book(
            "b1", "+972521111111", "agent-1", start.replace(minute=15), end.replace(hour=9)
        )
    other_agent = repos.appointments.book("b1", "+972521111111", "agent-2", start, end)
    moved = repos.appointments.move("b1", first.id, start.replace(hour=10), end.replace(hour=10))
    again = repos.appointments.book("b1", "+972521111111", "agent-1", start, end)
    assert {a.id for a in repos.appointments.list_range("b1", start, start.replace(hour=23))} == {
        moved.id,
        other_agent.id,
        again.id,
    }
    repos.appointments.cancel("b1", moved.id)
    assert repos.appointments.book("b1", "+972530000000", "agent-1", moved.start, moved.end)
