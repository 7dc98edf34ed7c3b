"""Statuses, appointments, prompts, settings, users and CORS over HTTP."""

from __future__ import annotations

import firebase_admin
import pytest
import requests
from firebase_admin import auth

from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from tests.integration.api.world import People, Tenant

pytestmark = pytest.mark.emulators


def test_deleting_a_status_in_use_asks_where_its_leads_go(
    api_url: str, http: requests.Session, repos: Repositories, people: People,
    world: tuple[Tenant, Tenant],
) -> None:  # fmt: skip
    a, _ = world
    headers = people.admin.headers()
    repos.leads.set_status(a.id, a.lead, a.status_id)
    asked = http.delete(f"{api_url}/statuses/{a.status_id}", headers=headers)
    assert (asked.status_code, asked.json()["field"]) == (400, "move_to")
    assert asked.json()["message_he"] == "הסטטוס בשימוש: יש לבחור לאן להעביר את הלידים שלו"
    default = http.delete(f"{api_url}/statuses/new", headers=headers)
    assert (default.status_code, default.json()["reason"]) == (409, "default_status")
    moved = http.delete(f"{api_url}/statuses/{a.status_id}", params={"move_to": "closed"},
                        headers=headers)  # fmt: skip
    assert moved.json() == {"id": a.status_id, "moved": 1}
    assert repos.leads.get(a.id, a.lead).status_id == "closed"
    ids = [s["id"] for s in http.get(f"{api_url}/statuses", headers=headers).json()["items"]]
    reordered = http.put(f"{api_url}/statuses/order", json={"ids": ids[::-1]}, headers=headers)
    assert [s["id"] for s in reordered.json()["items"]] == ids[::-1]
    partial = http.put(f"{api_url}/statuses/order", json={"ids": ids[1:]}, headers=headers)
    assert (partial.status_code, partial.json()["field"]) == (400, "ids")


def test_appointments_book_move_cancel_and_never_double_book(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    headers = people.agent.headers()
    taken = http.post(f"{api_url}/appointments", headers=headers,
                      json={"lead_id": a.lead, "start": "2030-03-04T08:15:00Z"})  # fmt: skip
    assert (taken.status_code, taken.json()["reason"]) == (409, "slot_taken")
    assert taken.json()["message_he"] == "השעה הזו כבר תפוסה"
    booked = http.post(
        f"{api_url}/appointments",
        headers=headers,
        json={"lead_id": "050-1111111", "start": "2030-03-05T10:00:00+02:00"},
    )
    assert booked.status_code == 201, booked.text
    meeting = booked.json()
    assert (meeting["start"], meeting["end"]) == ("2030-03-05T08:00:00Z", "2030-03-05T08:30:00Z")
    clash = http.patch(f"{api_url}/appointments/{meeting['id']}", headers=headers,
                       json={"start": "2030-03-04T08:00:00Z"})  # fmt: skip
    assert clash.status_code == 409
    moved = http.patch(f"{api_url}/appointments/{meeting['id']}", headers=headers,
                       json={"start": "2030-03-06T09:00:00Z"})  # fmt: skip
    assert moved.json()["end"] == "2030-03-06T09:30:00Z"
    week = {"start": "2030-03-03T00:00:00Z", "end": "2030-03-10T00:00:00Z"}
    listed = http.get(f"{api_url}/appointments", params=week, headers=headers).json()["items"]
    assert [m["start"] for m in listed] == ["2030-03-04T08:00:00Z", "2030-03-06T09:00:00Z"]
    cancelled = http.post(f"{api_url}/appointments/{meeting['id']}/cancel", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    rebook = http.post(f"{api_url}/appointments", headers=headers,
                       json={"lead_id": a.lead, "start": "2030-03-06T09:00:00Z"})  # fmt: skip
    assert rebook.status_code == 201
    backwards = http.get(f"{api_url}/appointments", headers=headers,
                         params={"start": week["end"], "end": week["start"]})  # fmt: skip
    assert (backwards.status_code, backwards.json()["field"]) == (400, "end")


def test_prompt_versions_activate_and_diff(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    headers = people.admin.headers()
    before = http.get(f"{api_url}/prompts", params={"channel": "voice"}, headers=headers).json()
    created = http.post(
        f"{api_url}/prompts",
        headers=headers,
        json={"channel": "voice", "text": "גרסה חדשה\nשורה\nעוד שורה"},
    )
    assert created.status_code == 201 and created.json()["active"] is False
    new_id = created.json()["id"]
    diff = http.get(f"{api_url}/prompts/{new_id}/diff", headers=headers).json()
    assert diff["from_id"] == before["active_id"] and diff["to_id"] == new_id
    assert "+עוד שורה" in diff["diff"] and diff["added"] >= 1
    http.post(f"{api_url}/prompts/{new_id}/activate", headers=headers).raise_for_status()
    after = http.get(f"{api_url}/prompts", params={"channel": "voice"}, headers=headers).json()
    assert after["active_id"] == new_id
    assert [p["id"] for p in after["items"] if p["active"]] == [new_id]
    assert http.get(f"{api_url}/prompts", headers=people.agent.headers()).status_code == 403


def test_settings_edit_hours_meeting_length_voice_greeting(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    headers = people.admin.headers()
    patch = {
        "hours": {
            "fri": [],
            "sun": [{"open": "08:00", "close": "12:00"}, {"open": "13:00", "close": "17:30"}],
        },
        "meeting_minutes": 45,
        "tts_voice": "he-IL-Wavenet-B",
        "greeting": "שלום מהמשרד",
    }
    updated = http.patch(f"{api_url}/settings", json=patch, headers=headers)
    assert updated.status_code == 200, updated.text
    body = http.get(f"{api_url}/settings", headers=people.agent.headers()).json()
    assert body["hours"]["sun"] == patch["hours"]["sun"] and body["hours"]["fri"] == []
    assert body["hours"]["mon"] == [{"open": "09:00", "close": "18:00"}]  # untouched days stay
    assert (body["meeting_minutes"], body["tts_voice"], body["greeting"]) == (
        45, "he-IL-Wavenet-B", "שלום מהמשרד")  # fmt: skip
    bad = http.patch(
        f"{api_url}/settings",
        headers=headers,
        json={"hours": {"mon": [{"open": "18:00", "close": "09:00"}]}},
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "hours.mon.0.close")


def test_owners_and_admins_manage_people_and_roles_land_in_the_token_claims(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant],
    firebase: firebase_admin.App,
) -> None:  # fmt: skip
    a, _ = world
    owner = people.owner.headers()
    added = http.post(f"{api_url}/users", headers=owner,
                      json={"email": "New.Agent@Example.co.il", "role": "agent"})  # fmt: skip
    assert added.status_code == 201, added.text
    uid = added.json()["uid"]
    assert added.json()["email"] == "new.agent@example.co.il"
    invite = added.json()["invite_link"]
    assert invite and "oobCode=" in invite  # the Auth emulator's password-setup link
    assert auth.get_user(uid, app=firebase).custom_claims == {"business_id": a.id, "role": "agent"}
    to_owner = http.patch(f"{api_url}/users/{uid}", json={"role": "owner"},
                          headers=people.admin.headers())  # fmt: skip
    assert (to_owner.status_code, to_owner.json()["reason"]) == (403, "owner_only")
    assert to_owner.json()["message_he"] == "רק בעלים יכולים לשנות בעלים או למנות בעלים"
    admin_on_owner = http.delete(f"{api_url}/users/{people.owner.uid}",
                                 headers=people.admin.headers())  # fmt: skip
    assert admin_on_owner.status_code == 403
    add_owner = http.post(f"{api_url}/users", headers=people.admin.headers(),
                          json={"email": "x-owner@example.co.il", "role": "owner"})  # fmt: skip
    assert add_owner.status_code == 403
    promoted = http.patch(f"{api_url}/users/{uid}", json={"role": "admin"},
                          headers=people.admin.headers())  # fmt: skip
    assert promoted.json()["role"] == "admin"
    assert auth.get_user(uid, app=firebase).custom_claims["role"] == "admin"
    listed = http.get(f"{api_url}/users", headers=people.admin.headers()).json()["items"]
    assert {u["uid"] for u in listed} >= {uid, people.owner.uid, people.agent.uid}
    paged, cursor = [], None
    while True:
        page = http.get(
            f"{api_url}/users",
            headers=owner,
            params={"limit": 2, **({"cursor": cursor} if cursor else {})},
        ).json()
        paged += [u["uid"] for u in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert paged == [u["uid"] for u in listed]
    myself = http.patch(f"{api_url}/users/{people.owner.uid}", json={"role": "agent"},
                        headers=owner)  # fmt: skip
    assert (myself.status_code, myself.json()["reason"]) == (409, "own_role")
    removed = http.delete(f"{api_url}/users/{uid}", headers=owner)
    assert removed.status_code == 200
    assert not auth.get_user(uid, app=firebase).custom_claims
    assert http.delete(f"{api_url}/users/{uid}", headers=owner).status_code == 404


def test_cors_preflight_and_headers_only_for_the_web_app_origin(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant],
    session_settings: Settings,
) -> None:  # fmt: skip
    origin = session_settings.cors_origins[0]
    preflight = http.options(f"{api_url}/leads", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    evil = http.options(f"{api_url}/leads", headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "Access-Control-Allow-Origin" not in evil.headers
    read = http.get(f"{api_url}/leads", headers={**people.agent.headers(), "Origin": origin})
    assert read.headers["Access-Control-Allow-Origin"] == origin
    denied = http.get(f"{api_url}/leads", headers={"Origin": origin})
    assert denied.status_code == 401 and denied.headers["Access-Control-Allow-Origin"] == origin
    assert denied.json()["message_he"] == "יש להתחבר מחדש"


def test_prompt_versions_come_in_pages_newest_first(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    _, b = world
    headers = people.b_owner.headers()
    everything = http.get(f"{api_url}/prompts", headers=headers).json()["items"]
    versions = [p["version"] for p in everything]
    assert versions == sorted(versions, reverse=True) and len(versions) == 4  # seeded + 3
    walked, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = http.get(f"{api_url}/prompts", params=query, headers=headers).json()
        walked += [p["version"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == versions
    voice_cursor = "WyJwcm9tcHRzLHZvaWNlLHZlcnNpb24sZGVzYyIsWzJdXQ"  # ["prompts,voice,…", [2]]
    other = http.get(f"{api_url}/prompts", params={"channel": "whatsapp", "cursor": voice_cursor},
                     headers=headers)  # fmt: skip
    assert (other.status_code, other.json()["field"]) == (400, "cursor")  # a voice cursor
