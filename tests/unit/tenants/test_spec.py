"""TenantSpec validation and the documents it renders (pure, no Firestore)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from agentlocator.tenants import parse_tenant_spec
from agentlocator.tenants.documents import tenant_documents
from agentlocator.tenants.errors import InvalidTenant

MOMENT = datetime(2027, 12, 31, 22, 30, tzinfo=UTC)  # New Year's Eve in Israel, past midnight


def valid(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "business_id": "acme-homes",
        "name": "  אקמי נדל״ן ",
        "owner": {"email": "Owner@Acme.Example", "uid": "u1"},
        "voice_numbers": ["03-555-1234"],
        "whatsapp_numbers": ["+972 3 555 1234", "050-1112233"],
    }
    data.update(changes)
    return data


def test_a_valid_spec_is_normalized() -> None:
    spec = parse_tenant_spec(valid())
    assert spec.name == "אקמי נדל״ן"
    assert spec.owner.email == "owner@acme.example"
    assert spec.numbers() == {"+97235551234": "both", "+972501112233": "whatsapp"}
    assert spec.meeting_minutes == 30 and spec.timezone == "Asia/Jerusalem"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"business_id": "Acme Homes"}, "business_id"),
        ({"business_id": "a"}, "business_id"),
        ({"business_id": "-acme"}, "business_id"),
        ({"name": "   "}, "name"),
        ({"owner": {"email": "not-an-email"}}, "owner.email"),
        ({"voice_numbers": ["hello"]}, "voice_numbers"),
        ({"voice_numbers": ["03-5551234", "+97235551234"]}, "voice_numbers"),
        ({"voice_numbers": [], "whatsapp_numbers": []}, "voice_numbers"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"meeting_minutes": 5}, "meeting_minutes"),
        ({"recording_retention_days": 3}, "recording_retention_days"),
        ({"agents": []}, "agents"),
        ({"agents": [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}]}, "agents"),
        ({"hours": {"sun": [{"open": "18:00", "close": "09:00"}]}}, "hours.sun.0.close"),
        ({"plan": "gold"}, "plan"),
    ],
)
def test_bad_input_names_the_field_in_hebrew_too(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidTenant) as caught:
        parse_tenant_spec(valid(**changes))
    assert caught.value.field == field
    assert caught.value.http_status == 400
    assert any("\u0590" <= ch <= "\u05ff" for ch in caught.value.message_he)


def test_documents_cover_the_whole_tenant() -> None:
    spec = parse_tenant_spec(valid())
    docs = tenant_documents(spec, "u1", MOMENT, "signup")
    paths = [d.path for d in docs]
    assert paths[0] == "businesses/acme-homes"
    assert "businesses/acme-homes/users/u1" in paths
    assert "businesses/acme-homes/prompts/voice-v1" in paths
    assert {p for p in paths if p.startswith("phone_routes/")} == {
        "phone_routes/+97235551234",
        "phone_routes/+972501112233",
    }
    managed = {d.path for d in docs if not d.keep_existing}
    assert managed == {
        "phone_routes/+97235551234",
        "phone_routes/+972501112233",
        "tenants/acme-homes",
    }
    business = docs[0].fields
    assert business["active_prompts"] == {"voice": "voice-v1", "whatsapp": "whatsapp-v1"}
    assert business["created_at"] == MOMENT
    assert docs[-1].fields["provisioned_by"] == "signup"
