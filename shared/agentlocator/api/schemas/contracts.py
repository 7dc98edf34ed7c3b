"""The office's contracts with its clients (brokerage agreements) and the public signing page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from agentlocator.api.schemas.billing import SignatureOut
from agentlocator.api.schemas.common import (
    Input,
    Output,
    QueryParams,
    ShortCode,
    ShortText,
    TypedName,
)
from agentlocator.billing.tax_ids import normalize_business_number
from agentlocator.errors import ValidationFailed
from agentlocator.text_safety import clean_input

Digits = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4,9}$")]


def _office_number(value: str) -> str:
    """Checked here, so a bad number is a 400 on this field before any PDF is drawn."""
    try:
        return normalize_business_number(value, "office_business_number")
    except ValidationFailed as exc:
        raise ValueError(exc.message) from exc


OfficeNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=20),
    BeforeValidator(clean_input),
    AfterValidator(_office_number),
]


class BrokerageIn(Input):
    lead_id: str | None = Field(default=None, description="the lead (E.164 phone) it is for")
    template_id: str | None = Field(
        default=None, description="the office template to use; default: the active one if any"
    )
    broker_name: ShortText | None = Field(default=None, description="default: the template's")
    license_number: Annotated[ShortCode, StringConstraints(max_length=12)] | None = None
    client_name: ShortText
    client_id: Digits | None = Field(
        default=None, description="the client's ת.ז.; none: the client types it when signing"
    )
    client_phone: ShortCode
    deal_type: Literal["buy", "rent", "sell", "let"]
    property_address: ShortText
    fee_percent: Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.\d{1,2})?$")] | None = None
    fee_fixed_agorot: int | None = Field(default=None, ge=1, le=100_000_000)
    exclusivity_days: int = Field(default=0, ge=0, le=365)
    office_business_number: OfficeNumber | None = Field(
        default=None, description="ח.פ / ע.מ; default: the one the office signed up with"
    )
    office_address: ShortText | None = None


class OfficeContractOut(Output):
    id: str
    lead_id: str | None
    kind: str
    template_id: str
    client_name: str
    status: Literal["sent", "opened", "signed", "expired", "cancelled"]
    created_at: datetime
    expires_at: datetime
    pdf_sha256: str
    signature: SignatureOut | None = None
    office_template_id: str | None = None
    office_template_version: int | None = None
    appointment_id: str | None = None
    opened_at: datetime | None = None
    created_by: str


class ContractSentOut(Output):
    contract: OfficeContractOut
    signing_url: str
    whatsapp_text: str = Field(description="Hebrew message with the link, to send the lead")


class OfficeContractListOut(Output):
    items: list[OfficeContractOut]
    next_cursor: str | None = None


class ContractListParams(QueryParams):
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None


class SigningPageOut(Output):
    title: str
    office_name: str
    client_name: str
    status: Literal["sent", "opened", "signed", "expired", "cancelled"]
    needs_client_id: bool = Field(description="the signer must type a ת.ז. to sign")
    pdf_base64: str
    pdf_sha256: str


class PublicSignIn(Input):
    typed_name: TypedName
    consent: bool
    pdf_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]
    client_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = (
        Field(default=None, description="the signer's ת.ז. (checked with its check digit)")
    )
