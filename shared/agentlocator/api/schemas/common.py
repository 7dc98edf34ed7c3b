"""Shapes every part of the API shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from agentlocator.api.routing import SAFE_ID_PATTERN, is_safe_id

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


# A timezone-aware time the calendar can work with (stored as UTC).
When = Annotated[AwareDatetime, AfterValidator(_plausible)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Input(BaseModel):
    """Request bodies: unknown fields are an error (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid")


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
