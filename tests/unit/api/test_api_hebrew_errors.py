"""400s name the field as people know it, in Hebrew, and say what is wrong with it."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from agentlocator.api.app import (
    CrmApi,
    _parse,  # the request-validation step the API runs
)
from agentlocator.api.http import ApiRequest
from agentlocator.api.schemas.leads import LeadCreate, LeadUpdate
from agentlocator.api.schemas.settings import SettingsUpdate
from agentlocator.api.texts_he import field_label, validation_message
from agentlocator.errors import ValidationFailed


def _hebrew(model: Any, data: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        _parse(model, data, "body")
    return caught.value.field, caught.value.message_he


@pytest.mark.parametrize(
    ("model", "data", "field", "sentence"),
    [
        (LeadUpdate, {"rooms": 21}, "rooms", "חדרים: עד 20"),
        (LeadUpdate, {"rooms": 0}, "rooms", "חדרים: לפחות 0.5"),
        (LeadUpdate, {"rooms": 3.3}, "rooms", "חדרים: מספר שלם או חצי"),
        (LeadUpdate, {"rooms": "שלושה"}, "rooms", "חדרים: יש להזין מספר"),
        (LeadUpdate, {"budget": -1}, "budget", "תקציב: לפחות 0"),
        (LeadUpdate, {"name": "א" * 201}, "name", "שם: עד 200 תווים"),
        (LeadUpdate, {"deal_type": "swap"}, "deal_type", "סוג עסקה: יש לבחור מהרשימה"),
        (LeadUpdate, {"email": "not-mail"}, "email", "אימייל: הערך אינו בפורמט הנכון"),
        (LeadUpdate, {"romos": 3}, "romos", "השדה romos אינו מוכר"),
        (LeadCreate, {"name": "דנה"}, "phone", "טלפון: שדה חובה"),
        (SettingsUpdate, {"meeting_minutes": "abc"}, "meeting_minutes",
         "משך פגישה (דקות): יש להזין מספר שלם"),
        (SettingsUpdate, {"meeting_minutes": 0}, "meeting_minutes",
         "משך פגישה (דקות): לפחות 10"),
        (SettingsUpdate, {"hours": {"fri": [{"open": "13:00", "close": "09:00"}]}},
         "hours.fri.0.close", "שעת הסגירה ביום שישי חייבת להיות אחרי הפתיחה"),
        (SettingsUpdate, {"hours": {"sun": [{"open": "9am", "close": "18:00"}]}},
         "hours.sun.0.open", "שעות פעילות ביום ראשון: יש לכתוב שעה בפורמט 09:00"),
    ],
)  # fmt: skip
def test_request_errors_name_the_field_in_hebrew(
    model: Any, data: dict[str, Any], field: str, sentence: str
) -> None:
    assert _hebrew(model, data) == (field, sentence)


def test_letters_in_the_meeting_length_are_refused_not_read_as_zero() -> None:
    with pytest.raises(ValidationFailed):
        _parse(SettingsUpdate, {"meeting_minutes": "3o"}, "body")
    with pytest.raises(ValidationFailed):
        _parse(SettingsUpdate, {"meeting_minutes": ""}, "body")


def test_field_labels_never_fall_back_to_codes_for_known_fields() -> None:
    assert field_label("hours.fri.0.close") == "שעות פעילות (שישי)"
    assert field_label("tags.3") == "תגיות"
    assert "rooms" not in validation_message("rooms", "some_new_pydantic_type", None)


class _NoTokens:
    def verify(self, token: str) -> dict[str, Any]:
        return {"uid": "u1", "role": "owner", "business_id": "b1"}


class _OwnerRecord:
    """The membership lookup the API makes before validating (the role comes from it)."""

    def get(self, business_id: str, uid: str) -> SimpleNamespace:
        return SimpleNamespace(role="owner")


def test_the_api_body_carries_the_hebrew_sentence_and_the_field_code() -> None:
    # Body validation runs before any other storage is touched: only the role lookup is needed.
    services = SimpleNamespace(members=_OwnerRecord())
    api = CrmApi(services=services, verifier=_NoTokens(), cors_origins=[])  # type: ignore[arg-type]
    response = api.handle(
        ApiRequest("PATCH", "/settings", headers={"authorization": "Bearer t"},
                   body=json.dumps({"hours": {"fri": [{"open": "13:00", "close": "12:00"}]}}
                                   ).encode())
    )  # fmt: skip
    body = response.json_body()
    assert response.status == 400
    assert body["field"] == "hours.fri.0.close"
    assert body["message_he"] == "שעת הסגירה ביום שישי חייבת להיות אחרי הפתיחה"


def test_every_request_field_has_a_hebrew_name() -> None:
    """A 400 names the field in Hebrew: "ת.ז. הלקוח: …", never "client_id: …" (the contracts form
    showed the English code)."""
    import importlib
    import inspect
    import pkgutil

    import agentlocator.api.schemas as schemas
    from agentlocator.api.schemas.common import Input, QueryParams
    from agentlocator.api.texts_he import FIELD_LABELS

    unnamed = sorted(
        {
            f"{model.__name__}.{name}"
            for info in pkgutil.iter_modules(schemas.__path__)
            for model in vars(importlib.import_module(f"{schemas.__name__}.{info.name}")).values()
            if inspect.isclass(model) and issubclass(model, Input | QueryParams)
            for name in model.model_fields
            if name not in FIELD_LABELS
        }
    )
    assert unnamed == []
