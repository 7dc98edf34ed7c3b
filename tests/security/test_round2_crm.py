"""Round 2 (PROBES_ROUND2.md 16-24): the CRM API's lists, bodies and ids, attacked by a
signed-in member of one office (or of none)."""

from __future__ import annotations

import base64
import csv
import io
import json

import httpx
import pytest

from agentlocator.crm.models import Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import seed_business
from tests.security.conftest import SecurityStack, Staff
from tests.security.test_round2_signing import assert_json_error

pytestmark = [pytest.mark.emulators]

LISTS = ["/leads", "/calls", "/tasks", "/appointments", "/users", "/prompts"]


@pytest.fixture
def owner(security_stack: SecurityStack, demo_business: Business, repos: Repositories) -> Staff:
    return security_stack.new_staff(repos, demo_business.id, "owner")


def _get(stack: SecurityStack, path: str, staff: Staff, **params: str) -> httpx.Response:
    if path == "/appointments":  # a range is required there
        params = {"start": "2026-01-01T00:00:00Z", "end": "2026-02-01T00:00:00Z", **params}
    return httpx.get(stack.crm(path), params=params, headers=staff.headers(), timeout=30)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("limit", ["1000000000", "-1", "0", "1e3", "²", "1.5", ""])
def test_an_odd_limit_is_a_400_naming_limit(
    security_stack: SecurityStack, owner: Staff, path: str, limit: str
) -> None:
    response = _get(security_stack, path, owner, limit=limit)
    assert assert_json_error(response, 400)["field"] == "limit"


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "raw",
    [
        '["created_at,desc",[{"$t":"2026-01-01T00:00:00+00:00"},NaN]]',
        '["created_at,desc",[{"$t":"2026-01-01T00:00:00+00:00"},Infinity]]',
        '["created_at,desc",[100000000000000000000000000000,"+972501234567"]]',
        '["created_at,desc",[NaN,"+972501234567"]]',
        '["created_at,desc",[{"$t":"2026-01-01T00:00:00+00:00"},"__name__"]]',
        "[" * 700 + "]" * 700,
    ],
)
def test_a_cursor_with_values_we_never_issue_is_a_400_on_cursor(
    security_stack: SecurityStack, owner: Staff, raw: str
) -> None:
    response = _get(security_stack, "/leads", owner, cursor=_cursor(raw))
    assert assert_json_error(response, 400)["field"] == "cursor"


@pytest.mark.parametrize(
    "raw",
    [
        '["created_at,desc",[{"$t":"9999-12-31T23:59:59+00:00"},"+972501234567"]]',
        '["created_at,desc",[{"$t":"0001-01-01T00:00:00+14:00"},"+972501234567"]]',
        '["created_at,desc",[{"$t":"2026-01-01T00:00:00-23:59"},"+972501234567"]]',
    ],
)
def test_a_cursor_at_the_ends_of_time_is_a_page_or_a_400(
    security_stack: SecurityStack, owner: Staff, raw: str
) -> None:
    response = _get(security_stack, "/leads", owner, cursor=_cursor(raw))
    if response.status_code != 200:
        assert assert_json_error(response, 400)["field"] == "cursor"


@pytest.mark.parametrize(
    "params",
    [
        {"status": "__name__"},
        {"status": "__all__"},
        {"tag": "__key__"},
        {"source": "__name__"},
        {"assigned_agent_id": ".."},
        {"q": "\x00\x00"},
        {"q": "*" * 60},
        {"created_from": "0001-01-01T00:00:00Z"},
    ],
)
def test_filters_with_firestore_special_values_are_a_400_or_empty(
    security_stack: SecurityStack,
    owner: Staff,
    demo_business: Business,
    repos: Repositories,
    params: dict[str, str],
) -> None:
    repos.leads.upsert(demo_business.id, "+972501234567", LeadDetails(name="דנה"), source="voice")
    response = _get(security_stack, "/leads", owner, **params)
    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert_json_error(response, 400)


@pytest.mark.parametrize(
    "extra",
    [
        {"business_id": "other-office"},
        {"created_at": "2020-01-01T00:00:00Z"},
        {"phone": "+972509999999"},
        {"id": "+972509999999"},
        {"source": "import"},
        {"role": "owner"},
    ],
)
def test_mass_assignment_on_a_lead_is_a_400_naming_the_field(
    security_stack: SecurityStack,
    owner: Staff,
    demo_business: Business,
    repos: Repositories,
    extra: dict[str, str],
) -> None:
    phone = "+972501234567"
    repos.leads.upsert(demo_business.id, phone, LeadDetails(name="דנה"), source="voice")
    before = repos.leads.get(demo_business.id, phone)
    response = httpx.patch(
        security_stack.crm(f"/leads/{phone}"),
        json={"name": "שם חדש", **extra},
        headers=owner.headers(),
        timeout=30,
    )
    assert assert_json_error(response, 400)["field"] == next(iter(extra))
    assert repos.leads.get(demo_business.id, phone) == before


def test_the_tenant_cannot_be_smuggled_through_header_query_or_body(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    other = "other-office"
    seed_business(repos, Business(id=other, name="אחר", voice_numbers=["+97239990001"]))
    repos.leads.upsert(other, "+972507777777", LeadDetails(name="של אחרים"), source="voice")
    headers = {**owner.headers(), "X-Business-Id": other, "X-Forwarded-Business": other}
    listed = httpx.get(
        security_stack.crm("/leads"),
        params={"business_id": other},
        headers=headers,
        timeout=30,
    )
    assert listed.status_code == 200, listed.text
    assert all(item["id"] != "+972507777777" for item in listed.json()["items"])
    direct = httpx.get(security_stack.crm("/leads/+972507777777"), headers=headers, timeout=30)
    assert_json_error(direct, 404)
    assert "+972507777777" not in direct.text and other not in direct.text


@pytest.mark.parametrize(
    "extra", [{"business_id": "taken-office"}, {"status": "live"}, {"role": "owner"}]
)
def test_sign_up_takes_no_extra_fields(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories, extra: dict
) -> None:
    applicant = security_stack.new_staff(repos, demo_business.id, "agent")
    body = {
        "name": "משרד חדש",
        "business_number": "516123452",
        "address": "הרצל 1",
        "phone": "0501234567",
        "plan_id": "basic",
        **extra,
    }
    response = httpx.post(
        security_stack.crm("/signup"), json=body, headers=applicant.headers(), timeout=30
    )
    assert assert_json_error(response, 400)["field"] == next(iter(extra))


@pytest.mark.parametrize(
    "path",
    [
        "/leads/..",
        "/leads/%2E%2E",
        "/leads/a%2Fb",
        "/leads/__x__",
        "/leads/%2B972501234567%0A",
        "/leads/%00",
        "/calls/..%2F..%2Fbusinesses",
        "/contracts/%2E",
        "/billing/invoices/..%2F1/pdf",
        "/billing/invoices/%C2%B2/pdf",
    ],
)
def test_odd_path_ids_are_a_json_4xx(
    security_stack: SecurityStack, owner: Staff, path: str
) -> None:
    response = httpx.get(security_stack.crm(path), headers=owner.headers(), timeout=30)
    assert response.status_code in (400, 404, 405), response.text
    assert_json_error(response, response.status_code)


def _export_names(security_stack: SecurityStack, owner: Staff) -> list[str]:
    exported = _get(security_stack, "/leads/export", owner)
    assert exported.status_code == 200, exported.text
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example","x")',
        '\u202e=HYPERLINK("http://evil.example","x")',
        '\u200b+cmd|" /C calc"!A0',
        " -2+3",
        "\t=1+1",
    ],
)
def test_imported_formulas_are_defused_on_export(
    security_stack: SecurityStack, owner: Staff, name: str
) -> None:
    text = "phone,name\n" + f"0501234567,{json.dumps(name)}\n"
    imported = httpx.post(
        security_stack.crm("/leads/import"),
        json={"csv": text},
        headers=owner.headers(),
        timeout=60,
    )
    assert imported.status_code == 200, imported.text
    for cell in _export_names(security_stack, owner):
        assert not cell.lstrip("\u202e\u200b \t\r\n").startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x00p\x00h\x00o\x00n\x00e\x00",  # UTF-16 read as text
        "\ud800phone,name",  # a lone surrogate
        "phone,name\n" + "0501234567," + "x" * 150_000 + "\n",  # one enormous cell
        "\x1a\x1b\x00\x7f" * 100,
    ],
)
def test_unreadable_csv_bodies_are_a_400_on_csv(
    security_stack: SecurityStack, owner: Staff, text: str
) -> None:
    raw = json.dumps({"csv": text}).encode()
    response = httpx.post(
        security_stack.crm("/leads/import/preview"),
        content=raw,
        headers={**owner.headers(), "Content-Type": "application/json"},
        timeout=60,
    )
    if response.status_code == 200:
        rows = response.json()["rows"]
        assert all(row["action"] == "error" for row in rows), rows
        return
    assert assert_json_error(response, 400)["field"] in ("csv", "body")
