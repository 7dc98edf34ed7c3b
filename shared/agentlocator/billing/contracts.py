"""Contracts as data: a template version + the fields → a document the PDF renderer lays out.

Pure. The service contract is between the platform and an office; the brokerage agreement
(הזמנת שירותי תיווך) is between an office and its client and carries what the Brokers Law
requires in writing: the broker's license number, the property, the fee and its terms, and the
client's signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from agentlocator.billing import contract_templates_he as templates
from agentlocator.billing import texts_he
from agentlocator.billing.money import shekels
from agentlocator.billing.plans import Plan
from agentlocator.billing.state import BillingRules
from agentlocator.billing.tax_ids import normalize_business_number, normalize_person_id
from agentlocator.errors import ValidationFailed

ContractKind = Literal["service", "brokerage"]
_LICENSE = re.compile(r"^\d{4,8}$")


@dataclass(frozen=True)
class ContractDocument:
    kind: ContractKind
    version: int
    title: str
    preamble: str
    clauses: tuple[tuple[str, str], ...]

    @property
    def template_id(self) -> str:
        return f"{self.kind}-v{self.version}"

    def as_record(self) -> dict[str, object]:
        """What a sent contract keeps, so its signed copy is rendered from the same words
        whatever later happens to the template."""
        return {
            "kind": self.kind,
            "version": self.version,
            "title": self.title,
            "preamble": self.preamble,
            # Firestore keeps no arrays inside arrays
            "clauses": [{"heading": heading, "body": body} for heading, body in self.clauses],
        }

    @classmethod
    def from_record(cls, record: dict[str, object]) -> ContractDocument:
        clauses = record["clauses"]
        assert isinstance(clauses, list)
        return cls(
            kind=str(record["kind"]),  # type: ignore[arg-type]
            version=int(str(record["version"])),
            title=str(record["title"]),
            preamble=str(record["preamble"]),
            clauses=tuple((str(c["heading"]), str(c["body"])) for c in clauses),
        )

    def plain_text(self) -> str:
        lines = [self.title, self.preamble]
        for number, (heading, body) in enumerate(self.clauses, 1):
            lines.append(f"{number}. {heading}: {body}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Party:
    name: str
    business_number: str
    address: str


def hebrew_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def render(kind: ContractKind, version: int, fields: dict[str, str]) -> ContractDocument:
    try:
        template = templates.TEMPLATES[(kind, version)]
    except KeyError:
        raise ValidationFailed("template", f"no template {kind} v{version}") from None
    return ContractDocument(
        kind=kind,
        version=version,
        title=template.title,
        preamble=template.preamble.format(**fields),
        clauses=tuple((heading, body.format(**fields)) for heading, body in template.clauses),
    )


def service_contract(
    office: Party,
    plan: Plan,
    vat_percent: Decimal,
    signed_on: date,
    rules: BillingRules,
    retention_days: int,
    version: int | None = None,
) -> ContractDocument:
    price = plan.price(vat_percent)
    fields = {
        "date": hebrew_date(signed_on),
        "platform_name": texts_he.PLATFORM_NAME_HE,
        "business_name": office.name,
        "business_number": normalize_business_number(office.business_number),
        "business_address": office.address,
        "plan_name": plan.name_he,
        "net": shekels(price.net_agorot),
        "vat": shekels(price.vat_agorot),
        "vat_percent": f"{vat_percent.normalize():f}",
        "total": shekels(price.total_agorot),
        "trial_days": str(rules.trial_days),
        "retry_days": ", ".join(str(d) for d in rules.retry_days),
        "grace_days": str(rules.grace_days),
        "suspended_days": str(rules.suspended_days),
        "retention_days": str(retention_days),
    }
    return render("service", version or templates.LATEST_VERSION["service"], fields)


@dataclass(frozen=True)
class BrokerageTerms:
    broker_name: str
    license_number: str
    client_name: str
    client_id: str  # "" → the client types it on the signing page
    client_phone: str
    deal_type: Literal["buy", "rent", "sell", "let"]
    property_address: str
    fee_percent: str | None = None  # e.g. "2" (% of the price), or a fixed fee:
    fee_fixed_agorot: int | None = None
    exclusivity_days: int = 0
    fee_terms_note: str = ""  # the office's own payment terms, after the statutory sentence
    extra_clauses: tuple[str, ...] = ()  # the office's clauses, added before the declaration

    def validate(self) -> None:
        if not _LICENSE.match(self.license_number):
            raise ValidationFailed("license_number", "a broker's license number has 4-8 digits")
        if self.client_id:
            normalize_person_id(self.client_id)
        if not self.property_address.strip():
            raise ValidationFailed("property_address", "the property is required")
        if (self.fee_percent is None) == (self.fee_fixed_agorot is None):
            raise ValidationFailed("fee", "give either a fee percent or a fixed fee")
        if not self.client_name.strip():
            raise ValidationFailed("client_name", "the client's name is required")


def brokerage_agreement(
    office: Party, terms: BrokerageTerms, on: date, version: int | None = None
) -> ContractDocument:
    terms.validate()
    if terms.fee_percent is not None:
        fee = f"{terms.fee_percent}% ממחיר העסקה"
    else:
        fee = f"{shekels(terms.fee_fixed_agorot or 0)} ₪"
    if terms.fee_terms_note.strip():
        fee = f"{fee} ({terms.fee_terms_note.strip()})"
    if terms.exclusivity_days:
        until = hebrew_date(on + timedelta(days=terms.exclusivity_days))
        exclusivity = templates.EXCLUSIVITY.format(days=terms.exclusivity_days, until=until)
    else:
        exclusivity = templates.NO_EXCLUSIVITY
    fields = {
        "date": hebrew_date(on),
        "broker_name": terms.broker_name,
        "license_number": terms.license_number,
        "business_name": office.name,
        "business_number": normalize_business_number(office.business_number),
        "business_address": office.address,
        "client_name": terms.client_name,
        "client_id": terms.client_id or texts_he.CLIENT_ID_AT_SIGNING,
        "client_phone": terms.client_phone,
        "deal_type_he": templates.DEAL_TYPES_HE[terms.deal_type],
        "property_address": terms.property_address,
        "fee_terms": fee,
        "exclusivity": exclusivity,
    }
    document = render("brokerage", version or templates.LATEST_VERSION["brokerage"], fields)
    if not terms.extra_clauses:
        return document
    # The office adds; it never removes: the statutory clauses stay, the declaration stays last.
    *statutory, declaration = document.clauses
    extra = [(texts_he.EXTRA_CLAUSES_HEADING, clause.strip()) for clause in terms.extra_clauses]
    return ContractDocument(
        kind=document.kind,
        version=document.version,
        title=document.title,
        preamble=document.preamble,
        clauses=(*statutory, *extra, declaration),
    )
