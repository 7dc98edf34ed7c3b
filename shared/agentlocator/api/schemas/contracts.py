"""The office's contracts with its clients (brokerage agreements) and the public signing page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from agentlocator.api.schemas.billing import SignatureOut
from agentlocator.api.schemas.common import Input, Output, ShortText

Digits = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4,9}$")]


class BrokerageIn(Input):
    lead_id: str | None = Field(default=None, description="the lead (E.164 phone) it is for")
    broker_name: ShortText
    license_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=12)]
    client_name: ShortText
    client_id: Digits = Field(description="the client's ת.ז.")
    client_phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    deal_type: Literal["buy", "rent", "sell", "let"]
    property_address: ShortText
    fee_percent: Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.\d{1,2})?$")] | None = None
    fee_fixed_agorot: int | None = Field(default=None, ge=1, le=100_000_000)
    exclusivity_days: int = Field(default=0, ge=0, le=365)
    office_business_number: str | None = Field(
        default=None, description="ח.פ / ע.מ; default: the one the office signed up with"
    )
    office_address: str | None = Field(default=None, max_length=200)


class OfficeContractOut(Output):
    id: str
    lead_id: str | None
    kind: str
    template_id: str
    client_name: str
    status: Literal["sent", "signed"]
    created_at: datetime
    expires_at: datetime
    pdf_sha256: str
    signature: SignatureOut | None = None


class ContractSentOut(Output):
    contract: OfficeContractOut
    signing_url: str
    whatsapp_text: str = Field(description="Hebrew message with the link, to send the lead")


class OfficeContractListOut(Output):
    items: list[OfficeContractOut]


class SigningPageOut(Output):
    title: str
    office_name: str
    client_name: str
    status: Literal["sent", "signed"]
    pdf_base64: str
    pdf_sha256: str


class PublicSignIn(Input):
    typed_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)
    ]
    consent: bool
    pdf_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]
