"""The calendar (per agent, pages, move, cancel that updates the lead), the dashboard, the
conversation timeline's pages and signed recording links, on the emulators and a FixedClock."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from google.api_core.exceptions import Conflict as BucketExists

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Call, Message, Recording
from tests.integration.api.conftest import ClockedApi
from tests.integration.api.world import MONDAY, People, Tenant

pytestmark = pytest.mark.emulators


def _z(moment: object) -> str:
    return moment.isoformat().replace("+00:00", "Z")  # type: ignore[attr-defined]


def test_calendar_per_agent_move_and_cancel_updates_the_lead(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    agent = people.agent
    tuesday = MONDAY + timedelta(days=1)
    status, booked = clocked.call(
        agent,
        "POST",
        "/appointments",
        {"lead_id": a.lead, "start": _z(tuesday), "agent_id": "agent-2"},
    )
    assert status == 201, booked
    assert (booked["agent_name"], booked["lead_name"], booked["lead_status_id"]) == (
        "יוסי לוי", "לקוח A", "meeting_set")  # fmt: skip
    assert booked["lead_phone_display"] == "050-111-1111"
    week = {"start": _z(MONDAY - timedelta(days=1)), "end": _z(MONDAY + timedelta(days=6))}
    _, everyone = clocked.call(agent, "GET", "/appointments", query=week)
    assert [(m["start"], m["agent_name"]) for m in everyone["items"]] == [
        (_z(MONDAY), "דנה כהן"), (_z(tuesday), "יוסי לוי")]  # fmt: skip
    _, only_two = clocked.call(agent, "GET", "/appointments", query={**week, "agent_id": "agent-2"})
    assert [m["id"] for m in only_two["items"]] == [booked["id"]]
    _, first = clocked.call(agent, "GET", "/appointments", query={**week, "limit": "1"})
    _, second = clocked.call(
        agent, "GET", "/appointments", query={**week, "limit": "1", "cursor": first["next_cursor"]}
    )
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [a.appointment_id, booked["id"]]
    assert second["next_cursor"] is None
    status, clash = clocked.call(agent, "PATCH", f"/appointments/{booked['id']}",
                                 {"start": _z(MONDAY + timedelta(minutes=10)),
                                  "agent_id": "agent-1"})  # fmt: skip
    assert (status, clash["reason"], clash["message_he"]) == (409, "slot_taken",
                                                              "השעה הזו כבר תפוסה")  # fmt: skip
    status, moved = clocked.call(
        agent, "PATCH", f"/appointments/{booked['id']}", {"start": _z(MONDAY)}
    )  # the same time with agent-2 is free
    assert (status, moved["start"], moved["agent_id"]) == (200, _z(MONDAY), "agent-2")
    status, cancelled = clocked.call(agent, "POST", f"/appointments/{booked['id']}/cancel")
    assert cancelled["lead_status_id"] == "meeting_set"  # the world's meeting is still ahead
    status, last = clocked.call(agent, "POST", f"/appointments/{a.appointment_id}/cancel")
    assert (status, last["status"], last["lead_status_id"]) == (200, "cancelled", "in_progress")
    assert clocked.repos.leads.get(a.id, a.lead).status_id == "in_progress"
    clocked.repos.leads.set_status(a.id, a.lead, "closed")
    status, kept = clocked.call(agent, "POST", "/appointments",
                                {"lead_id": a.lead, "start": _z(tuesday)})  # fmt: skip
    assert kept["lead_status_id"] == "closed"  # a staff choice is not overridden by a booking


def test_dashboard_counts_one_business_for_one_israeli_day(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, b = world
    repos = clocked.repos
    in_the_day = MONDAY + timedelta(hours=1)
    wa, _ = repos.leads.upsert(a.id, "054-7300001", source="whatsapp", now=in_the_day)
    manual, _ = repos.leads.upsert(a.id, "054-7300002", source="manual", now=in_the_day)
    repos.calls.create_call_once(Call(call_sid="CAdash" + "0" * 28, business_id=a.id,
                                      from_phone=wa.id, to_phone="+97237630000", lead_id=wa.id,
                                      started_at=in_the_day, created_at=in_the_day))  # fmt: skip
    repos.appointments.book(a.id, wa.id, "agent-2", MONDAY + timedelta(hours=6),
                            MONDAY + timedelta(hours=6, minutes=30), now=in_the_day)  # fmt: skip
    repos.leads.set_status(a.id, wa.id, "meeting_set")
    status, board = clocked.call(people.agent, "GET", "/dashboard",
                                 query={"day": "2030-03-04", "days": "7"})  # fmt: skip
    assert status == 200, board
    assert (board["day_start"], board["day_end"]) == ("2030-03-03T22:00:00Z",
                                                      "2030-03-04T22:00:00Z")  # fmt: skip
    assert (board["calls_today"], board["new_leads_today"], board["meetings_today"]) == (1, 2, 2)
    assert board["open_tasks_due_today"] == 1
    assert {c["key"]: c["count"] for c in board["leads_by_source"]} == {
        "voice": 1, "whatsapp": 1, "manual": 1, "import": 0}  # fmt: skip
    by_status = {c["key"]: c["count"] for c in board["leads_by_status"]}
    assert (by_status["new"], by_status["meeting_set"]) == (2, 1)
    assert [c["key"] for c in board["leads_by_status"]][:2] == ["new", "in_progress"]
    assert board["conversion"] == {"leads": 3, "with_meeting": 2, "rate": 0.6667}
    _, today = clocked.call(people.agent, "GET", "/dashboard")
    assert today["day"] == "2030-03-03" and today["new_leads_today"] == 1  # the clock's day
    _, dst = clocked.call(people.agent, "GET", "/dashboard", query={"day": "2030-03-29"})
    assert (dst["day_start"], dst["day_end"]) == ("2030-03-28T22:00:00Z", "2030-03-29T21:00:00Z")
    _, other = clocked.call(people.b_owner, "GET", "/dashboard", query={"day": "2030-03-04"})
    assert (other["calls_today"], other["new_leads_today"]) == (0, 0)
    assert other["conversion"]["leads"] == 1  # B's own lead only


def test_timeline_pages_cover_the_conversation_once_in_order(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    repos = clocked.repos
    for i in range(7):
        repos.messages.append(Message(business_id=a.id, lead_id=a.lead, channel="whatsapp",
                                      role="caller" if i % 2 else "leah", text=f"הודעה {i}",
                                      created_at=MONDAY + timedelta(minutes=i // 2)))  # fmt: skip
    for i in range(3):
        repos.notes.add(a.id, a.lead, f"הערה {i}", author_uid=people.agent.uid,
                        author_name="דנה", now=MONDAY + timedelta(minutes=i))  # fmt: skip
    _, whole = clocked.call(people.agent, "GET", f"/leads/{a.lead}/timeline")
    everything = [(i["kind"], i["id"]) for i in whole["items"]]
    assert len(everything) == 5 + 10 and whole["next_cursor"] is None
    assert [i["at"] for i in whole["items"]] == sorted(i["at"] for i in whole["items"])
    walked, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        status, page = clocked.call(people.agent, "GET", f"/leads/{a.lead}/timeline", query=query)
        assert status == 200, page
        walked += [(i["kind"], i["id"]) for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == everything
    bad = clocked.call(people.agent, "GET", f"/leads/{a.lead}/timeline", query={"cursor": "x"})
    assert bad[0] == 400


def test_a_stored_recording_plays_through_a_signed_link(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant], api_settings: Settings
) -> None:
    a, _ = world
    bucket_name = api_settings.recordings_bucket or "agentlocator-recordings-local"
    client = make_storage_client(api_settings)
    try:
        client.create_bucket(bucket_name)
    except BucketExists:
        pass
    name = f"{a.id}/{a.call_sid}/RE1.mp3"
    audio = b"ID3" + bytes(range(256)) * 8
    client.bucket(bucket_name).blob(name).upload_from_string(audio, content_type="audio/mpeg")
    stored = Recording(sid="RE1", storage_uri=f"gs://{bucket_name}/{name}", status="completed",
                       duration_seconds=42)  # fmt: skip
    clocked.repos.calls.set_recording(a.call_sid, stored)
    status, link = clocked.call(people.agent, "GET", f"/calls/{a.call_sid}/recording")
    assert status == 200, link
    assert "X-Goog-Signature=" in link["url"] and link["duration_seconds"] == 42
    assert link["expires_at"] == _z(clocked.clock.now() + timedelta(minutes=15))
    played = requests.get(link["url"], timeout=10)
    assert (played.status_code, played.content) == (200, audio)
    _, timeline = clocked.call(people.agent, "GET", f"/leads/{a.lead}/timeline")
    call_item = next(i for i in timeline["items"] if i["kind"] == "call")
    assert call_item["has_recording"] is True
    purged = stored.model_copy(update={"purged_at": MONDAY})
    clocked.repos.calls.set_recording(a.call_sid, purged)
    status, gone = clocked.call(people.agent, "GET", f"/calls/{a.call_sid}/recording")
    assert (status, gone["reason"]) == (409, "no_recording")
    assert gone["message_he"] == "להקלטה של השיחה הזו אין קובץ להשמעה"


def test_an_unknown_agent_is_a_400_on_agent_id_not_a_404(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    """A 404 said the meeting itself was gone (schemathesis: "created resource not found")."""
    a, _ = world
    tuesday = MONDAY + timedelta(days=1)
    for method, path in (("POST", "/appointments"), ("PATCH", f"/appointments/{a.appointment_id}")):
        body = {"start": _z(tuesday), "agent_id": "no-such-agent"}
        if method == "POST":
            body["lead_id"] = a.lead
        status, problem = clocked.call(people.agent, method, path, body)
        assert (status, problem["field"], problem["reason"]) == (400, "agent_id", "unknown_agent")
        assert problem["message_he"] == "הנציג שנבחר אינו קיים בעסק"
