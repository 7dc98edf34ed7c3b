"""CSV import (preview, duplicates by phone, per-row Hebrew errors, commit) and export (UTF-8
with BOM), and merging two leads, on the emulators."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Call, LeadDetails, Message
from tests.integration.api.conftest import ClockedApi
from tests.integration.api.world import MONDAY, People, Tenant

pytestmark = pytest.mark.emulators

FILE = (
    "שם,טלפון,עיר,חדרים,תקציב,סוג עסקה,תגיות,הערות\n"
    'רות כהן,054-7000001,חיפה,3.5,"1,800,000 ₪",קנייה,"חם; משקיע",לא מיובא\n'
    "דן,050-1111111,תל אביב,4,,,,\n"  # the world's lead: a duplicate of an existing lead
    "מיכל,+972 54 700 0001,,,,,,\n"  # the first row again, in another spelling
    "אבי,054-70000,,25,-5,החלפה,,\n"  # bad phone, too many rooms, negative budget, unknown deal
    ",054-7000003,,,,,,\n"
)


def test_import_preview_then_commit(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    before = {s.id for s in clocked.repos.leads.query(a.id).stream()}
    status, preview = clocked.call(people.admin, "POST", "/leads/import/preview", {"csv": FILE})
    assert status == 200, preview
    assert preview["columns"]["הערות"] is None and preview["columns"]["טלפון"] == "phone"
    rows = {row["row"]: row for row in preview["rows"]}
    assert (rows[2]["action"], rows[2]["phone"]) == ("create", "+972547000001")
    assert (rows[3]["action"], rows[3]["reason"]) == ("skip", "exists")
    assert (rows[4]["action"], rows[4]["reason"]) == ("skip", "repeated_in_file")
    assert rows[5]["action"] == "error"
    assert {(e["field"], e["message_he"]) for e in rows[5]["errors"]} == {
        ("טלפון", "מספר הטלפון אינו תקין"),
        ("חדרים", "חדרים: עד 20"),
        ("תקציב", "תקציב: לפחות 0"),
        ("סוג עסקה", "סוג עסקה: יש לבחור מהרשימה"),
    }
    assert preview["counts"] == {"create": 2, "update": 0, "skip": 2, "error": 1}
    assert {s.id for s in clocked.repos.leads.query(a.id).stream()} == before  # nothing written
    status, done = clocked.call(people.admin, "POST", "/leads/import", {"csv": FILE})
    assert status == 200 and done["counts"] == preview["counts"]
    ruth = clocked.repos.leads.get(a.id, "0547000001")
    assert (ruth.name, ruth.city, ruth.rooms, ruth.budget, ruth.deal_type) == (
        "רות כהן", "חיפה", 3.5, 1_800_000, "buy")  # fmt: skip
    assert (ruth.tags, ruth.sources) == (["חם", "משקיע"], ["import"])
    assert clocked.repos.leads.get(a.id, a.lead).city == "חיפה"  # skipped: untouched
    again = clocked.call(people.admin, "POST", "/leads/import", {"csv": FILE})[1]
    assert again["counts"] == {"create": 0, "update": 0, "skip": 4, "error": 1}
    updating = {"csv": FILE, "update_existing": True}
    status, updated = clocked.call(people.admin, "POST", "/leads/import", updating)
    assert updated["counts"] == {"create": 0, "update": 3, "skip": 1, "error": 1}
    assert clocked.repos.leads.get(a.id, a.lead).city == "תל אביב"
    status, no_phone = clocked.call(people.admin, "POST", "/leads/import/preview",
                                    {"csv": "שם,עיר\nרות,חיפה\n"})  # fmt: skip
    assert (status, no_phone["field"], no_phone["message_he"]) == (
        400, "csv", "בקובץ אין עמודת טלפון")  # fmt: skip


def test_export_is_excel_ready_hebrew_csv_and_imports_back_as_duplicates(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    clocked.repos.leads.upsert(a.id, "054-7100001", LeadDetails(name="=HYPERLINK(\"x\")", rooms=4),
                               source="whatsapp")  # fmt: skip
    clocked.repos.leads.update(a.id, "054-7100001", {"tags": ["חם"]})
    status, body = clocked.call(people.owner, "GET", "/leads/export")
    assert status == 200 and isinstance(body, bytes)
    assert body.startswith("\ufeff".encode())  # the BOM Excel needs for Hebrew
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0][:4] == ["טלפון", "שם", "סטטוס", "מקור"]
    by_phone = {row[0]: row for row in table[1:]}
    assert set(by_phone) == {"050-111-1111", "054-710-0001"}
    row = by_phone["054-710-0001"]
    assert row[1] == '\'=HYPERLINK("x")'  # a formula is text, never run by a spreadsheet
    assert (row[2], row[3], row[6], row[12], row[13]) == ("חדש", "וואטסאפ", "4", "חם", "יוסי לוי")
    _, preview = clocked.call(people.owner, "POST", "/leads/import/preview",
                              {"csv": body.decode("utf-8")})  # fmt: skip
    assert preview["counts"] == {"create": 0, "update": 0, "skip": 2, "error": 0}
    assert clocked.call(people.agent, "GET", "/leads/export")[0] == 403


def test_merge_moves_everything_and_is_idempotent(
    clocked: ClockedApi, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    repos = clocked.repos
    dup, _ = repos.leads.upsert(a.id, "054-7200001", LeadDetails(name="רות", budget=2_000_000),
                                source="whatsapp", now=MONDAY - timedelta(days=9))  # fmt: skip
    repos.leads.update(a.id, dup.id, {"tags": ["משקיע"]})
    repos.messages.append(Message(business_id=a.id, lead_id=dup.id, channel="whatsapp",
                                  role="caller", text="היי", created_at=MONDAY))  # fmt: skip
    repos.notes.add(a.id, dup.id, "הערה על הכפול", author_uid="u", author_name="דנה",
                    now=MONDAY)  # fmt: skip
    repos.calls.create_call_once(Call(call_sid="CAdup" + "0" * 29, business_id=a.id,
                                      from_phone=dup.id, to_phone="+97237630000", lead_id=dup.id,
                                      started_at=MONDAY, created_at=MONDAY))  # fmt: skip
    later = MONDAY + timedelta(days=2)
    meeting = repos.appointments.book(a.id, dup.id, "agent-2", later,
                                      later + timedelta(minutes=30), now=MONDAY)  # fmt: skip
    task = repos.tasks.create(a.id, "לחזור", now=MONDAY, lead_id=dup.id)
    status, merged = clocked.call(people.agent, "POST", f"/leads/{a.lead}/merge",
                                  {"duplicate_id": "054-7200001"})  # fmt: skip
    assert status == 200, merged
    assert (merged["name"], merged["budget"], merged["city"]) == ("לקוח A", 2_000_000, "חיפה")
    assert merged["sources"] == ["voice", "whatsapp"] and merged["tags"] == ["משקיע"]
    assert merged["merged_from"] == [dup.id]
    assert merged["created_at"] == (MONDAY - timedelta(days=9)).isoformat().replace("+00:00", "Z")
    assert clocked.call(people.agent, "GET", f"/leads/{dup.id}")[0] == 404
    assert repos.appointments.get(a.id, meeting.id).lead_id == a.lead
    assert repos.tasks.get(a.id, task.id).lead_id == a.lead
    assert repos.calls.get("CAdup" + "0" * 29).lead_id == a.lead
    _, timeline = clocked.call(people.agent, "GET", f"/leads/{a.lead}/timeline")
    titles = [item["title"] for item in timeline["items"]]
    assert "היי" in titles and "הערה על הכפול" in titles
    old_children = repos.client.collection(f"businesses/{a.id}/leads/{dup.id}/messages")
    assert not list(old_children.limit(1).stream())
    status, again = clocked.call(people.agent, "POST", f"/leads/{a.lead}/merge",
                                 {"duplicate_id": dup.id})  # fmt: skip
    assert (status, again) == (200, merged)
    status, itself = clocked.call(people.agent, "POST", f"/leads/{a.lead}/merge",
                                  {"duplicate_id": a.lead})  # fmt: skip
    assert (status, itself["reason"]) == (409, "merge_self")
    calls_of_a = repos.client.collection("calls").where(filter=FieldFilter("lead_id", "==", dup.id))
    assert not list(calls_of_a.stream())
