"""The office's own brokerage-agreement templates, over the real API on the emulators: versions
v1, v2 that never change; an agreement sent on v1 keeps its bytes and version after v2 is
active; Hebrew field errors; another office can neither read nor change them; the sent
agreements' statuses, paging, resend and cancel; the client types the ת.ז. to sign."""

from __future__ import annotations

import base64
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.api.world import Person
from tests.integration.billing.conftest import NOW, BillingWorld
from tests.integration.billing.offices import A_ID, B_ID, TEMPLATE, get, post, two_offices
from tests.integration.billing.test_billing_pdf import _text, in_reading_order

pytestmark = pytest.mark.emulators

CLIENT = {
    "lead_id": "+972527654321",
    "client_name": "משה לוי",
    "client_phone": "052-7654321",
    "deal_type": "buy",
    "property_address": "רחוב ויצמן 5, כפר סבא",
}


def _pdf_of(world: BillingWorld, contract_id: str, business_id: str = A_ID) -> bytes:
    stored = world.billing.office_contracts.get(business_id, contract_id)
    return world.billing.documents.get(stored.pdf_path)


def _statuses(world: BillingWorld, person: Person) -> dict[str, str]:
    items = get(world, "/contracts", person).json()["items"]
    return {c["client_name"]: c["status"] for c in items}


def _token(sent: dict[str, object]) -> str:
    return str(sent["signing_url"]).rsplit("/sign/", 1)[1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_v1_then_v2_and_an_agreement_sent_on_v1_keeps_its_bytes_and_version(
    world: BillingWorld, tmp_path: Path
) -> None:
    people = two_offices(world)
    owner = people.a_owner
    created = post(world, "/contract-templates", owner, TEMPLATE)
    assert created.status_code == 201, created.text
    v1 = created.json()
    template_id = v1["template_id"]
    assert (v1["version"], v1["active"], v1["defaults"]["license_number"]) == (1, False, "1234567")
    activated = post(world, f"/contract-templates/{template_id}/activate", owner, {"version": 1})
    assert activated.json() == {"send_after_booking": False, "active_template_id": template_id,
                                "active_version": 1}  # fmt: skip

    sent = post(world, "/contracts", people.a_agent, CLIENT)  # an agent sends: the active one
    assert sent.status_code == 201, sent.text
    on_v1 = sent.json()["contract"]
    assert (on_v1["office_template_id"], on_v1["office_template_version"]) == (template_id, 1)
    v1_bytes = _pdf_of(world, on_v1["id"])

    changed = {**TEMPLATE, "fee_percent": "1.5",
               "extra_clauses": ["דמי התיווך כוללים ליווי עד המסירה."]}  # fmt: skip
    v2 = post(world, f"/contract-templates/{template_id}/versions", owner, changed)
    assert v2.status_code == 201, v2.text
    assert v2.json()["version"] == 2
    post(world, f"/contract-templates/{template_id}/activate", owner, {"version": 2})

    again_v1 = get(world, f"/contract-templates/{template_id}/versions/1", owner).json()
    assert (again_v1["defaults"]["fee_percent"], again_v1["active"]) == ("2", False)
    assert again_v1["defaults"]["extra_clauses"] == TEMPLATE["extra_clauses"]
    listed = get(world, "/contract-templates", owner).json()["items"]
    assert [(t["id"], t["latest_version"], t["active_version"]) for t in listed] == [
        (template_id, 2, 2)
    ]
    on_v2 = post(world, "/contracts", owner, {**CLIENT, "client_name": "רות לוי"}).json()
    assert on_v2["contract"]["office_template_version"] == 2

    # The v1 agreement: same bytes in Storage and on the client's page, its version kept ...
    assert _pdf_of(world, on_v1["id"]) == v1_bytes
    page = world.billing.office_contracts.by_token(_token(sent.json()), NOW)
    assert page[1] == v1_bytes and page[0].office_template_version == 1
    # ... and signed, it still says what v1 said.
    page_json = get(world, f"/sign/{_token(sent.json())}", owner).json()
    assert base64.b64decode(page_json["pdf_base64"]) == v1_bytes
    body = {"typed_name": "משה לוי", "consent": True, "pdf_sha256": page_json["pdf_sha256"],
            "client_id": "123456782"}  # fmt: skip
    signed = post(world, f"/sign/{_token(sent.json())}", owner, body)
    assert signed.status_code == 200, signed.text
    stored = world.billing.office_contracts.get(A_ID, on_v1["id"])
    assert stored.signed_uri is not None
    signed_text = _text(world.billing.documents.get(stored.signed_uri.split("/", 3)[3]), tmp_path)
    # (pdftotext moves the space around a number in Hebrew text: check the number itself)
    assert "2%" in signed_text and "1.5%" not in signed_text
    assert in_reading_order("ממחיר העסקה (ישולמו במעמד חתימת הסכם מחייב)", signed_text)
    assert in_reading_order("הלקוח מתחייב לא למסור את פרטי הנכס לצד שלישי", signed_text)
    assert "ליווי עד המסירה" not in signed_text
    v2_text = _text(_pdf_of(world, on_v2["contract"]["id"]), tmp_path)
    assert "1.5%" in v2_text and in_reading_order("ליווי עד המסירה", v2_text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_custom_template_preview_reads_back_in_logical_hebrew_order(
    world: BillingWorld, tmp_path: Path
) -> None:
    people = two_offices(world)
    custom = {**TEMPLATE, "fee_percent": None, "fee_fixed_agorot": 1_250_000,
              "exclusivity_days": 90,
              "extra_clauses": ["הצפייה בנכס תתואם מראש עם המתווך בלבד.",
                                "Zoom meetings count as a viewing."]}  # fmt: skip
    template_id = post(world, "/contract-templates", people.a_owner, custom).json()["template_id"]
    preview = get(world, f"/contract-templates/{template_id}/versions/1/preview", people.a_admin)
    assert preview.status_code == 200
    assert preview.headers["Content-Type"] == "application/pdf"
    text = _text(preview.content, tmp_path)
    for sentence in (
        "דנה כהן, רישיון תיווך מס׳ 1234567, מטעם נדל״ן השרון",
        "הצפייה בנכס תתואם מראש עם המתווך בלבד.",
        "דמי התיווך ישולמו רק אם המתווך היה הגורם היעיל שהביא להתקשרות הצדדים בהסכם מחייב",
        "הלקוח מאשר כי המתווך הציג לו את הנכס",
    ):
        assert in_reading_order(sentence, text), sentence
    assert "1234567" in text and "12500.00" in text and "₪" in text
    assert "Zoom meetings count as a viewing." in text
    assert in_reading_order("ישולמו במעמד חתימת הסכם מחייב", text)
    # the statutory clauses stay, in order, and the client's declaration is still the last
    assert text.index("המתווך") < text.index("דמי התיווך") < text.index("תנאים נוספים")
    assert text.rindex("תנאים נוספים") < text.index("הצהרת הלקוח")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"license_number": "12"}, "license_number", "רישיון תיווך"),
        ({"license_number": "12a4567"}, "license_number", "רישיון תיווך"),
        ({"fee_percent": "15"}, "fee_percent", "אחוז בין"),
        ({"fee_percent": None}, "fee_percent", "אחד מהשניים"),
        ({"fee_percent": None, "fee_fixed_agorot": 50}, "fee_fixed_agorot", "סכום קבוע"),
        ({"extra_clauses": ["א" * 601]}, "extra_clauses", "600 תווים"),
        ({"extra_clauses": ["סעיף מספר"] * 11}, "extra_clauses", "עד 10 סעיפים"),
        ({"office_business_number": "515555556"}, "office_business_number", "ח.פ / ע.מ"),
        ({"name": "א"}, "name", "שם התבנית"),
        ({"fee_terms": "ת" * 301}, "fee_terms", "300 תווים"),
    ],
)
def test_template_fields_are_checked_in_hebrew(
    world: BillingWorld, change: dict[str, object], field: str, words: str
) -> None:
    people = two_offices(world)
    answer = post(world, "/contract-templates", people.a_owner, {**TEMPLATE, **change})
    assert (answer.status_code, answer.json()["field"]) == (400, field), answer.text
    assert words in answer.json()["message_he"]
    assert get(world, "/contract-templates", people.a_owner).json()["items"] == []


def test_only_owners_and_admins_manage_templates(world: BillingWorld) -> None:
    people = two_offices(world)
    refused = post(world, "/contract-templates", people.a_agent, TEMPLATE)
    assert refused.status_code == 403
    assert post(world, "/contract-templates", people.a_admin, TEMPLATE).status_code == 201
    assert get(world, "/contract-settings", people.a_agent).status_code == 403


def test_another_office_cannot_read_or_change_the_templates_or_agreements(
    world: BillingWorld,
) -> None:
    people = two_offices(world)
    template_id = post(world, "/contract-templates", people.a_owner, TEMPLATE).json()["template_id"]
    post(world, f"/contract-templates/{template_id}/activate", people.a_owner, {"version": 1})
    sent = post(world, "/contracts", people.a_owner, CLIENT).json()
    contract_id = sent["contract"]["id"]
    before = world.billing.office_contracts.get(A_ID, contract_id)
    intruder = people.b_owner
    for business in (None, A_ID):  # the header naming A changes nothing for a non-superadmin
        for path in (f"/contract-templates/{template_id}",
                     f"/contract-templates/{template_id}/versions/1",
                     f"/contract-templates/{template_id}/versions/1/preview"):  # fmt: skip
            assert get(world, path, intruder, business).status_code == 404, path
        assert get(world, "/contract-templates", intruder, business).json()["items"] == []
        assert get(world, "/contracts", intruder, business).json()["items"] == []
        new_version = post(world, f"/contract-templates/{template_id}/versions", intruder,
                           {**TEMPLATE, "fee_percent": "9"}, business)  # fmt: skip
        assert new_version.status_code == 404
        activate = post(world, f"/contract-templates/{template_id}/activate", intruder,
                        {"version": 1}, business)  # fmt: skip
        assert activate.status_code == 404
        using = post(world, "/contracts", intruder, {**CLIENT, "template_id": template_id},
                     business)  # fmt: skip
        assert (using.status_code, using.json()["field"]) == (400, "template_id")
        for action in ("resend", "cancel"):
            moved = post(world, f"/contracts/{contract_id}/{action}", intruder, None, business)
            assert moved.status_code == 404, action
    assert world.billing.templates.get(A_ID, template_id).latest_version == 1
    assert world.billing.templates.settings(B_ID).active_template_id is None
    assert world.billing.office_contracts.get(A_ID, contract_id) == before


def test_sent_agreements_list_with_status_pages_resend_and_cancel(world: BillingWorld) -> None:
    people = two_offices(world)
    owner = people.a_owner
    template_id = post(world, "/contract-templates", owner, TEMPLATE).json()["template_id"]
    post(world, f"/contract-templates/{template_id}/activate", owner, {"version": 1})
    sent = []
    for n in range(3):
        world.clock.set(NOW + timedelta(minutes=n))
        answer = post(world, "/contracts", owner, {**CLIENT, "client_name": f"לקוח {n}"})
        sent.append(answer.json())
    first, second = get(world, "/contracts?limit=2", owner).json(), None
    assert [c["client_name"] for c in first["items"]] == ["לקוח 2", "לקוח 1"]
    second = get(world, f"/contracts?limit=2&cursor={first['next_cursor']}", owner).json()
    assert [c["client_name"] for c in second["items"]] == ["לקוח 0"]
    assert second["next_cursor"] is None
    assert {c["status"] for c in first["items"] + second["items"]} == {"sent"}

    opened_token = _token(sent[0])
    assert get(world, f"/sign/{opened_token}", owner).json()["needs_client_id"] is True
    world.clock.set(NOW + timedelta(days=1))  # a day later the office sends a fresh link
    resent = post(world, f"/contracts/{sent[0]['contract']['id']}/resend", people.a_agent)
    assert resent.status_code == 200, resent.text
    new_token = _token(resent.json())
    assert resent.json()["contract"]["expires_at"] > sent[0]["contract"]["expires_at"]
    old = get(world, f"/sign/{opened_token}", owner)
    assert (old.status_code, old.json()["reason"]) == (403, "signing_link")
    assert get(world, f"/sign/{new_token}", owner).status_code == 200

    cancelled = post(world, f"/contracts/{sent[1]['contract']['id']}/cancel", owner)
    assert cancelled.json()["status"] == "cancelled"
    closed = get(world, f"/sign/{_token(sent[1])}", owner)
    assert (closed.status_code, closed.json()["reason"]) == (409, "contract_cancelled")
    assert post(world, f"/contracts/{sent[1]['contract']['id']}/cancel", owner).status_code == 409
    assert post(world, f"/contracts/{sent[2]['contract']['id']}/cancel", people.a_agent
                ).status_code == 403  # fmt: skip

    assert _statuses(world, owner) == {"לקוח 0": "opened", "לקוח 1": "cancelled", "לקוח 2": "sent"}
    world.clock.set(NOW + timedelta(days=world.billing.settings.signing_link_days, minutes=3))
    assert _statuses(world, owner) == {
        "לקוח 0": "opened", "לקוח 1": "cancelled", "לקוח 2": "expired",
    }  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_client_types_the_id_number_to_sign(world: BillingWorld, tmp_path: Path) -> None:
    people = two_offices(world)
    template_id = post(world, "/contract-templates", people.a_owner, TEMPLATE).json()["template_id"]
    sent = post(world, "/contracts", people.a_owner, {**CLIENT, "template_id": template_id}).json()
    token = _token(sent)
    page = get(world, f"/sign/{token}", people.a_owner).json()
    assert page["needs_client_id"] is True
    shown = _text(base64.b64decode(page["pdf_base64"]), tmp_path)
    assert in_reading_order("ת.ז. יוזן בעת החתימה", shown)
    body = {"typed_name": "משה לוי", "consent": True, "pdf_sha256": page["pdf_sha256"]}
    missing = post(world, f"/sign/{token}", people.a_owner, body)
    assert (missing.status_code, missing.json()["field"]) == (400, "client_id")
    assert "תעודת זהות" in missing.json()["message_he"]
    wrong = post(world, f"/sign/{token}", people.a_owner, {**body, "client_id": "123456789"})
    assert (wrong.status_code, wrong.json()["field"]) == (400, "client_id")
    assert "ספרת ביקורת" in wrong.json()["message_he"]
    signed = post(world, f"/sign/{token}", people.a_owner, {**body, "client_id": "12345678-2"})
    assert signed.status_code == 200, signed.text
    stored = world.billing.office_contracts.get(A_ID, sent["contract"]["id"])
    assert stored.signature is not None and stored.signature.client_id == "123456782"
    assert stored.signed_uri is not None
    text = _text(world.billing.documents.get(stored.signed_uri.split("/", 3)[3]), tmp_path)
    assert "123456782" in text and in_reading_order("ת.ז. החותם", text)
