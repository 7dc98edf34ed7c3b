"""Round-robin assignment of new leads, and tasks and reminders (Leah's callbacks included),
against the Firestore and Auth emulators on a FixedClock."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from agentlocator.agent.actions import RequestCallback
from agentlocator.agent.calendar_bridge import business_hours
from agentlocator.agent.lead_sync import LeadWriter
from agentlocator.agent.state import DialogueState
from agentlocator.crm.models import Agent
from tests.integration.api.conftest import ClockedApi
from tests.integration.api.world import MONDAY, People, Tenant

pytestmark = pytest.mark.emulators


def test_new_leads_go_round_robin_whoever_creates_them(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    repos = clocked.repos
    assert repos.leads.get(a.id, a.lead).assigned_agent_id == "agent-1"  # the world's first lead
    status, manual = clocked.call(people.agent, "POST", "/leads",
                                  {"phone": "054-6000001", "name": "ידני"})  # fmt: skip
    assert (status, manual["sources"], manual["assigned_agent_id"]) == (201, ["manual"], "agent-2")
    whatsapp, _ = repos.leads.upsert(a.id, "054-6000002", source="whatsapp")
    voice, _ = repos.leads.upsert(a.id, "054-6000003", source="voice")
    assert (whatsapp.assigned_agent_id, voice.assigned_agent_id) == ("agent-1", "agent-2")
    again, created = repos.leads.upsert(a.id, "054-6000002", source="voice")
    assert not created and again.assigned_agent_id == "agent-1"  # an existing lead keeps its agent
    status, chosen = clocked.call(people.agent, "POST", "/leads",
                                  {"phone": "054-6000004",
                                   "assigned_agent_id": "agent-2"})  # fmt: skip
    assert chosen["assigned_agent_id"] == "agent-2"
    next_one, _ = repos.leads.upsert(a.id, "054-6000005", source="voice")
    assert next_one.assigned_agent_id == "agent-1"  # a hand-picked agent does not use a turn
    business = repos.businesses.get(a.id)
    agents = [Agent(id="agent-1", name="א", active=False), *business.agents[1:]]
    repos.businesses.update(a.id, {"agents": agents})
    skipped, _ = repos.leads.upsert(a.id, "054-6000006", source="voice")
    assert skipped.assigned_agent_id == "agent-2"  # inactive agents are skipped
    status, unknown = clocked.call(people.agent, "PATCH", f"/leads/{voice.id}",
                                   {"assigned_agent_id": "agent-9"})  # fmt: skip
    assert (status, unknown["field"]) == (400, "assigned_agent_id")
    assert unknown["message_he"] == "הנציג שנבחר אינו קיים בעסק"
    status, moved = clocked.call(people.agent, "PATCH", f"/leads/{voice.id}",
                                 {"assigned_agent_id": "agent-1"})  # fmt: skip
    assert (status, moved["assigned_agent_id"]) == (200, "agent-1")
    status, mine = clocked.call(people.agent, "GET", "/leads",
                                query={"assigned_agent_id": "agent-1"})  # fmt: skip
    assert {lead["id"] for lead in mine["items"]} == {a.lead, whatsapp.id, voice.id, next_one.id}


def test_concurrent_new_leads_each_take_the_next_turn(
    clocked: ClockedApi, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    phones = [f"054-61000{i:02d}" for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        leads = list(pool.map(lambda p: clocked.repos.leads.upsert(a.id, p, source="voice")[0],
                              phones))  # fmt: skip
    turns = Counter(lead.assigned_agent_id for lead in leads)
    assert turns == {"agent-1": 4, "agent-2": 4}, turns
    stored = Counter(clocked.repos.leads.get(a.id, p).assigned_agent_id for p in phones)
    assert stored == turns


def test_tasks_by_due_time_done_and_pages(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    agent = people.agent
    due = [MONDAY + timedelta(hours=h) for h in (5, 1, 3)]
    made = []
    for n, at in enumerate(due):
        status, task = clocked.call(agent, "POST", "/tasks",
                                    {"title": f"משימה {n}", "lead_id": "050-1111111",
                                     "due_at": at.isoformat()})  # fmt: skip
        assert status == 201, task
        made.append(task)
    assert made[0]["assignee_id"] == "agent-1" and made[0]["lead_id"] == a.lead  # the lead's agent
    assert made[0]["created_by"] == agent.uid
    status, undated = clocked.call(agent, "POST", "/tasks", {"title": "בלי מועד",
                                                             "assignee_id": "agent-2"})  # fmt: skip
    walked, cursor = [], None
    while True:
        status, page = clocked.call(
            agent, "GET", "/tasks", query={"limit": "2", **({"cursor": cursor} if cursor else {})}
        )
        assert status == 200, page
        walked += [t["title"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    # The world's task (due MONDAY) first, then by due time; undated last.
    assert walked == ["לחזור ללקוח A", "משימה 1", "משימה 2", "משימה 0", "בלי מועד"]
    clocked.clock.advance(timedelta(hours=2))
    status, done = clocked.call(agent, "PATCH", f"/tasks/{made[1]['id']}", {"done": True})
    assert (done["done"], done["done_at"]) == (True, clocked.clock.now().isoformat().replace(
        "+00:00", "Z"))  # fmt: skip
    _, open_now = clocked.call(agent, "GET", "/tasks", query={"assignee_id": "agent-1"})
    assert "משימה 1" not in [t["title"] for t in open_now["items"]]
    _, finished = clocked.call(agent, "GET", "/tasks", query={"state": "done"})
    assert [t["id"] for t in finished["items"]] == [made[1]["id"]]
    _, soon = clocked.call(
        agent, "GET", "/tasks", query={"due_before": (MONDAY + timedelta(hours=4)).isoformat()}
    )
    assert [t["title"] for t in soon["items"]] == ["לחזור ללקוח A", "משימה 2"]
    status, bad = clocked.call(agent, "POST", "/tasks", {"title": "x" * 201})
    assert (status, bad["message_he"]) == (400, "כותרת: עד 200 תווים")
    status, _ = clocked.call(agent, "DELETE", f"/tasks/{undated['id']}")
    assert status == 200
    assert clocked.call(agent, "DELETE", f"/tasks/{undated['id']}")[0] == 404


def test_leahs_callback_request_becomes_one_task_reopened_when_asked_again(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    business = clocked.repos.businesses.get(a.id)
    writer = LeadWriter(clocked.repos, business, business_hours(business), a.lead, "voice")
    ask = RequestCallback(reason="רוצה לדבר עם סוכן על המחיר")
    writer.apply([ask], DialogueState())
    writer.apply([ask], DialogueState())  # asked twice in one call: still one task
    _, listed = clocked.call(people.agent, "GET", "/tasks", query={"lead_id": a.lead})
    callbacks = [t for t in listed["items"] if t["source"] == "callback"]
    assert len(callbacks) == 1
    task = callbacks[0]
    assert task["title"] == "לחזור אל לקוח A"
    assert (task["assignee_id"], task["notes"]) == ("agent-1", "רוצה לדבר עם סוכן על המחיר")
    assert task["due_at"] == clocked.clock.now().isoformat().replace("+00:00", "Z")
    assert clocked.repos.leads.get(a.id, a.lead).wants_callback
    clocked.call(people.agent, "PATCH", f"/tasks/{task['id']}", {"done": True})
    clocked.clock.advance(timedelta(days=1))
    writer.apply([RequestCallback(reason="שוב")], DialogueState())
    reopened = clocked.repos.tasks.get(a.id, task["id"])
    assert (reopened.done, reopened.notes, reopened.due_at) == (False, "שוב", clocked.clock.now())


def test_tags_filter_the_list_and_the_office_edits_its_agents(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    agent, admin = people.agent, people.admin
    status, tagged = clocked.call(agent, "PATCH", f"/leads/{a.lead}",
                                  {"tags": [" משקיע ", "חם", "משקיע"]})  # fmt: skip
    assert (status, tagged["tags"]) == (200, ["משקיע", "חם"])
    clocked.call(agent, "POST", "/leads", {"phone": "054-6200001", "tags": ["חם"]})
    clocked.call(agent, "POST", "/leads", {"phone": "054-6200002"})
    _, hot = clocked.call(agent, "GET", "/leads", query={"tag": "חם"})
    assert {lead["id"] for lead in hot["items"]} == {a.lead, "+972546200001"}
    _, hot_voice = clocked.call(agent, "GET", "/leads", query={"tag": "חם", "source": "manual"})
    assert [lead["id"] for lead in hot_voice["items"]] == ["+972546200001"]
    status, too_many = clocked.call(agent, "PATCH", f"/leads/{a.lead}",
                                    {"tags": [f"t{i}" for i in range(21)]})  # fmt: skip
    assert (status, too_many["message_he"]) == (400, "תגיות: עד 20 פריטים")
    agents = [{"id": "agent-1", "name": "דנה כהן"}, {"id": "agent-3", "name": "רונית"},
              {"id": "agent-2", "name": "יוסי לוי", "active": False}]  # fmt: skip
    assert clocked.call(agent, "PATCH", "/settings", {"agents": agents})[0] == 403
    status, saved = clocked.call(admin, "PATCH", "/settings", {"agents": agents})
    assert status == 200, saved
    assert [(x["id"], x["active"]) for x in saved["agents"]] == [
        ("agent-1", True), ("agent-3", True), ("agent-2", False)]  # fmt: skip
    status, twice = clocked.call(admin, "PATCH", "/settings", {"agents": agents + agents[:1]})
    assert (status, twice["field"], twice["message_he"]) == (400, "agents", "השדה נציגים אינו תקין")
    first, _ = clocked.repos.leads.upsert(a.id, "054-6200003", source="voice")
    second, _ = clocked.repos.leads.upsert(a.id, "054-6200004", source="voice")
    assert {first.assigned_agent_id, second.assigned_agent_id} == {"agent-1", "agent-3"}
