"""One valid request per operation of the API, built against tenant A.

Operations that consume what they act on (delete, cancel, remove) get a fresh target each
time, so the same request can be replayed once per role. ``params`` fill the path template;
the tenant-isolation matrix swaps them for business B's ids.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import firebase_admin
import runtime
from firebase_admin import auth

from agentlocator.billing.contracts import BrokerageTerms, Party
from agentlocator.billing.invoice_links import invoice_link_token
from agentlocator.billing.invoices import Invoice, InvoiceParty, invoice_for_payment
from agentlocator.billing.money import PriceBreakdown
from agentlocator.billing.office_templates import TemplateDefaults, validate_defaults
from agentlocator.billing.onboarding import SignupForm
from agentlocator.billing.signing import sha256_hex
from agentlocator.billing.state import BillingAccount, BillingStatus
from agentlocator.billing.store import AccountStore
from agentlocator.crm.models import Call, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from agentlocator.errors import NotFound
from tests.integration.api.world import MONDAY, People, Tenant

_slots = itertools.count(1)


@dataclass
class Req:
    method: str
    template: str
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    def path(self) -> str:
        return self.template.format(**self.params)


@dataclass(frozen=True)
class Env:
    repos: Repositories
    a: Tenant
    people: People
    firebase: firebase_admin.App


SIGNUP_BODY = {
    "name": "משרד חדש", "business_number": "515555555", "address": "הרצל 1, חיפה",
    "phone": "050-1234567", "plan_id": "basic",
}  # fmt: skip
SIGNED_AT = datetime(2030, 3, 1, 8, 0, tzinfo=UTC)
BROKERAGE_BODY = {
    "broker_name": "דנה כהן", "license_number": "123456", "client_name": "משה לוי",
    "client_id": "123456782", "client_phone": "052-7654321", "deal_type": "buy",
    "property_address": "ויצמן 5, כפר סבא", "fee_percent": "2",
    "office_business_number": "515555555", "office_address": "הרצל 1, חיפה",
}  # fmt: skip
_LAST_SHA = [""]


def _signups(env: Env, signed: bool = False) -> str:
    """A sign-up for every person the matrix calls as (same details and time → the same PDF);
    the SHA-256 of that contract."""
    billing = runtime.billing()
    form = SignupForm(**SIGNUP_BODY)
    sha = ""
    for person in (env.people.owner, env.people.admin, env.people.agent, env.people.superadmin,
                   env.people.no_role):  # fmt: skip
        env.repos.client.collection("signups").document(person.uid).delete()  # start over
        signup = billing.onboarding.start(person.uid, person.email, form, SIGNED_AT)
        sha = sha256_hex(billing.onboarding.contract(signup)[1])
        if signed:
            billing.onboarding.sign(person.uid, "ישראל", True, sha, "", "", SIGNED_AT)
    return sha


def _billing_account(env: Env) -> None:
    AccountStore(env.repos.client).create(
        BillingAccount(
            business_id=env.a.id, plan_id="basic", provider="paypal", status=BillingStatus.ACTIVE
        )  # fmt: skip
    )


# The session's local PayPal (tests/integration/api/conftest.py puts it here): the matrix
# plays the subscriber's approval on it, as the billing tests do.
LOCAL_PAYPAL: list[Any] = []


def _paypal_subscriber(env: Env) -> None:
    """Business A pays by an active PayPal subscription at the local PayPal."""
    billing, paypal = runtime.billing(), LOCAL_PAYPAL[0]
    plan = billing.payments._paypal_plan("basic")
    subscription = billing.payments._paypal.create_subscription(
        plan, env.a.id, "https://app.example/ok", "https://app.example/no", f"m-{uuid.uuid4()}"
    )
    paypal.approve(subscription.id, SIGNED_AT, trial_days=14)
    env.repos.client.collection("businesses").document(env.a.id).collection("billing").document(
        "account").set(BillingAccount(
            business_id=env.a.id, plan_id="basic", provider="paypal",
            status=BillingStatus.ACTIVE, provider_subscription_id=subscription.id,
        ).model_dump())  # fmt: skip


def _approved_card_change(env: Env) -> dict[str, str]:
    """A change of card the owner approved at PayPal: what PayPal's return URL carries."""
    _paypal_subscriber(env)
    owner = env.people.owner.uid
    started = runtime.billing().payment_method.start(env.a.id, owner, runtime.clock().now())
    assert started.redirect_url is not None
    back = LOCAL_PAYPAL[0].approve_revision(started.redirect_url, card="VISA-0001")
    query = dict(part.split("=", 1) for part in back.split("?", 1)[1].split("&"))
    return {"change_id": query["change"], "nonce": query["nonce"]}


def _signing_token(env: Env) -> str:
    billing = runtime.billing()
    billing.documents.ensure_bucket()
    terms = BrokerageTerms(
        **{k: v for k, v in BROKERAGE_BODY.items() if not k.startswith("office")}
    )
    office = Party("משרד", "515555555", "הרצל 1, חיפה")
    contract, token = billing.office_contracts.create_brokerage(
        env.a.id, office, terms, None, "matrix", SIGNED_AT
    )
    _LAST_SHA[0] = contract.pdf_sha256
    return token


TEMPLATE_BODY = {
    "name": "הזמנת תיווך", "broker_name": "דנה כהן", "license_number": "123456",
    "office_business_number": "515555555", "office_address": "הרצל 1, חיפה", "fee_percent": "2",
}  # fmt: skip


def _fresh_template(business_id: str) -> str:
    """A template (v1) of the business, with the API's own validation."""
    billing = runtime.billing()
    defaults = validate_defaults(TemplateDefaults(**TEMPLATE_BODY))  # type: ignore[arg-type]
    _, version = billing.templates.create(business_id, defaults, "matrix", SIGNED_AT)
    return version.template_id


def _fresh_contract(business_id: str) -> str:
    billing = runtime.billing()
    billing.documents.ensure_bucket()
    terms = BrokerageTerms(
        **{k: v for k, v in BROKERAGE_BODY.items() if not k.startswith("office")}
    )
    office = Party("משרד", "515555555", "הרצל 1, חיפה")
    contract, _ = billing.office_contracts.create_brokerage(
        business_id, office, terms, None, "matrix", SIGNED_AT
    )
    return contract.id


_OFFICE_IDS: dict[str, dict[str, str]] = {}


def office_contract_ids(business_id: str) -> dict[str, str]:
    """One template and one agreement of the business, made once (the tenant matrix makes
    business B's before it takes B's snapshot)."""
    known = _OFFICE_IDS.get(business_id)
    if known is not None:  # Firestore is emptied between tests: only if they still exist
        try:
            runtime.billing().templates.get(business_id, known["template_id"])
        except NotFound:
            known = None
    if known is None:
        _OFFICE_IDS[business_id] = {
            "template_id": _fresh_template(business_id),
            "version": "1",
            "contract_id": _fresh_contract(business_id),
        }
    return _OFFICE_IDS[business_id]


def _invoice_of_a(env: Env) -> Invoice:
    return invoice_of(env.a.id)


def invoice_of(business_id: str) -> Invoice:
    """An invoice of the office with its PDF kept (as a paid charge leaves it)."""
    billing = runtime.billing()
    billing.documents.ensure_bucket()
    price = PriceBreakdown.of_net(29900, Decimal(18))
    customer = InvoiceParty(name="משרד", business_number="515555555")
    draft = invoice_for_payment(business_id, customer, "מנוי", price, "paypal",
                                f"S-{uuid.uuid4().hex[:8]}", SIGNED_AT)  # fmt: skip
    invoice, _ = billing.payments.invoices.issue(draft)
    path = f"invoices/matrix/{invoice.number:08d}.pdf"
    billing.documents.put_pdf(path, b"%PDF-1.4 matrix")
    billing.payments.invoices.attach_pdf(invoice, path)
    return invoice


def _invoice_link(env: Env) -> str:
    invoice = _invoice_of_a(env)
    secret = runtime.billing().settings.signing_link_secret
    return invoice_link_token(secret, invoice.document_id, SIGNED_AT + timedelta(days=3650))


def _fresh_slot() -> str:
    return (MONDAY + timedelta(days=next(_slots))).isoformat()


def _fresh_appointment(env: Env) -> str:
    start = MONDAY + timedelta(days=next(_slots), hours=2)
    booked = env.repos.appointments.book(
        env.a.id, env.a.lead, "agent-1", start, start + timedelta(minutes=30)
    )
    return booked.id


def _fresh_member(env: Env) -> str:
    user = auth.create_user(email=f"m-{uuid.uuid4().hex[:10]}@example.co.il", app=env.firebase)
    auth.set_custom_user_claims(user.uid, {"business_id": env.a.id, "role": "agent"},
                                app=env.firebase)  # fmt: skip
    MembershipRepository(env.repos.client, env.repos.clock).put(
        env.a.id, user.uid, "agent", email=user.email
    )
    return str(user.uid)


def _fresh_phone() -> str:
    return "052" + "".join(random.choices("0123456789", k=7))


def _new_email() -> str:
    return f"n-{uuid.uuid4().hex[:10]}@example.co.il"


def _fresh_lead(env: Env) -> str:
    lead, _ = env.repos.leads.upsert(env.a.id, _fresh_phone(), source="voice")
    return lead.id


def _fresh_task(env: Env) -> str:
    return env.repos.tasks.create(env.a.id, "משימה", now=MONDAY).id


def _stored_recording_call(env: Env) -> str:
    """A call of A whose recording sits in the bucket (signing needs no object to exist)."""
    call_sid = f"CArec{uuid.uuid4().hex[:29]}"
    env.repos.calls.create_call_once(
        Call(call_sid=call_sid, business_id=env.a.id, from_phone=env.a.lead,
             to_phone="+97237630000", lead_id=env.a.lead, started_at=MONDAY, created_at=MONDAY)
    )  # fmt: skip
    uri = f"gs://agentlocator-recordings-local/{env.a.id}/{call_sid}/RE1.mp3"
    env.repos.calls.set_recording(call_sid, Recording(sid="RE1", storage_uri=uri, status="ok"))
    return call_sid


CSV_TEXT = "טלפון,שם,חדרים\n054-7000001,רות,3\n054-7000002,דן,25\n"


def _reversed_statuses(env: Env) -> list[str]:
    return [s.id for s in reversed(env.repos.statuses.ordered(env.a.id))]


CATALOG: dict[str, Callable[[Env], Req]] = {
    "me": lambda env: Req("GET", "/me"),
    "get_settings": lambda env: Req("GET", "/settings"),
    "update_settings": lambda env: Req("PATCH", "/settings", body={"meeting_minutes": 45}),
    "list_leads": lambda env: Req("GET", "/leads", query={"status": "new"}),
    "create_lead": lambda env: Req("POST", "/leads", body={"phone": _fresh_phone(), "name": "רון"}),
    "get_lead": lambda env: Req("GET", "/leads/{lead_id}", {"lead_id": env.a.lead}),
    "update_lead": lambda env: Req(
        "PATCH", "/leads/{lead_id}", {"lead_id": env.a.lead}, body={"city": "נתניה"}
    ),
    "lead_timeline": lambda env: Req("GET", "/leads/{lead_id}/timeline", {"lead_id": env.a.lead}),
    "merge_lead": lambda env: Req(
        "POST",
        "/leads/{lead_id}/merge",
        {"lead_id": env.a.lead},
        body={"duplicate_id": _fresh_lead(env)},
    ),
    "list_notes": lambda env: Req("GET", "/leads/{lead_id}/notes", {"lead_id": env.a.lead}),
    "add_note": lambda env: Req(
        "POST", "/leads/{lead_id}/notes", {"lead_id": env.a.lead}, body={"text": "התקשרתי"}
    ),
    "export_leads": lambda env: Req("GET", "/leads/export"),
    "preview_import": lambda env: Req("POST", "/leads/import/preview", body={"csv": CSV_TEXT}),
    "import_leads": lambda env: Req("POST", "/leads/import", body={"csv": CSV_TEXT}),
    "dashboard": lambda env: Req("GET", "/dashboard", query={"day": "2030-03-04"}),
    "list_tasks": lambda env: Req("GET", "/tasks", query={"state": "all"}),
    "create_task": lambda env: Req(
        "POST",
        "/tasks",
        body={"title": "לשלוח הצעה", "lead_id": env.a.lead, "due_at": MONDAY.isoformat()},
    ),
    "update_task": lambda env: Req(
        "PATCH", "/tasks/{task_id}", {"task_id": _fresh_task(env)}, body={"done": True}
    ),
    "delete_task": lambda env: Req("DELETE", "/tasks/{task_id}", {"task_id": _fresh_task(env)}),
    "recording_link": lambda env: Req(
        "GET", "/calls/{call_sid}/recording", {"call_sid": _stored_recording_call(env)}
    ),
    "list_calls": lambda env: Req("GET", "/calls"),
    "get_call": lambda env: Req("GET", "/calls/{call_sid}", {"call_sid": env.a.call_sid}),
    "list_statuses": lambda env: Req("GET", "/statuses"),
    "create_status": lambda env: Req(
        "POST", "/statuses", body={"label": f"s-{uuid.uuid4().hex[:8]}"}
    ),
    "reorder_statuses": lambda env: Req(
        "PUT", "/statuses/order", body={"ids": _reversed_statuses(env)}
    ),
    "update_status": lambda env: Req(
        "PATCH", "/statuses/{status_id}", {"status_id": env.a.status_id}, body={"color": "#112233"}
    ),
    "delete_status": lambda env: Req(
        "DELETE",
        "/statuses/{status_id}",
        {"status_id": env.repos.statuses.create(env.a.id, f"d-{uuid.uuid4().hex[:8]}").id},
    ),
    "list_appointments": lambda env: Req(
        "GET",
        "/appointments",
        query={"start": MONDAY.isoformat(), "end": (MONDAY + timedelta(days=7)).isoformat()},
    ),
    "create_appointment": lambda env: Req(
        "POST", "/appointments", body={"lead_id": env.a.lead, "start": _fresh_slot()}
    ),
    "move_appointment": lambda env: Req(
        "PATCH",
        "/appointments/{appointment_id}",
        {"appointment_id": _fresh_appointment(env)},
        body={"start": _fresh_slot()},
    ),
    "cancel_appointment": lambda env: Req(
        "POST",
        "/appointments/{appointment_id}/cancel",
        {"appointment_id": _fresh_appointment(env)},
    ),
    "list_prompts": lambda env: Req("GET", "/prompts", query={"channel": "voice"}),
    "create_prompt": lambda env: Req(
        "POST", "/prompts", body={"channel": "whatsapp", "text": "שלום"}
    ),
    "get_prompt": lambda env: Req("GET", "/prompts/{prompt_id}", {"prompt_id": env.a.prompt_id}),
    "activate_prompt": lambda env: Req(
        "POST", "/prompts/{prompt_id}/activate", {"prompt_id": env.a.prompt_id}
    ),
    "diff_prompt": lambda env: Req(
        "GET", "/prompts/{prompt_id}/diff", {"prompt_id": env.a.prompt_id}
    ),
    "list_users": lambda env: Req("GET", "/users"),
    "add_user": lambda env: Req(
        "POST",
        "/users",
        body={"email": f"n-{uuid.uuid4().hex[:10]}@example.co.il", "role": "agent"},
    ),
    "set_user_role": lambda env: Req(
        "PATCH", "/users/{uid}", {"uid": _fresh_member(env)}, body={"role": "admin"}
    ),
    "remove_user": lambda env: Req("DELETE", "/users/{uid}", {"uid": _fresh_member(env)}),
    # Billing and contracts (docs/billing.md): sign-up routes take any signed-in person, the
    # signing link routes take nobody's token at all.
    "list_plans": lambda env: Req("GET", "/billing/plans"),
    "start_signup": lambda env: Req("POST", "/signup", body=SIGNUP_BODY),
    "get_signup": lambda env: (_signups(env), Req("GET", "/signup"))[1],
    "get_contract": lambda env: (_signups(env), Req("GET", "/signup/contract"))[1],
    "sign_contract": lambda env: Req(
        "POST",
        "/signup/contract/sign",
        body={"typed_name": "ישראל ישראלי", "consent": True, "pdf_sha256": _signups(env)},
    ),  # fmt: skip
    "start_payment": lambda env: (
        _signups(env, signed=True),
        Req("POST", "/signup/payment", body={"provider": "paypal"}),
    )[1],
    "get_billing": lambda env: (_billing_account(env), Req("GET", "/billing"))[1],
    "cancel_subscription": lambda env: (_billing_account(env), Req("POST", "/billing/cancel"))[1],
    "start_payment_method_change": lambda env: (
        _paypal_subscriber(env),
        Req("POST", "/billing/payment-method"),
    )[1],
    "confirm_payment_method_change": lambda env: Req(
        "POST", "/billing/payment-method/confirm", body=_approved_card_change(env)
    ),
    "invoice_pdf": lambda env: Req(
        "GET", "/billing/invoices/{number}/pdf", {"number": str(_invoice_of_a(env).number)}
    ),
    "invoice_file": lambda env: Req("GET", "/invoice-files/{token}", {"token": _invoice_link(env)}),
    "create_brokerage": lambda env: Req("POST", "/contracts", body=BROKERAGE_BODY),
    "list_contracts": lambda env: Req("GET", "/contracts"),
    "signing_page": lambda env: Req("GET", "/sign/{token}", {"token": _signing_token(env)}),
    "sign_by_link": lambda env: Req(
        "POST",
        "/sign/{token}",
        {"token": _signing_token(env)},
        body={"typed_name": "משה לוי", "consent": True, "pdf_sha256": _LAST_SHA[0]},
    ),  # fmt: skip
    "resend_contract": lambda env: Req(
        "POST", "/contracts/{contract_id}/resend", {"contract_id": _fresh_contract(env.a.id)}
    ),
    "cancel_contract": lambda env: Req(
        "POST", "/contracts/{contract_id}/cancel", {"contract_id": _fresh_contract(env.a.id)}
    ),
    # The office's templates (docs/contracts.md): owners and admins.
    "list_templates": lambda env: Req("GET", "/contract-templates"),
    "create_template": lambda env: Req("POST", "/contract-templates", body=TEMPLATE_BODY),
    "get_template": lambda env: Req(
        "GET", "/contract-templates/{template_id}", {"template_id": _fresh_template(env.a.id)}
    ),
    "add_version": lambda env: Req(
        "POST",
        "/contract-templates/{template_id}/versions",
        {"template_id": _fresh_template(env.a.id)},
        body=TEMPLATE_BODY,
    ),  # fmt: skip
    "get_version": lambda env: Req(
        "GET",
        "/contract-templates/{template_id}/versions/{version}",
        {"template_id": _fresh_template(env.a.id), "version": "1"},
    ),  # fmt: skip
    "preview_version": lambda env: Req(
        "GET",
        "/contract-templates/{template_id}/versions/{version}/preview",
        {"template_id": _fresh_template(env.a.id), "version": "1"},
    ),  # fmt: skip
    "activate_version": lambda env: Req(
        "POST",
        "/contract-templates/{template_id}/activate",
        {"template_id": _fresh_template(env.a.id)},
        body={"version": 1},
    ),  # fmt: skip
    "get_contract_settings": lambda env: Req("GET", "/contract-settings"),
    "put_contract_settings": lambda env: Req(
        "PUT", "/contract-settings", body={"send_after_booking": False}
    ),
}
