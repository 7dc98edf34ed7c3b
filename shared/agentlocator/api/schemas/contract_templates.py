"""The office's own contract templates (versioned) and its contract settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints

from agentlocator.api.schemas.common import Input, Output, QueryParams

Text = Annotated[str, StringConstraints(max_length=1000)]


class TemplateIn(Input):
    """Checked field by field with Hebrew messages (``billing.office_templates``)."""

    name: Text = Field(description="how staff know the template, e.g. הזמנת תיווך — קנייה")
    broker_name: Text
    license_number: Text = Field(description="the broker's license number, 4-8 digits")
    office_business_number: Text = Field(description="ח.פ / ע.מ printed on the agreement")
    office_address: Text
    deal_type: Literal["buy", "rent", "sell", "let"] = "buy"
    fee_percent: Text | None = Field(default=None, description="0.1-10; or fee_fixed_agorot")
    fee_fixed_agorot: int | None = Field(default=None, description="100-100,000,000 agorot")
    fee_terms: Text = Field(default="", description="payment terms, up to 300 characters")
    exclusivity_days: int = Field(default=0, description="0-365")
    extra_clauses: list[Text] = Field(
        default_factory=list, max_length=50, description="up to 10 clauses of 5-600 characters"
    )


class TemplateDefaultsOut(Output):
    name: str
    broker_name: str
    license_number: str
    office_business_number: str
    office_address: str
    deal_type: str
    fee_percent: str | None
    fee_fixed_agorot: int | None
    fee_terms: str
    exclusivity_days: int
    extra_clauses: list[str]


class TemplateVersionOut(Output):
    template_id: str
    version: int
    defaults: TemplateDefaultsOut
    created_at: datetime
    created_by: str
    active: bool


class TemplateOut(Output):
    id: str
    name: str
    kind: str
    latest_version: int
    active_version: int | None = Field(description="the version new agreements use, if any")
    created_at: datetime
    updated_at: datetime


class TemplatePageOut(Output):
    items: list[TemplateOut]
    next_cursor: str | None


class PageParams(QueryParams):
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class ActivateIn(Input):
    version: int = Field(ge=1, le=100_000)


class ContractSettingsIn(Input):
    send_after_booking: StrictBool


class ContractSettingsOut(Output):
    send_after_booking: bool
    active_template_id: str | None
    active_version: int | None
