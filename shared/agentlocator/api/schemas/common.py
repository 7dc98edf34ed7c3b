"""Shapes every part of the API shares."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from agentlocator.api.routing import SAFE_ID_PATTERN, is_safe_id
from agentlocator.text_safety import clean_input

# Ids that may name a Firestore document (see routing._SAFE_ID).


def _not_reserved(value: str) -> str:
    if not is_safe_id(value):
        raise ValueError("not a valid id")
    return value


DocId = Annotated[str, StringConstraints(pattern=SAFE_ID_PATTERN), AfterValidator(_not_reserved)]


def _plausible(value: datetime) -> datetime:
    try:
        utc = value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("time out of range") from exc
    if not 2000 <= utc.year <= 2100:
        raise ValueError("time out of range (years 2000-2100)")
    return utc


_ISO_DATE_START = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_text(value: object) -> object:
    """Only ISO 8601 text: pydantic would also read 1700000000 (or "1700000000") as a Unix
    time, which is how a meeting in 2023 got booked from a number."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE_START.match(value.strip()):
        try:
            return datetime.fromisoformat(value.strip())  # strict mode takes no text
        except ValueError:
            pass
    raise ValueError("expected an ISO 8601 time such as 2026-12-01T10:00:00+02:00")


# A timezone-aware time the calendar can work with (stored as UTC).
When = Annotated[AwareDatetime, BeforeValidator(_iso_text), AfterValidator(_plausible)]
# Free text: spoofing characters go before the length rules see it (agentlocator.text_safety).
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    BeforeValidator(clean_input),
]


# A name typed as a signature: the same cleaning, so an "\u202e" or a zero-width character can
# neither reorder the name on the signed PDF nor make an invisible signature.
TypedName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=120),
    BeforeValidator(clean_input),
]
# A short code (a license, a phone as typed): cleaned, then trimmed, then length-checked.
ShortCode = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40), BeforeValidator(clean_input)
]


class Input(BaseModel):
    """Request bodies: unknown fields are an error (a typo must not be silently dropped), and
    types are strict (validated from the JSON text with ``strict=True``): ``"yes"`` is not a
    boolean, ``"3"`` not a number."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _true_or_false(value: object) -> object:
    """Query strings are text: only ``true`` and ``false`` are booleans ("yes", "1", "on" are not;
    a lax parse would read them as true and widen a query the caller never asked for)."""
    if isinstance(value, str) and value not in ("true", "false"):
        raise ValueError("expected true or false")
    return value == "true" if isinstance(value, str) else value


# A boolean query parameter. Every bool in a ``QueryParams`` model uses it (a unit test checks).
QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]


class QueryParams(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Output(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorOut(Output):
    error: str = Field(description="error kind, e.g. ValidationFailed, NotFound")
    message: str
    message_he: str = Field(description="the sentence to show a person, in Hebrew")
    field: str | None = Field(default=None, description="the failing field (400 only)")
    reason: str | None = None
    existing_id: str | None = None


class Me(Output):
    uid: str
    email: str | None
    role: str
    business_id: str


class Deleted(Output):
    id: str
    moved: int = 0
