"""Round 2 (PROBES_ROUND2.md 1-11): the office's contracts and the public signing page.

The signing link is the only key a client has (no login), so the probes forge it, replay it,
sign twice and race two signatures, and put spoofing characters and markup in what ends up on
the signed PDF.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest
from google.api_core.exceptions import Conflict
from google.cloud import storage

from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.signing import signing_token
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.text_safety import clean_text
from tests.security.conftest import SecurityStack, Staff

pytestmark = [pytest.mark.emulators]


def assert_json_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["message_he"]
    return body


def brokerage(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "broker_name": "דנה כהן",
        "license_number": "123456",
        "client_name": "Client Person",
        "client_id": "123456782",
        "client_phone": "0501234567",
        "deal_type": "buy",
        "property_address": "הרצל 1, תל אביב",
        "fee_percent": "2",
        "office_business_number": "516123452",
        "office_address": "רוטשילד 10, תל אביב",
    }
    body.update(overrides)
    return body


def create_contract(
    stack: SecurityStack, owner: Staff, **overrides: object
) -> tuple[dict[str, Any], str]:
    """(the contract as the API answers it, the signing token)."""
    response = httpx.post(
        stack.crm("/contracts"), json=brokerage(**overrides), headers=owner.headers(), timeout=60
    )
    assert response.status_code == 201, response.text
    sent = response.json()
    return sent["contract"], sent["signing_url"].rsplit("/", 1)[-1]


def page(stack: SecurityStack, token: str) -> httpx.Response:
    return httpx.get(stack.crm(f"/sign/{token}"), timeout=60)


def sign(stack: SecurityStack, token: str, name: str, sha: str) -> httpx.Response:
    body = {"typed_name": name, "consent": True, "pdf_sha256": sha}
    return httpx.post(stack.crm(f"/sign/{token}"), json=body, timeout=60)


def stored_contract(repos: Repositories, business_id: str, contract_id: str) -> dict[str, Any]:
    ref = repos.client.collection("businesses").document(business_id)
    data = ref.collection("contracts").document(contract_id).get().to_dict()
    assert data is not None
    return data


def pdf_text(stack: SecurityStack, uri: str) -> str:
    bucket, _, path = uri.removeprefix("gs://").partition("/")
    client = storage.Client(project=stack.project)
    data = client.bucket(bucket).blob(path).download_as_bytes()
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    return clean_text(done.stdout.decode())  # pdftotext marks direction runs with U+202A-C


@pytest.fixture(scope="module", autouse=True)
def contracts_bucket(security_stack: SecurityStack) -> None:
    """The bucket Terraform creates in the cloud (the Storage emulator starts empty)."""
    client = storage.Client(project=security_stack.project)
    with contextlib.suppress(Conflict):
        client.create_bucket(security_stack.settings.contracts_bucket)


@pytest.fixture
def owner(security_stack: SecurityStack, demo_business: Business, repos: Repositories) -> Staff:
    return security_stack.new_staff(repos, demo_business.id, "owner")


# --- forged, expired and cross-purpose links -------------------------------------------------


def test_an_altered_signing_link_is_a_403(security_stack: SecurityStack, owner: Staff) -> None:
    _, token = create_contract(security_stack, owner)
    name, expiry, mac = token.split(".")
    forged = f"{name}.{expiry}.{'0' if mac[0] != '0' else '1'}{mac[1:]}"
    assert assert_json_error(page(security_stack, forged), 403)["reason"] == "signing_link"
    longer = f"{name}.{int(expiry) + 86400 * 365}.{mac}"  # the same MAC, a later expiry
    assert_json_error(page(security_stack, longer), 403)


def test_an_expired_signing_link_is_a_403(
    security_stack: SecurityStack, owner: Staff, demo_business: Business
) -> None:
    contract, _ = create_contract(security_stack, owner)
    past = SYSTEM_CLOCK.now() - timedelta(minutes=1)
    named = f"{demo_business.id}:{contract['id']}"
    expired = signing_token(security_stack.settings.signing_link_secret, named, past)
    assert assert_json_error(page(security_stack, expired), 403)["reason"] == "signing_link"
    response = sign(security_stack, expired, "Client Person", contract["pdf_sha256"])
    assert_json_error(response, 403)


def test_an_invoice_link_token_does_not_open_a_contract(
    security_stack: SecurityStack, owner: Staff, demo_business: Business
) -> None:
    contract, _ = create_contract(security_stack, owner)
    named = f"{demo_business.id}:{contract['id']}"
    later = SYSTEM_CLOCK.now() + timedelta(days=1)
    other_purpose = invoice_link_token(security_stack.settings.signing_link_secret, named, later)
    assert_json_error(page(security_stack, other_purpose), 403)


@pytest.mark.parametrize(
    "token",
    ["a.1.zz", "a:b.99999999999.00", "..", "a.%2F.b", "__x__", "a.1.b%0A", "x" * 5000, "a.1.é"],
)
def test_crafted_signing_tokens_never_answer_500(security_stack: SecurityStack, token: str) -> None:
    response = page(security_stack, token)
    assert response.status_code in (403, 404), response.text
    assert_json_error(response, response.status_code)


def race(stack: SecurityStack, token: str, sha: str, names: list[str]) -> dict[str, int]:
    """Each name signs at once (a barrier lines the requests up): name → HTTP status."""
    answers: dict[str, int] = {}
    start = threading.Barrier(len(names))

    def attempt(name: str) -> None:
        start.wait()
        answers[name] = sign(stack, token, name, sha).status_code

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


# --- signing twice, racing ------------------------------------------------------------------


def test_signing_twice_is_a_409_and_the_first_signature_stays(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    contract, token = create_contract(security_stack, owner)
    first = sign(security_stack, token, "First Signer", contract["pdf_sha256"])
    assert first.status_code == 200, first.text
    again = sign(security_stack, token, "Second Signer", contract["pdf_sha256"])
    assert assert_json_error(again, 409)["reason"] == "already_signed"
    stored = stored_contract(repos, demo_business.id, contract["id"])
    assert stored["signature"]["typed_name"] == "First Signer"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_racing_signatures_keep_the_winners_pdf(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    """Both requests pass the 'not signed yet' check, both render and upload a signed PDF; the
    transaction lets one win. The PDF the contract points to must be that winner's."""
    names = ["Alpha Signer", "Omega Signer"]
    for _ in range(4):
        contract, token = create_contract(security_stack, owner)
        answers = race(security_stack, token, contract["pdf_sha256"], names)
        stored = stored_contract(repos, demo_business.id, contract["id"])
        winner = stored["signature"]["typed_name"]
        loser = next(name for name in names if name != winner)
        assert answers[winner] == 200 and answers[loser] == 409, answers
        text = pdf_text(security_stack, stored["signed_uri"])
        assert (winner in text, loser in text) == (True, False), (winner, answers)


# --- what lands on the signed PDF --------------------------------------------------------------


def test_spoofing_characters_in_a_typed_name_are_not_kept(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    contract, token = create_contract(security_stack, owner)
    response = sign(security_stack, token, "\u202eדנה\u200b כהן\x00", contract["pdf_sha256"])
    assert response.status_code == 200, response.text
    stored = stored_contract(repos, demo_business.id, contract["id"])
    assert stored["signature"]["typed_name"] == "דנה כהן"


@pytest.mark.parametrize("name", ["\u202e\u200b\u2066", "   ", "\x00\x00\x00"])
def test_a_typed_name_of_nothing_visible_is_a_400(
    security_stack: SecurityStack, owner: Staff, name: str
) -> None:
    contract, token = create_contract(security_stack, owner)
    response = sign(security_stack, token, name, contract["pdf_sha256"])
    assert assert_json_error(response, 400)["field"] == "typed_name"


def test_markup_in_a_typed_name_comes_back_as_json_text_only(
    security_stack: SecurityStack, owner: Staff
) -> None:
    contract, token = create_contract(security_stack, owner)
    markup = "<script>alert(1)</script>"
    signed = sign(security_stack, token, markup, contract["pdf_sha256"])
    assert signed.status_code == 200, signed.text
    shown = page(security_stack, token)
    for response in (signed, shown):
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers.get("x-content-type-options") == "nosniff"
    assert signed.json()["signature"]["typed_name"] == markup


def test_a_huge_office_business_number_is_a_400_before_any_pdf(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    response = httpx.post(
        security_stack.crm("/contracts"),
        json=brokerage(office_business_number="5" * 10_000),
        headers=owner.headers(),
        timeout=60,
    )
    assert assert_json_error(response, 400)["field"] == "office_business_number"
    contracts = repos.client.collection("businesses").document(demo_business.id)
    assert list(contracts.collection("contracts").stream()) == []


def test_spoofing_characters_in_contract_fields_are_not_kept(
    security_stack: SecurityStack, owner: Staff, demo_business: Business, repos: Repositories
) -> None:
    contract, _ = create_contract(
        security_stack,
        owner,
        client_phone="\u202e0501234567",
        office_address="רוטשילד\u202e 10",
    )
    stored = stored_contract(repos, demo_business.id, contract["id"])
    assert stored["terms"]["client_phone"] == "0501234567"
    assert stored["office"]["address"] == "רוטשילד 10"
