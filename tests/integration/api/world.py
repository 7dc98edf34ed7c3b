"""Two businesses with a bit of everything, and people with real Auth-emulator ID tokens.

Business A is the demo business; B is another agency. Ids that exist only in B (its lead's
phone, its call, its custom status, its appointment, its extra prompt versions, its owner) are
what the tenant-isolation matrix throws at A's API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import firebase_admin
import requests
from firebase_admin import auth
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Business, Call, LeadDetails, Message, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import seed_business, seed_demo
from agentlocator.crm.users import MembershipRepository

B_ID = "other-agency"
PASSWORD = "secret-password-1"
MONDAY = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # 10:00 in Israel


@dataclass(frozen=True)
class Person:
    uid: str
    email: str
    token: str
    claims: dict[str, Any]

    def headers(self, business: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"}
        if business:
            headers["X-Business-Id"] = business
        return headers


def mint(auth_host: str, app: firebase_admin.App, claims: dict[str, Any] | None) -> Person:
    """A new Auth-emulator account with these custom claims and a fresh ID token."""
    base = f"http://{auth_host}/identitytoolkit.googleapis.com/v1"
    email = f"u-{uuid.uuid4().hex[:12]}@example.co.il"
    body = {"email": email, "password": PASSWORD, "returnSecureToken": True}
    created = requests.post(f"{base}/accounts:signUp?key=emulator", json=body, timeout=10)
    created.raise_for_status()
    uid = created.json()["localId"]
    if claims:
        auth.set_custom_user_claims(uid, claims, app=app)
    signed_in = requests.post(
        f"{base}/accounts:signInWithPassword?key=emulator", json=body, timeout=10
    )
    signed_in.raise_for_status()
    return Person(uid=uid, email=email, token=signed_in.json()["idToken"], claims=claims or {})


@dataclass(frozen=True)
class People:
    owner: Person
    admin: Person
    agent: Person
    superadmin: Person
    no_role: Person
    b_owner: Person

    @classmethod
    def mint_all(cls, auth_host: str, app: firebase_admin.App, a_id: str) -> People:
        def member(role: str, bid: str = a_id) -> Person:
            return mint(auth_host, app, {"business_id": bid, "role": role})

        return cls(
            owner=member("owner"),
            admin=member("admin"),
            agent=member("agent"),
            superadmin=mint(auth_host, app, {"role": "superadmin"}),
            no_role=mint(auth_host, app, None),
            b_owner=member("owner", B_ID),
        )


@dataclass
class Tenant:
    id: str
    lead: str
    call_sid: str
    status_id: str
    appointment_id: str
    prompt_id: str
    task_id: str = ""
    note_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _fill(repos: Repositories, business: Business, tag: str, phone: str, prompts: int) -> Tenant:
    bid = business.id
    started = MONDAY - timedelta(days=1)
    lead, _ = repos.leads.upsert(
        bid, phone, LeadDetails(name=f"לקוח {tag}", city="חיפה"), source="voice", now=started
    )
    call_sid = f"CA{tag}{uuid.uuid4().hex[:30]}"
    repos.calls.create_call_once(
        Call(call_sid=call_sid, business_id=bid, from_phone=lead.phone,
             to_phone=business.voice_numbers[0], lead_id=lead.id, started_at=started,
             created_at=started)
    )  # fmt: skip
    repos.calls.set_recording(
        call_sid, Recording(sid=f"RE{tag}", url=f"https://api.twilio.com/rec/{tag}", status="ok")
    )
    for i, (role, text) in enumerate((("leah", "שלום, כאן לאה"), ("caller", "אני מחפש דירה"))):
        repos.messages.append(
            Message(business_id=bid, lead_id=lead.id, channel="voice", role=role, text=text,
                    call_sid=call_sid, created_at=started + timedelta(seconds=i))
        )  # fmt: skip
    status = repos.statuses.create(bid, f"Hot {tag}")
    appointment = repos.appointments.book(
        bid, lead.id, business.agents[0].id, MONDAY, MONDAY + timedelta(minutes=30), now=started
    )
    prompt_id = ""
    for n in range(prompts):
        prompt_id = repos.prompts.create_version(bid, "voice", f"גרסה {n} של {tag}\nשורה").id
    task = repos.tasks.create(bid, f"לחזור ללקוח {tag}", now=started, lead_id=lead.id,
                              due_at=MONDAY)  # fmt: skip
    note = repos.notes.add(bid, lead.id, f"הערה של {tag}", author_uid=f"uid-{tag}",
                           author_name=f"סוכן {tag}", now=started)  # fmt: skip
    return Tenant(bid, lead.id, call_sid, status.id, appointment.id, prompt_id, task.id, note.id)


def build_world(repos: Repositories, people: People) -> tuple[Tenant, Tenant]:
    a_business = seed_demo(repos)
    b_business = seed_business(
        repos, Business(id=B_ID, name="סוכנות אחרת", voice_numbers=["+97239990000"])
    )
    a = _fill(repos, a_business, "A", "050-1111111", prompts=1)
    b = _fill(repos, b_business, "B", "052-2222222", prompts=3)  # B's voice-v4 is B-only
    members = MembershipRepository(repos.client, repos.clock)
    for person, role in ((people.owner, "owner"), (people.admin, "admin"),
                         (people.agent, "agent")):  # fmt: skip
        members.put(a.id, person.uid, role, email=person.email)  # type: ignore[arg-type]
    members.put(b.id, people.b_owner.uid, "owner", email=people.b_owner.email)
    return a, b


def snapshot_business(repos: Repositories, business_id: str) -> dict[str, Any]:
    """Every document under businesses/{id} (recursively) and the business's calls."""
    found: dict[str, Any] = {}

    def walk(doc: Any) -> None:
        snap = doc.get()
        if snap.exists:
            found[doc.path] = snap.to_dict()
        for collection in doc.collections():
            for child in collection.list_documents():
                walk(child)

    walk(repos.client.collection("businesses").document(business_id))
    calls = repos.client.collection("calls")
    for snap in calls.where(filter=FieldFilter("business_id", "==", business_id)).stream():
        found[snap.reference.path] = snap.to_dict()
    return found
