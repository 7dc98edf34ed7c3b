"""An office's brokerage-agreement template (pure): field checks with Hebrew reasons, the
statutory clauses kept whatever the office adds, the ת.ז. check digit, the lead's property."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from agentlocator.billing import contract_templates_he as builtin
from agentlocator.billing import office_templates
from agentlocator.billing.errors import Invalid
from agentlocator.billing.office_templates import TemplateDefaults, TemplateVersion
from agentlocator.billing.tax_ids import normalize_person_id
from agentlocator.billing.texts_he import REASONS
from agentlocator.crm.models import Lead

DEFAULTS = TemplateDefaults(
    name=" הזמנת  תיווך ", broker_name="דנה כהן", license_number="123-4567",
    office_business_number="51-555555-5", office_address="הרצל 10, רעננה", fee_percent="2.50",
    extra_clauses=("  הצפייה   תתואם מראש. ",),
)  # fmt: skip


def test_defaults_are_cleaned() -> None:
    clean = office_templates.validate_defaults(DEFAULTS)
    assert (clean.name, clean.license_number, clean.office_business_number) == (
        "הזמנת תיווך", "1234567", "515555555",
    )  # fmt: skip
    assert (clean.fee_percent, clean.extra_clauses) == ("2.5", ("הצפייה תתואם מראש.",))


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"license_number": "123"}, "license_number", "license_format"),
        ({"license_number": "123456789"}, "license_number", "license_format"),
        ({"fee_percent": "0"}, "fee_percent", "fee_bounds"),
        ({"fee_percent": "10.01"}, "fee_percent", "fee_bounds"),
        ({"fee_percent": "1.234"}, "fee_percent", "fee_bounds"),
        ({"fee_percent": "NaN"}, "fee_percent", "fee_bounds"),
        ({"fee_percent": "abc"}, "fee_percent", "fee_bounds"),
        ({"fee_percent": None}, "fee_percent", "fee_choice"),
        ({"fee_fixed_agorot": 50_000}, "fee_percent", "fee_choice"),
        ({"fee_percent": None, "fee_fixed_agorot": 99}, "fee_fixed_agorot", "fee_bounds"),
        ({"fee_percent": None, "fee_fixed_agorot": 100_000_001}, "fee_fixed_agorot", "fee_bounds"),
        ({"extra_clauses": ("קצר",)}, "extra_clauses", "clause_length"),
        ({"extra_clauses": ("א" * 601,)}, "extra_clauses", "clause_length"),
        ({"extra_clauses": ("סעיף תקין",) * 11}, "extra_clauses", "clause_count"),
        ({"exclusivity_days": 366}, "exclusivity_days", "exclusivity_days"),
        ({"fee_terms": "ת" * 301}, "fee_terms", "fee_terms_length"),
        ({"name": "א"}, "name", "template_name"),
    ],
)
def test_each_bad_field_is_named_with_a_hebrew_reason(
    change: dict[str, object], field: str, reason: str
) -> None:
    with pytest.raises(Invalid) as caught:
        office_templates.validate_defaults(DEFAULTS.model_copy(update=change))
    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert REASONS[reason]


def test_the_fixed_fee_edges_pass() -> None:
    for agorot in (100, 100_000_000):
        fixed = DEFAULTS.model_copy(update={"fee_percent": None, "fee_fixed_agorot": agorot})
        assert office_templates.validate_defaults(fixed).fee_fixed_agorot == agorot


def _version() -> TemplateVersion:
    return TemplateVersion(template_id="t1", version=3, created_by="u",
                           defaults=office_templates.validate_defaults(DEFAULTS),
                           created_at=datetime(2027, 1, 10, tzinfo=UTC))  # fmt: skip


def test_the_office_adds_clauses_but_the_statutory_ones_stay_and_the_declaration_is_last() -> None:
    version = _version()
    terms = office_templates.terms_for(version.defaults, client_name="משה", client_phone="050",
                                       property_address="ויצמן 5")  # fmt: skip
    document = office_templates.agreement(version, "נדל״ן השרון", terms, date(2027, 1, 10))
    headings = [heading for heading, _ in document.clauses]
    statutory = [heading for heading, _ in builtin.BROKERAGE_AGREEMENT_V1.clauses]
    assert headings == [*statutory[:-1], "תנאים נוספים", statutory[-1]]
    assert office_templates.missing_statutory_parts(document, terms) == []
    stripped = document.__class__(document.kind, document.version, document.title,
                                  document.preamble, document.clauses[1:])  # fmt: skip
    assert "המתווך" in office_templates.missing_statutory_parts(stripped, terms)
    assert "license_number" in office_templates.missing_statutory_parts(stripped, terms)


def test_the_client_id_waits_for_the_signing_page() -> None:
    version = _version()
    terms = office_templates.terms_for(version.defaults, client_name="משה", client_phone="050",
                                       property_address="ויצמן 5")  # fmt: skip
    document = office_templates.agreement(version, "נדל״ן השרון", terms, date(2027, 1, 10))
    assert "ת.ז. יוזן בעת החתימה" in document.plain_text()


@pytest.mark.parametrize("raw", ["123456782", "12345678-2", " 123 456 782 "])
def test_person_ids_with_a_good_check_digit(raw: str) -> None:
    assert normalize_person_id(raw) == "123456782"


@pytest.mark.parametrize("raw", ["123456789", "000000000", "12a456782", "1234", "1234567890", ""])
def test_person_ids_refused(raw: str) -> None:
    with pytest.raises(Invalid) as caught:
        normalize_person_id(raw)
    assert (caught.value.field, caught.value.reason) == ("client_id", "client_id")


def test_the_property_line_comes_from_the_lead_request() -> None:
    at = datetime(2027, 1, 10, tzinfo=UTC)
    lead = Lead(id="+972501234567", business_id="b", phone="+972501234567", created_at=at,
                updated_at=at, property_type="apartment", rooms=3.5, city="חיפה",
                area="כרמל")  # fmt: skip
    assert office_templates.wanted_property(lead).startswith("דירה, 3.5 חדרים, חיפה, כרמל (")
    bare = Lead(id="+972501234567", business_id="b", phone="+972501234567", created_at=at,
                updated_at=at)  # fmt: skip
    assert office_templates.wanted_property(bare) == builtin.UNKNOWN_PROPERTY
    terms = office_templates.agreement_terms_for_lead(_version().defaults, bare)
    assert (terms.client_name, terms.client_id, terms.deal_type) == (
        builtin.CLIENT_NAME_AT_SIGNING, "", "buy",
    )  # fmt: skip


def test_a_misconfigured_billing_in_production_turns_the_agreements_off_not_leah(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Production with billing's local default secrets: no agreements after bookings, and no
    exception into building Leah (the voice service and WhatsApp build her with this)."""
    from agentlocator.billing.wiring import agreement_on_booking
    from agentlocator.config import Settings

    settings = Settings(environment="production")
    assert agreement_on_booking(None, settings) is None  # type: ignore[arg-type]
    assert "billing misconfigured" in caplog.text
