"""Sign-up → contract → payment: the steps before an office goes live.

``signups/{uid}``: one sign-up per Firebase account. The office's business id is derived from
the uid, so a repeated sign-up names the same office and nothing is provisioned twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agentlocator.billing import contracts, pdf
from agentlocator.billing.errors import Invalid, Refused
from agentlocator.billing.plans import plan_by_id
from agentlocator.billing.signing import SignatureRecord, make_signature, sha256_hex
from agentlocator.billing.state import BillingRules, Provider
from agentlocator.billing.store import Documents
from agentlocator.billing.tax_ids import normalize_business_number
from agentlocator.errors import ValidationFailed
from agentlocator.phones import normalize_phone

SignupStatus = Literal["started", "signed", "paying", "live"]


class Signup(BaseModel):
    model_config = ConfigDict(frozen=True)

    uid: str
    email: str | None
    business_id: str
    name: str
    business_number: str
    address: str
    phone: str
    plan_id: str
    status: SignupStatus = "started"
    created_at: datetime
    contract_template_id: str | None = None
    signature: SignatureRecord | None = None
    signed_contract_uri: str | None = None
    provider: Provider | None = None
    provider_ref: str | None = None  # PayPal subscription id or Tranzila order id

    @property
    def party(self) -> contracts.Party:
        return contracts.Party(self.name, self.business_number, self.address)


@dataclass(frozen=True)
class SignupForm:
    name: str
    business_number: str
    address: str
    phone: str
    plan_id: str


@dataclass(frozen=True)
class ContractTerms:
    vat_percent: Decimal
    rules: BillingRules
    retention_days: int


def business_id_for(uid: str) -> str:
    return "office-" + hashlib.sha256(uid.encode()).hexdigest()[:16]


class Onboarding:
    def __init__(self, signups: Documents, terms: ContractTerms) -> None:
        self._signups = signups
        self._terms = terms

    def get(self, uid: str) -> Signup:
        data = self._signups.get(uid)
        if data is None:
            raise Refused("no_signup", "start the sign-up first")
        return Signup.model_validate(data)

    def start(self, uid: str, email: str | None, form: SignupForm, now: datetime) -> Signup:
        if not email:
            # The owner account is found by e-mail when the office is provisioned.
            raise Invalid("email", "sign in with an e-mail address to sign up", reason="email")
        try:
            number = normalize_business_number(form.business_number)
        except ValidationFailed as exc:
            raise Invalid("business_number", exc.message, reason="business_number") from exc
        plan_by_id(form.plan_id)
        signup = Signup(
            uid=uid,
            email=email,
            business_id=business_id_for(uid),
            name=form.name.strip(),
            business_number=number,
            address=form.address.strip(),
            phone=normalize_phone(form.phone, field="phone"),
            plan_id=form.plan_id,
            created_at=now,
        )
        existing = self._signups.get(uid)
        if existing is not None and existing.get("status") in ("paying", "live"):
            raise Refused("signup_exists", "this account already signed up")
        # Before payment the details may change; a change voids an earlier signature.
        self._signups.set(uid, signup.model_dump())
        return signup

    def contract(self, signup: Signup) -> tuple[contracts.ContractDocument, bytes]:
        """The unsigned service contract exactly as the office is shown it (same bytes every
        time for the same sign-up, so its SHA-256 can be signed)."""
        document = contracts.service_contract(
            signup.party,
            plan_by_id(signup.plan_id),
            self._terms.vat_percent,
            signup.created_at.date(),
            self._terms.rules,
            self._terms.retention_days,
        )
        return document, pdf.render_contract(document, signup.created_at)

    def sign(
        self,
        uid: str,
        typed_name: str,
        consent: bool,
        shown_sha256: str,
        ip: str,
        user_agent: str,
        now: datetime,
    ) -> tuple[Signup, bytes]:
        """The signature record and the signed PDF (contract + signature block) to seal."""
        signup = self.get(uid)
        if signup.status in ("paying", "live"):
            raise Refused("already_paid", "the contract is already signed and paid")
        document, unsigned = self.contract(signup)
        if not consent:
            raise Invalid("consent", "consent is required", reason="consent_required")
        if sha256_hex(unsigned) != shown_sha256.lower():
            raise Invalid("pdf_sha256", "the contract changed", reason="contract_changed")
        record = make_signature(
            typed_name=typed_name,
            consent=consent,
            shown_sha256=shown_sha256,
            actual_pdf=unsigned,
            at=now,
            ip=ip,
            user_agent=user_agent,
            template_id=document.template_id,
        )
        block = pdf.SignatureBlock(
            record.typed_name, record.shown_time, record.ip, record.document_sha256
        )
        signed = pdf.render_contract(document, signup.created_at, block)
        updated = signup.model_copy(
            update={
                "status": "signed",
                "signature": record,
                "contract_template_id": document.template_id,
            }
        )
        self._signups.set(uid, updated.model_dump())
        return updated, signed

    def store_contract_uri(self, uid: str, uri: str) -> None:
        self._signups.update(uid, {"signed_contract_uri": uri})

    def require_signed(self, uid: str) -> Signup:
        signup = self.get(uid)
        if signup.status == "live":
            raise Refused("already_paid", "already live")
        if signup.signature is None:
            raise Refused("contract_not_signed", "sign the contract before paying")
        return signup

    def paying(self, signup: Signup, provider: Provider, ref: str) -> None:
        self._signups.update(
            signup.uid, {"status": "paying", "provider": provider, "provider_ref": ref}
        )

    def live(self, uid: str) -> None:
        self._signups.update(uid, {"status": "live"})
