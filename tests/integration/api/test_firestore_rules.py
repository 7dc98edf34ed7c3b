"""firestore.rules on the gcloud Firestore emulator started with --rules: the web app's live
listeners read only their own business's data, by role, with real Auth-emulator ID tokens, and
no client may write anything. (Server SDKs send the emulator's admin token and pass.)"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from agentlocator.config import Settings
from agentlocator.devstack.emulators import firestore_emulator, repo_root
from agentlocator.devstack.processes import free_port
from tests.integration.api.world import People, Person

pytestmark = pytest.mark.emulators

RULES = repo_root() / "firestore.rules"
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
A, B = "rules-a", "rules-b"


class RulesDb:
    def __init__(self, address: str, project: str) -> None:
        self.base = f"http://{address}/v1/projects/{project}/databases/(default)/documents"

    def get(self, path: str, who: Person | None) -> int:
        return requests.get(f"{self.base}/{path}", headers=_auth(who), timeout=10).status_code

    def query(self, who: Person | None, parent: str, collection: str, *,
              group: bool = False, business: str | None = None) -> int:  # fmt: skip
        structured: dict[str, Any] = {
            "from": [{"collectionId": collection, "allDescendants": group}]
        }
        if business is not None:
            structured["where"] = {"fieldFilter": {
                "field": {"fieldPath": "business_id"}, "op": "EQUAL",
                "value": {"stringValue": business}}}  # fmt: skip
        url = f"{self.base}/{parent}:runQuery" if parent else f"{self.base}:runQuery"
        response = requests.post(url, json={"structuredQuery": structured}, headers=_auth(who),
                                 timeout=10)  # fmt: skip
        return response.status_code

    def write(self, path: str, who: Person | None) -> int:
        body = {"fields": {"name": {"stringValue": "hacked"}}}
        return requests.patch(f"{self.base}/{path}", json=body, headers=_auth(who),
                              timeout=10).status_code  # fmt: skip

    def delete(self, path: str, who: Person | None) -> int:
        return requests.delete(f"{self.base}/{path}", headers=_auth(who), timeout=10).status_code


def _auth(who: Person | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {who.token}"} if who else {}


def _seed(client: firestore.Client) -> None:
    for bid in (A, B):
        business = client.collection("businesses").document(bid)
        business.set({"id": bid, "name": bid})
        lead = business.collection("leads").document("+972501111111")
        lead.set({"id": "+972501111111", "business_id": bid, "name": f"lead of {bid}"})
        lead.collection("messages").document("m1").set(
            {"business_id": bid, "lead_id": lead.id, "text": "שלום", "created_at": NOW}
        )
        lead.collection("notes").document("n1").set(
            {"business_id": bid, "lead_id": lead.id, "text": "הערה", "created_at": NOW}
        )
        for sub, doc in (
            ("tasks", "t1"),
            ("appointments", "ap1"),
            ("statuses", "new"),
            ("prompts", "voice-v1"),
            ("slot_locks", "agent-1_x"),
            ("counters", "assignment"),
        ):
            business.collection(sub).document(doc).set({"business_id": bid})
        client.collection("calls").document(f"CA{bid}").set(
            {"call_sid": f"CA{bid}", "business_id": bid, "started_at": NOW}
        )
    # fmt: skip


@pytest.fixture(scope="module")
def rules_db(
    session_settings: Settings, people: People, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RulesDb, People]]:
    port = free_port()
    process = firestore_emulator(port, Path(tmp_path_factory.mktemp("rules-logs")), rules=RULES)
    process.start()
    saved = os.environ.get("FIRESTORE_EMULATOR_HOST")
    try:
        process.wait_ready()
        os.environ["FIRESTORE_EMULATOR_HOST"] = process.address
        client = firestore.Client(project=session_settings.gcp_project,
                                  credentials=AnonymousCredentials())  # fmt: skip
        _seed(client)
        yield RulesDb(process.address, session_settings.gcp_project), people
    finally:
        if saved is not None:
            os.environ["FIRESTORE_EMULATOR_HOST"] = saved
        process.stop()


@pytest.fixture(scope="module")
def rule_people(people: People, firebase: Any, api_auth_host: str) -> dict[str, Person]:
    from tests.integration.api.world import mint

    return {
        "agent": mint(api_auth_host, firebase, {"business_id": A, "role": "agent"}),
        "admin": mint(api_auth_host, firebase, {"business_id": A, "role": "admin"}),
        "b_owner": mint(api_auth_host, firebase, {"business_id": B, "role": "owner"}),
        "superadmin": people.superadmin,
        "no_role": people.no_role,
        "bad_role": mint(api_auth_host, firebase, {"business_id": A, "role": "viewer"}),
    }


READABLE_BY_MEMBERS = [
    f"businesses/{A}", f"businesses/{A}/leads/+972501111111",
    f"businesses/{A}/leads/+972501111111/messages/m1",
    f"businesses/{A}/leads/+972501111111/notes/n1", f"businesses/{A}/tasks/t1",
    f"businesses/{A}/appointments/ap1", f"businesses/{A}/statuses/new", f"calls/CA{A}",
]  # fmt: skip


def test_members_read_their_own_business_and_nothing_of_another(
    rules_db: tuple[RulesDb, People], rule_people: dict[str, Person]
) -> None:
    db, _ = rules_db
    agent, b_owner = rule_people["agent"], rule_people["b_owner"]
    assert {path: db.get(path, agent) for path in READABLE_BY_MEMBERS} == dict.fromkeys(
        READABLE_BY_MEMBERS, 200)  # fmt: skip
    of_b = [path.replace(A, B) for path in READABLE_BY_MEMBERS]
    assert {path: db.get(path, agent) for path in of_b} == dict.fromkeys(of_b, 403)
    assert {path: db.get(path, b_owner) for path in READABLE_BY_MEMBERS} == dict.fromkeys(
        READABLE_BY_MEMBERS, 403)  # fmt: skip
    for who in (None, rule_people["no_role"], rule_people["bad_role"]):
        assert {db.get(path, who) for path in READABLE_BY_MEMBERS} == {403}
    assert {db.get(path, rule_people["superadmin"]) for path in READABLE_BY_MEMBERS + of_b} == {200}


def test_live_list_queries_must_stay_inside_the_readers_business(
    rules_db: tuple[RulesDb, People], rule_people: dict[str, Person]
) -> None:
    db, _ = rules_db
    agent = rule_people["agent"]
    assert db.query(agent, f"businesses/{A}", "leads") == 200
    assert db.query(agent, f"businesses/{A}", "tasks") == 200
    assert db.query(agent, f"businesses/{A}/leads/+972501111111", "messages") == 200
    assert db.query(agent, f"businesses/{B}", "leads") == 403
    assert db.query(agent, "", "calls", business=A) == 200
    assert db.query(agent, "", "calls", business=B) == 403
    assert db.query(agent, "", "calls") == 403  # unfiltered: could include other businesses
    assert db.query(agent, "", "messages", group=True, business=A) == 200
    assert db.query(agent, "", "messages", group=True, business=B) == 403
    assert db.query(agent, "", "notes", group=True) == 403


def test_roles_staff_records_and_server_only_collections(
    rules_db: tuple[RulesDb, People], rule_people: dict[str, Person]
) -> None:
    db, _ = rules_db
    agent, admin = rule_people["agent"], rule_people["admin"]
    assert db.query(agent, f"businesses/{A}", "users") == 403
    assert db.query(admin, f"businesses/{A}", "users") == 200
    assert db.get(f"businesses/{A}/users/{agent.uid}", agent) in (200, 404)  # own record: allowed
    assert db.get(f"businesses/{A}/users/{admin.uid}", agent) == 403
    assert db.get(f"businesses/{A}/prompts/voice-v1", agent) == 403
    assert db.get(f"businesses/{A}/prompts/voice-v1", admin) == 200
    for path in (f"businesses/{A}/slot_locks/agent-1_x", f"businesses/{A}/counters/assignment"):
        assert db.get(path, admin) == 403


def test_no_client_writes_anywhere(
    rules_db: tuple[RulesDb, People], rule_people: dict[str, Person]
) -> None:
    db, _ = rules_db
    for who in (rule_people["admin"], rule_people["superadmin"]):
        for path in (*READABLE_BY_MEMBERS, f"businesses/{A}/leads/+972509999999",
                     f"businesses/{A}/users/{who.uid}"):  # fmt: skip
            assert db.write(path, who) == 403, path
            assert db.delete(path, who) == 403, path
    assert db.get(f"businesses/{A}/leads/+972501111111", rule_people["admin"]) == 200
