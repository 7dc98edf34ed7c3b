"""The basics over HTTP: the document, auth answers, one read per resource."""

from __future__ import annotations

from pathlib import Path

import functions_framework
import pytest
import requests

from tests.integration.api.world import People, Tenant

pytestmark = pytest.mark.emulators


def test_openapi_is_public_and_lists_every_route(api_url: str, http: requests.Session) -> None:
    doc = http.get(f"{api_url}/openapi.json").json()
    assert doc["openapi"] == "3.1.0"
    assert {"/leads", "/leads/{lead_id}", "/calls/{call_sid}", "/users/{uid}"} <= set(doc["paths"])


def test_owner_reads_own_data(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, _ = world
    headers = people.owner.headers()
    me = http.get(f"{api_url}/me", headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["business_id"] == a.id and me.json()["role"] == "owner"
    leads = http.get(f"{api_url}/leads", headers=headers).json()
    assert [lead["id"] for lead in leads["items"]] == [a.lead]
    detail = http.get(f"{api_url}/calls/{a.call_sid}", headers=headers).json()
    assert [t["role"] for t in detail["turns"]] == ["leah", "caller"]
    assert detail["call"]["recording"]["available"] is True


def test_superadmin_must_choose_an_existing_business(
    api_url: str, http: requests.Session, people: People, world: tuple[Tenant, Tenant]
) -> None:
    a, b = world
    token = {"Authorization": f"Bearer {people.superadmin.token}"}
    unchosen = http.get(f"{api_url}/leads", headers=token)
    assert (unchosen.status_code, unchosen.json()["field"]) == (400, "X-Business-Id")
    missing = http.get(f"{api_url}/leads", headers={**token, "X-Business-Id": "no-such-agency"})
    assert missing.status_code == 404
    in_b = http.get(f"{api_url}/leads", headers=people.superadmin.headers(b.id)).json()
    assert [lead["id"] for lead in in_b["items"]] == [b.lead]


def test_errors_are_json_with_hebrew(api_url: str, http: requests.Session, people: People,
                                     world: tuple[Tenant, Tenant]) -> None:  # fmt: skip
    headers = people.agent.headers()
    not_json = http.post(f"{api_url}/leads", data=b"{nope", headers=headers)
    assert (not_json.status_code, not_json.json()["field"]) == (400, "body")
    assert not_json.json()["message_he"] == "גוף הבקשה אינו JSON תקין"
    unknown = http.get(f"{api_url}/no-such-thing", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["message_he"] == "הפריט המבוקש לא נמצא"
    wrong_method = http.delete(f"{api_url}/leads", headers=headers)
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]


def test_the_deployed_entry_point_main_py_serves_the_api(
    api_url: str, people: People, world: tuple[Tenant, Tenant]
) -> None:
    """functions/main.py (one source folder, every target) imports crm.py on first use."""
    main = str(Path(__file__).resolve().parents[3] / "functions" / "main.py")
    client = functions_framework.create_app("crm_api", main, "http").test_client()
    me = client.get("/me", headers=people.admin.headers())
    assert me.status_code == 200, me.data
    assert me.get_json()["role"] == "admin"
    assert client.get("/openapi.json").get_json()["openapi"] == "3.1.0"
    assert client.get("/leads").status_code == 401
