"""The basics over HTTP: the document, auth answers, one read per resource."""

from __future__ import annotations

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
