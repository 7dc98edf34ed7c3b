"""An office's own brokerage-agreement template (pure): the defaults it always uses on top of
the built-in הזמנת שירותי תיווך, validated field by field, and the agreement they render.

A template is versioned: every save is a new immutable version (v1, v2, …) and a sent contract
records the version it was rendered from. An office's edits only fill fields and add clauses:
the statutory text (the broker's license number, the property, the fee and the rule that it is
owed only to the effective cause of the deal, the client's declaration) is the built-in
template's and cannot be edited away; ``missing_statutory_parts`` checks a rendered agreement.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agentlocator.billing import contract_templates_he as builtin
from agentlocator.billing.contracts import BrokerageTerms, ContractDocument, Party
from agentlocator.billing.contracts import brokerage_agreement as render_brokerage
from agentlocator.billing.errors import Invalid
from agentlocator.billing.tax_ids import normalize_business_number
from agentlocator.crm.models import Lead

DealType = Literal["buy", "rent", "sell", "let"]
LICENSE_NUMBER = re.compile(r"^\d{4,8}$")
FEE_PERCENT_MIN, FEE_PERCENT_MAX = Decimal("0.1"), Decimal("10")
FEE_FIXED_MAX_AGOROT = 100_000_000  # 1,000,000 ₪
MAX_EXTRA_CLAUSES = 10
CLAUSE_MIN, CLAUSE_MAX = 5, 600
FEE_TERMS_MAX = 300
NAME_MIN, NAME_MAX = 2, 80
EXCLUSIVITY_MAX_DAYS = 365


class TemplateDefaults(BaseModel):
    """What the office fills once; every agreement from this version uses it."""

    model_config = ConfigDict(frozen=True)

    name: str  # how staff know the template, e.g. "הזמנת תיווך — קנייה"
    broker_name: str
    license_number: str
    office_business_number: str  # ח.פ / ע.מ, printed on the agreement
    office_address: str
    deal_type: DealType = "buy"
    fee_percent: str | None = None
    fee_fixed_agorot: int | None = None
    fee_terms: str = ""
    exclusivity_days: int = 0
    extra_clauses: tuple[str, ...] = Field(default_factory=tuple)


class TemplateVersion(BaseModel):
    """``businesses/{b}/contract_templates/{t}/versions/{n}``: never changed once written."""

    model_config = ConfigDict(frozen=True)

    template_id: str
    version: int
    defaults: TemplateDefaults
    created_at: datetime
    created_by: str


def _text(value: str) -> str:
    return " ".join(value.split())


def validate_defaults(defaults: TemplateDefaults) -> TemplateDefaults:
    """The defaults cleaned, or ``Invalid`` naming the first bad field (Hebrew via its reason)."""
    name = _text(defaults.name)
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise Invalid("name", "2-80 characters", reason="template_name")
    broker = _text(defaults.broker_name)
    if not 2 <= len(broker) <= 120:
        raise Invalid("broker_name", "the broker's name is required", reason="broker_name")
    license_number = re.sub(r"[\s-]", "", defaults.license_number)
    if not LICENSE_NUMBER.match(license_number):
        raise Invalid("license_number", "a broker's license has 4-8 digits",
                      reason="license_format")  # fmt: skip
    business_number = normalize_business_number(
        defaults.office_business_number, "office_business_number"
    )
    address = _text(defaults.office_address)
    if not 3 <= len(address) <= 200:
        raise Invalid("office_address", "the office's address is required",
                      reason="office_details")  # fmt: skip
    percent, fixed = _fee(defaults)
    fee_terms = _text(defaults.fee_terms)
    if len(fee_terms) > FEE_TERMS_MAX:
        raise Invalid("fee_terms", "up to 300 characters", reason="fee_terms_length")
    if not 0 <= defaults.exclusivity_days <= EXCLUSIVITY_MAX_DAYS:
        raise Invalid("exclusivity_days", "0-365 days", reason="exclusivity_days")
    if len(defaults.extra_clauses) > MAX_EXTRA_CLAUSES:
        raise Invalid("extra_clauses", "up to 10 clauses", reason="clause_count")
    clauses = tuple(_text(c) for c in defaults.extra_clauses)
    for clause in clauses:
        if not CLAUSE_MIN <= len(clause) <= CLAUSE_MAX:
            raise Invalid("extra_clauses", "each clause 5-600 characters", reason="clause_length")
    return defaults.model_copy(
        update={
            "name": name,
            "broker_name": broker,
            "license_number": license_number,
            "office_business_number": business_number,
            "office_address": address,
            "fee_percent": percent,
            "fee_fixed_agorot": fixed,
            "fee_terms": fee_terms,
            "extra_clauses": clauses,
        }
    )


def _fee(defaults: TemplateDefaults) -> tuple[str | None, int | None]:
    if (defaults.fee_percent is None) == (defaults.fee_fixed_agorot is None):
        raise Invalid("fee_percent", "either a percent or a fixed fee", reason="fee_choice")
    if defaults.fee_fixed_agorot is not None:
        if not 100 <= defaults.fee_fixed_agorot <= FEE_FIXED_MAX_AGOROT:
            raise Invalid("fee_fixed_agorot", "1 to 1,000,000 ₪", reason="fee_bounds")
        return None, defaults.fee_fixed_agorot
    try:
        percent = Decimal(str(defaults.fee_percent).strip())
    except InvalidOperation:
        raise Invalid("fee_percent", "not a number", reason="fee_bounds") from None
    if not percent.is_finite() or not FEE_PERCENT_MIN <= percent <= FEE_PERCENT_MAX:
        raise Invalid("fee_percent", "0.1-10 percent", reason="fee_bounds")
    if percent != percent.quantize(Decimal("0.01")):
        raise Invalid("fee_percent", "at most two decimals", reason="fee_bounds")
    return f"{percent.normalize():f}", None


def office_party(defaults: TemplateDefaults, office_name: str) -> Party:
    return Party(office_name, defaults.office_business_number, defaults.office_address)


def terms_for(
    defaults: TemplateDefaults,
    *,
    client_name: str,
    client_phone: str,
    property_address: str,
    client_id: str = "",
    deal_type: DealType | None = None,
) -> BrokerageTerms:
    """One agreement's terms: the template's defaults and this client's details."""
    return BrokerageTerms(
        broker_name=defaults.broker_name,
        license_number=defaults.license_number,
        client_name=client_name,
        client_id=client_id,
        client_phone=client_phone,
        deal_type=deal_type or defaults.deal_type,
        property_address=property_address,
        fee_percent=defaults.fee_percent,
        fee_fixed_agorot=defaults.fee_fixed_agorot,
        exclusivity_days=defaults.exclusivity_days,
        fee_terms_note=defaults.fee_terms,
        extra_clauses=defaults.extra_clauses,
    )


def wanted_property(lead: Lead) -> str:
    """The property line from the lead's request (type, rooms, city, area), as far as known."""
    rooms = None
    if lead.rooms:
        shown = int(lead.rooms) if lead.rooms == int(lead.rooms) else lead.rooms
        rooms = builtin.ROOMS.format(rooms=shown)
    parts = [
        builtin.PROPERTY_TYPES_HE.get(lead.property_type or "", ""),
        rooms or "",
        lead.city or "",
        lead.area or "",
    ]
    known = ", ".join(p for p in parts if p)
    return builtin.WANTED_PROPERTY.format(parts=known) if known else builtin.UNKNOWN_PROPERTY


def agreement_terms_for_lead(defaults: TemplateDefaults, lead: Lead) -> BrokerageTerms:
    """The agreement Leah sends after booking a viewing: the client types the ת.ז. on the
    signing page; the deal type is the lead's when known."""
    return terms_for(
        defaults,
        client_name=lead.name or builtin.CLIENT_NAME_AT_SIGNING,
        client_phone=lead.phone,
        property_address=wanted_property(lead),
        deal_type=lead.deal_type,
    )


def agreement(
    version: TemplateVersion, office_name: str, terms: BrokerageTerms, on: date
) -> ContractDocument:
    document = render_brokerage(office_party(version.defaults, office_name), terms, on)
    missing = missing_statutory_parts(document, terms)
    if missing:  # cannot happen through the fields above; a guard for future edits
        raise Invalid("extra_clauses", f"statutory parts missing: {missing}",
                      reason="clause_length")  # fmt: skip
    return document


def missing_statutory_parts(document: ContractDocument, terms: BrokerageTerms) -> list[str]:
    """The parts the Brokers Law asks of a written order that this document lacks."""
    headings = [heading for heading, _ in document.clauses]
    text = document.plain_text()
    required_headings = [heading for heading, _ in builtin.BROKERAGE_AGREEMENT_V1.clauses]
    missing = [h for h in required_headings if h not in headings]
    for label, value in (
        ("license_number", terms.license_number),
        ("property_address", terms.property_address),
        ("client_name", terms.client_name),
    ):
        if value not in text:
            missing.append(label)
    if headings and headings[-1] != required_headings[-1]:
        missing.append("declaration_last")
    return missing
