"""Leads over HTTP: filters, search in any phone spelling, keyset pages, dedup, edits,
timeline, and 400s that name the field in Hebrew."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from agentlocator.crm.models import LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from tests.integration.api.world import People, Tenant

pytestmark = pytest.mark.emulators

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _seed_many(repos: Repositories, count: int) -> list[str]:
    phones = []
    for i in range(count):
        phone = f"054{i:07d}"
        lead, _ = repos.leads.upsert(
            DEMO_BUSINESS_ID,
            phone,
            LeadDetails(name=f"{'אבי' if i % 2 else 'דנה'} {i:03d}"),
            source="whatsapp" if i % 3 == 0 else "voice",
            now=T0 + timedelta(minutes=i),
        )
        if i % 4 == 0:
            repos.leads.set_status(DEMO_BUSINESS_ID, phone, "in_progress")
        phones.append(lead.id)
    return phones


def _all_pages(http: requests.Session, url: str, headers: dict[str, str],
               params: dict[str, str]) -> list[dict[str, object]]:  # fmt: skip
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = http.get(f"{url}/leads", params=query, headers=headers, timeout=30)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def test_keyset_pages_cover_every_lead_once_in_order(
    api_url: str, http: requests.Session, repos: Repositories, people: People,
    world: tuple[Tenant, Tenant],
) -> None:  # fmt: skip
    phones = _seed_many(repos, 45)
    headers = people.agent.headers()
    newest_first = _all_pages(http, api_url, headers, {"limit": "7", "source": "voice"})
    voice = [p for i, p in enumerate(phones) if i % 3 != 0]
    assert [lead["id"] for lead in newest_first] == [world[0].lead, *reversed(voice)]
    by_name = _all_pages(http, api_url, headers, {"limit": "10", "sort": "name", "order": "asc"})
    names = [lead["name"] for lead in by_name]
    assert names == sorted(names) and len(names) == 46
    window = {
        "created_from": (T0 + timedelta(minutes=10)).isoformat(),
        "created_to": (T0 + timedelta(minutes=30)).isoformat(),
    }
    params = {"limit": "4", "status": "in_progress", "sort": "updated_at", **window}
    filtered = _all_pages(http, api_url, headers, params)
    assert sorted(lead["id"] for lead in filtered) == sorted(
        phones[i] for i in range(10, 30) if i % 4 == 0
    )


def test_search_by_phone_in_any_spelling_and_by_name_prefix(
    api_url: str, http: requests.Session, repos: Repositories, people: People,
    world: tuple[Tenant, Tenant],
) -> None:  # fmt: skip
    phones = _seed_many(repos, 12)
    headers = people.agent.headers()

    def ids(**params: str) -> list[str]:
        response = http.get(f"{api_url}/leads", params=params, headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        return [lead["id"] for lead in response.json()["items"]]

    for spelling in ("054-0000007", "+972 54 000 0007", "972540000007", "0540000007"):
        assert ids(q=spelling) == [phones[7]]
    assert set(ids(q="054-000000", limit="100")) == set(phones[:10])
    assert set(ids(q="דנ", limit="100")) == {p for i, p in enumerate(phones) if i % 2 == 0}
    assert ids(q="אבי 011") == [phones[11]]
    assert set(ids(q="אב", source="whatsapp")) == {phones[3], phones[9]}


def test_manual_create_dedups_by_phone_and_edits_validate(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    headers = people.agent.headers()
    created = http.post(f"{api_url}/leads", json={"phone": "+972 52 777 8888", "name": "רות",
                        "note": "התקשרה מהאתר"}, headers=headers)  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "+972527778888" and created.json()["sources"] == ["manual"]
    again = http.post(f"{api_url}/leads", json={"phone": "052-7778888"}, headers=headers)
    assert again.status_code == 409
    assert again.json()["existing_id"] == "+972527778888"
    assert again.json()["message_he"] == "כבר קיים ליד עם מספר הטלפון הזה"
    bad = http.post(f"{api_url}/leads", json={"phone": "12"}, headers=headers)
    assert (bad.status_code, bad.json()["field"]) == (400, "phone")
    rooms = http.patch(f"{api_url}/leads/0527778888", json={"rooms": 3.3}, headers=headers)
    assert (rooms.status_code, rooms.json()["field"]) == (400, "rooms")
    assert rooms.json()["message_he"] == "חדרים: מספר שלם או חצי"
    too_many = http.patch(f"{api_url}/leads/0527778888", json={"rooms": 21}, headers=headers)
    assert (too_many.json()["field"], too_many.json()["message_he"]) == ("rooms", "חדרים: עד 20")
    unknown_status = http.patch(f"{api_url}/leads/0527778888", json={"status_id": "nope"},
                                headers=headers)  # fmt: skip
    assert unknown_status.status_code == 404
    edited = http.patch(
        f"{api_url}/leads/0527778888",
        headers=headers,
        json={"status_id": a.status_id, "rooms": 3.5, "add_note": "רוצה מרפסת", "name": "רות לוי"},
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["status_id"], body["rooms"], body["name"]) == (a.status_id, 3.5, "רות לוי")
    notes = http.get(f"{api_url}/leads/0527778888/notes", headers=headers).json()["items"]
    assert [n["text"] for n in notes] == ["רוצה מרפסת", "התקשרה מהאתר"]  # newest first
    assert {n["author_uid"] for n in notes} == {people.agent.uid}
    assert {n["author_name"] for n in notes} == {people.agent.email}
    found = http.get(f"{api_url}/leads", params={"q": "לו"}, headers=headers).json()["items"]
    assert [lead["id"] for lead in found] == ["+972527778888"]


def test_timeline_merges_calls_messages_notes_and_appointments_oldest_first(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    response = http.get(f"{api_url}/leads/{a.lead}/timeline", headers=people.agent.headers())
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    # Call, first turn, note and booking share a moment: ties go by kind, then id.
    assert [i["kind"] for i in items] == ["appointment", "call", "message", "note", "message"]
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)
    assert items[-1]["title"] == "אני מחפש דירה" and items[-1]["call_sid"] == a.call_sid
    assert (items[3]["title"], items[3]["author_name"]) == ("הערה של A", "סוכן A")
    assert response.json()["next_cursor"] is None


def test_calls_show_phones_in_the_lead_lists_format(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    call = http.get(f"{api_url}/calls", headers=people.agent.headers()).json()["items"][0]
    assert (call["from_phone"], call["from_phone_display"]) == ("+972501111111", "050-111-1111")
    assert call["to_phone_display"] == "03-763-0000"
