"""Role × endpoint and tenant-isolation matrices over HTTP, with Auth-emulator tokens.

Role matrix: every operation × (owner, admin, agent, superadmin, no role, bad token, none):
allowed roles get the operation's success status, others 403, unauthenticated 401.
Tenant matrix: every operation that takes an id, called by A's owner with business B's id,
answers 404 (the same as a missing id) and B's documents and claims stay byte-identical.
"""

from __future__ import annotations

from typing import Any

import firebase_admin
import pytest
import requests
from firebase_admin import auth

from agentlocator.api.routes import build_router
from agentlocator.api.routing import Route
from agentlocator.crm.repositories import Repositories
from tests.integration.api.requests_catalog import (
    CATALOG,
    Env,
    Req,
    invoice_of,
    office_contract_ids,
)
from tests.integration.api.world import People, Tenant, snapshot_business

pytestmark = pytest.mark.emulators

ROUTES = {route.operation_id: route for route in build_router().routes}


def _send(http: requests.Session, api_url: str, req: Req, headers: dict[str, str]) -> Any:
    return http.request(
        req.method,
        f"{api_url}{req.path()}",
        params=req.query,
        json=req.body,
        headers=headers,
        timeout=30,
    )


def test_catalog_covers_every_route() -> None:
    assert set(CATALOG) == set(ROUTES)


@pytest.mark.parametrize("operation", sorted(ROUTES))
def test_role_matrix(
    operation: str,
    api_url: str,
    http: requests.Session,
    repos: Repositories,
    people: People,
    world: tuple[Tenant, Tenant],
    firebase: firebase_admin.App,
) -> None:
    a, _ = world
    route: Route = ROUTES[operation]
    env = Env(repos, a, people, firebase)
    outcomes: dict[str, int] = {}
    expected: dict[str, int] = {}
    for role in ("owner", "admin", "agent", "superadmin"):
        person = getattr(people, role)
        headers = person.headers(a.id if role == "superadmin" else None)
        response = _send(http, api_url, CATALOG[operation](env), headers)
        outcomes[role] = response.status_code
        allowed = role == "superadmin" or role in route.roles
        expected[role] = route.status if allowed else 403
        if response.status_code >= 400:
            assert response.json()["message_he"], response.text
    for label, headers in (
        ("no_role", people.no_role.headers()),
        ("bad_token", {"Authorization": "Bearer not-a-token"}),
        ("anonymous", {}),
    ):
        outcomes[label] = _send(http, api_url, CATALOG[operation](env), headers).status_code
    # Sign-up routes take a token without a role; signing-link routes take no token at all.
    signed_in = route.status if "applicant" in route.roles else 403
    expected.update(no_role=signed_in, bad_token=401, anonymous=401)
    if not route.roles:
        expected = dict.fromkeys(outcomes, route.status)
    assert outcomes == expected


_B_IDS = {
    "lead_id": lambda b, people: b.lead,
    "call_sid": lambda b, people: b.call_sid,
    "status_id": lambda b, people: b.status_id,
    "appointment_id": lambda b, people: b.appointment_id,
    "prompt_id": lambda b, people: b.prompt_id,
    "uid": lambda b, people: people.b_owner.uid,
    "task_id": lambda b, people: b.task_id,
    "number": lambda b, people: str(invoice_of(b.id).number),
    "template_id": lambda b, people: office_contract_ids(b.id)["template_id"],
    "version": lambda b, people: office_contract_ids(b.id)["version"],
    "contract_id": lambda b, people: office_contract_ids(b.id)["contract_id"],
}


def test_tenant_isolation_matrix(
    api_url: str,
    http: requests.Session,
    repos: Repositories,
    people: People,
    world: tuple[Tenant, Tenant],
    firebase: firebase_admin.App,
) -> None:
    a, b = world
    env = Env(repos, a, people, firebase)
    office_contract_ids(b.id)  # B's template and agreement exist before B's snapshot
    before = snapshot_business(repos, b.id)
    b_claims = auth.get_user(people.b_owner.uid, app=firebase).custom_claims
    assert before, "business B has data"
    answers: dict[str, int] = {}
    callers = {"owner": people.owner.headers(), "superadmin": people.superadmin.headers(a.id)}
    for operation, route in sorted(ROUTES.items()):
        if not route.path_params or not route.roles:
            continue  # public routes: the signed link in the path is the authorization
        for caller, headers in callers.items():
            req = CATALOG[operation](env)
            req.params = {name: _B_IDS[name](b, people) for name in route.path_params}
            response = _send(http, api_url, req, headers)
            answers[f"{operation}/{caller}"] = response.status_code
            assert b.id not in response.text and (
                req.params.get("call_sid", "~") not in response.text
            )
    # Ids of B inside bodies and query strings.
    body_refs = [
        Req("POST", "/appointments", body={"lead_id": b.lead, "start": "2030-05-01T08:00:00Z"}),
        Req("PATCH", "/leads/{lead_id}", {"lead_id": a.lead}, body={"status_id": b.status_id}),
        Req("POST", "/leads", body={"phone": "050-3333333", "status_id": b.status_id}),
        Req("GET", "/prompts/{prompt_id}/diff", {"prompt_id": a.prompt_id},
            query={"against": b.prompt_id}),
        Req("POST", "/leads/{lead_id}/merge", {"lead_id": a.lead},
            body={"duplicate_id": b.lead}),
        Req("POST", "/tasks", body={"title": "x", "lead_id": b.lead}),
    ]  # fmt: skip
    for index, req in enumerate(body_refs):
        answers[f"ref-{index}"] = _send(http, api_url, req, people.owner.headers()).status_code
    assert answers == dict.fromkeys(answers, 404)
    # Status deletion moving A's leads into B's status, and adding B's owner to A.
    repos.leads.set_status(a.id, a.lead, a.status_id)
    moved = _send(
        http, api_url,
        Req("DELETE", "/statuses/{status_id}", {"status_id": a.status_id},
            query={"move_to": b.status_id}),
        people.owner.headers(),
    )  # fmt: skip
    assert moved.status_code == 404
    steal = _send(
        http, api_url, Req("POST", "/users", body={"email": people.b_owner.email, "role": "agent"}),
        people.owner.headers(),
    )  # fmt: skip
    assert steal.status_code == 409 and steal.json()["reason"] == "user_in_other_business"
    # Reads of lists and a spoofed business header see only A.
    spoofed = {**people.owner.headers(), "X-Business-Id": b.id}
    b_task_title = repos.tasks.get(b.id, b.task_id).title
    for path in ("/leads", "/calls", "/statuses", "/users", "/prompts", "/me", "/settings",
                 "/tasks?state=all", "/dashboard?day=2030-03-04", "/leads/export",
                 f"/tasks?state=all&lead_id={b.lead}", f"/leads?q={b.lead}",
                 "/appointments?start=2030-03-01T00:00:00Z&end=2030-03-20T00:00:00Z"):  # fmt: skip
        text = http.get(f"{api_url}{path}", headers=spoofed, timeout=30).text
        for b_only in (b.id, b.lead, b.call_sid, b.status_id, people.b_owner.uid, b.task_id,
                       b_task_title, "לקוח B", "052-222-2222", b.appointment_id):  # fmt: skip
            assert b_only not in text, (path, b_only)
    assert snapshot_business(repos, b.id) == before
    assert auth.get_user(people.b_owner.uid, app=firebase).custom_claims == b_claims
