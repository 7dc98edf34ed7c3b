"""Pure input handling: cursors, lead search parsing, claims, schemas, prompt diffs, Hebrew."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from agentlocator.api.auth import bearer_token, principal_from_claims, require_role
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.handlers.ids import lead_id_of, parse_search
from agentlocator.api.handlers.prompts import unified_diff
from agentlocator.api.schemas.appointments import AppointmentRange
from agentlocator.api.schemas.leads import LeadUpdate
from agentlocator.api.schemas.settings import SettingsUpdate
from agentlocator.api.schemas.statuses import StatusOrder
from agentlocator.api.texts_he import DUPLICATE_LEAD, message_for
from agentlocator.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed

T = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def test_cursor_round_trips_times_nulls_and_ids() -> None:
    values = [T, None, "דנה", 3, "+972501234567"]
    cursor = encode_cursor("name,created_at,asc", values)
    assert decode_cursor("name,created_at,asc", cursor, size=5) == values


def _crafted(payload: object) -> str:
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "AAAA",
        encode_cursor("other,desc", [T, "x"]),
        # issue 13 item 7: shapes that decode but are not cursors were 500s
        _crafted({"created_at,desc": []}),
        _crafted(["created_at,desc", [{"no-time": 1}, "x"]]),
        _crafted(["created_at,desc", [{"$t": 5}, "x"]]),
        _crafted(["created_at,desc", []]),  # too few values
        _crafted(["created_at,desc", [T.isoformat()] * 300]),  # too many
        _crafted(["created_at,desc", [T.isoformat(), "x"], "extra"]),
        "",
    ],
)
def test_bad_or_foreign_cursor_is_a_400_on_cursor(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        decode_cursor("created_at,desc", cursor, size=2)
    assert info.value.field == "cursor"


@pytest.mark.parametrize(
    "spelling", ["050-1234567", "+972 50 123 4567", "972501234567", "(050) 123-4567"]
)
def test_a_full_phone_in_any_spelling_searches_one_term(spelling: str) -> None:
    assert parse_search(spelling) == ("972501234567", None, ())


def test_partial_numbers_become_e164_prefixes() -> None:
    assert parse_search("050-12") == (None, "+9725012", ())
    assert parse_search("+97250") == (None, "+97250", ())
    assert parse_search("5012") == (None, "+9725012", ())


def test_words_become_name_prefixes_and_single_letters_are_dropped() -> None:
    assert parse_search("Dana Co") == ("dana", None, ("co",))
    assert parse_search("דנה כ ה") == ("דנה", None, ())
    with pytest.raises(ValidationFailed):
        parse_search("a b")


def test_lead_ids_that_are_not_phones_are_not_found() -> None:
    assert lead_id_of("050-1234567") == "+972501234567"
    with pytest.raises(NotFound):
        lead_id_of("voice-v1")


def test_claims_give_business_and_role_and_members_cannot_pick_a_business() -> None:
    claims = {"uid": "u1", "email": "a@b.co", "business_id": "b1", "role": "agent"}
    principal = principal_from_claims(claims, business_header="b2")
    assert (principal.business_id, principal.role) == ("b1", "agent")
    with pytest.raises(Forbidden):
        require_role(principal, frozenset({"owner", "admin"}))
    boss = principal_from_claims({"uid": "root", "role": "superadmin"}, business_header="b2")
    assert boss.business_id == "b2"
    require_role(boss, frozenset({"owner"}))


@pytest.mark.parametrize(
    "claims",
    [{"uid": "u"}, {"uid": "u", "role": "owner"}, {"uid": "u", "business_id": "b", "role": "x"}],
)
def test_a_token_without_a_role_in_a_business_is_forbidden(claims: dict[str, str]) -> None:
    with pytest.raises(Forbidden):
        principal_from_claims(claims, None)


def test_bearer_token_is_required() -> None:
    assert bearer_token("Bearer abc.def") == "abc.def"
    for bad in (None, "", "Basic abc", "Bearer"):
        with pytest.raises(Unauthenticated):
            bearer_token(bad)


def _failing_field(model: type, data: dict[str, object]) -> str:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)  # type: ignore[attr-defined]
    return ".".join(str(p) for p in info.value.errors()[0]["loc"])


def test_schemas_name_the_failing_field() -> None:
    assert _failing_field(LeadUpdate, {"rooms": 2.3}) == "rooms"
    assert _failing_field(LeadUpdate, {"nmae": "typo"}) == "nmae"
    hours = {"hours": {"sun": [{"open": "18:00", "close": "09:00"}]}}
    assert _failing_field(SettingsUpdate, hours) == "hours.sun.0.close"
    assert _failing_field(SettingsUpdate, {"meeting_minutes": 5}) == "meeting_minutes"
    span = {"start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"}
    assert _failing_field(AppointmentRange, span) == "end"
    far = {"start": "9999-12-31T23:00:00-05:00", "end": "2030-01-01T00:00:00Z"}
    assert _failing_field(AppointmentRange, far) == "start"
    assert _failing_field(StatusOrder, {"ids": ["__reserved__"]}) == "ids.0"


def test_prompt_diff_counts_changed_lines() -> None:
    diff = unified_diff("שלום\nאני לאה\n", "שלום\nאני לאה מהמשרד\nתודה\n", "voice-v1", "voice-v2")
    assert (diff.added, diff.removed) == (2, 1)
    assert "-אני לאה\n" in diff.diff and "+תודה\n" in diff.diff
    same = unified_diff("a\n", "a\n", "voice-v1", "voice-v1")
    assert (same.added, same.removed, same.diff) == (0, 0, "")


def test_hebrew_messages_prefer_the_reason_then_the_field() -> None:
    assert message_for(409, "duplicate_lead") == DUPLICATE_LEAD
    assert message_for(400, None, "rooms") == "השדה חדרים אינו תקין"  # never the English code
    assert message_for(404) and message_for(418)
