"""CSV import of leads: a preview (per-row Hebrew errors, duplicates by phone), then commit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints

from agentlocator.api.schemas.common import Input, Output

MAX_CSV_CHARS = 200_000


class LeadImport(Input):
    csv: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CSV_CHARS)] = Field(
        description=(
            "the file's text; a header row names the columns, in Hebrew or English "
            "(טלפון/phone, שם/name, עיר/city, חדרים/rooms, תקציב/budget, אימייל/email, "
            "תגיות/tags …)"
        )
    )
    update_existing: StrictBool = Field(
        default=False, description="fill in leads whose phone already exists (default: skip them)"
    )


class RowError(Output):
    field: str = Field(description="the column, as the file named it")
    message_he: str


class ImportRowOut(Output):
    row: int = Field(description="line number in the file (the header is line 1)")
    phone: str | None = Field(description="E.164, when the phone is readable")
    name: str | None
    action: Literal["create", "update", "skip", "error"]
    reason: Literal["exists", "repeated_in_file"] | None = None
    errors: list[RowError]


class ImportCounts(Output):
    create: int
    update: int
    skip: int
    error: int


class ImportPreviewOut(Output):
    columns: dict[str, str | None] = Field(
        description="each column of the file → the lead field it fills (null: ignored)"
    )
    counts: ImportCounts
    rows: list[ImportRowOut]


class ImportResultOut(Output):
    counts: ImportCounts
    rows: list[ImportRowOut]
