"""One phone is one lead: every spelling of a number lands on the same document, and
concurrent upserts merge their details without losing any."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from agentlocator.crm.models import LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import InvalidPhoneNumber

pytestmark = pytest.mark.emulators

FORMATS = ["050-1234567", "+972501234567", "972501234567", "0501234567", "+972 50 123 4567"]
DETAILS = [
    LeadDetails(name="דנה לוי"),
    LeadDetails(deal_type="buy"),
    LeadDetails(property_type="apartment"),
    LeadDetails(rooms=4.5),
    LeadDetails(city="תל אביב"),
    LeadDetails(budget=2_500_000),
    LeadDetails(timing="תוך שלושה חודשים"),
    LeadDetails(area="צפון הישן"),
    LeadDetails(email="dana@example.com"),
    LeadDetails(),
]


def test_fifty_threads_upserting_one_phone_make_one_merged_lead(repos: Repositories) -> None:
    def upsert(i: int) -> bool:
        _, created = repos.leads.upsert(
            "b1",
            FORMATS[i % len(FORMATS)],
            DETAILS[i % len(DETAILS)],
            source="voice",
            note=f"note {i}",
        )
        return created

    with ThreadPoolExecutor(max_workers=50) as pool:
        created = list(pool.map(upsert, range(50)))

    docs = list(repos.client.collection("businesses").document("b1").collection("leads").stream())
    assert [d.id for d in docs] == ["+972501234567"]
    assert sum(created) == 1
    lead = repos.leads.get("b1", "050 123 4567")
    assert (lead.name, lead.deal_type, lead.property_type, lead.rooms, lead.city, lead.budget) == (
        "דנה לוי",
        "buy",
        "apartment",
        4.5,
        "תל אביב",
        2_500_000,
    )
    assert (lead.timing, lead.area, lead.email) == (
        "תוך שלושה חודשים",
        "צפון הישן",
        "dana@example.com",
    )
    assert sorted(lead.notes) == sorted(f"note {i}" for i in range(50))
    assert lead.sources == ["voice"]
    assert lead.status_id == "new"


def test_upsert_keeps_old_details_when_new_ones_are_missing(repos: Repositories) -> None:
    repos.leads.upsert("b1", "052-7654321", LeadDetails(name="יוסי", city="חיפה"))
    lead, created = repos.leads.upsert(
        "b1", "+972527654321", LeadDetails(rooms=3), source="whatsapp"
    )
    assert not created
    assert (lead.name, lead.city, lead.rooms, lead.sources) == ("יוסי", "חיפה", 3, ["whatsapp"])


def test_same_phone_in_two_businesses_is_two_leads(repos: Repositories) -> None:
    repos.leads.upsert("b1", "0501234567", LeadDetails(name="A"))
    repos.leads.upsert("b2", "0501234567", LeadDetails(name="B"))
    assert repos.leads.get("b1", "0501234567").name == "A"
    assert repos.leads.get("b2", "0501234567").name == "B"


@pytest.mark.parametrize("bad", ["hello", "12", "", "050-12"])
def test_bad_phone_is_a_validation_error_and_writes_nothing(repos: Repositories, bad: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        repos.leads.upsert("b1", bad, LeadDetails(name="x"))
    assert info.value.field == "phone"
    assert (
        list(repos.client.collection("businesses").document("b1").collection("leads").stream())
        == []
    )


def test_created_lead_is_returned_as_stored(repos: Repositories) -> None:
    lead, created = repos.leads.upsert(
        "b1", "054-7777777", LeadDetails(name="רונית", rooms=3.5), source="voice", note="התקשרה"
    )
    assert created
    assert lead == repos.leads.get("b1", "+972547777777")
