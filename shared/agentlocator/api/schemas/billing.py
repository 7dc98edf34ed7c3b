"""Plans, sign-up, contract signing, payment and the billing page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from agentlocator.api.schemas.common import Input, Output, ShortText, TypedName

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]
BusinessNumber = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]


class PlanOut(Output):
    id: str
    name_he: str
    net_agorot: int
    vat_agorot: int
    total_agorot: int
    vat_percent: str
    currency: str = "ILS"
    voice_minutes: int
    seats: int


class PlanListOut(Output):
    items: list[PlanOut]


class SignupIn(Input):
    name: ShortText
    business_number: BusinessNumber = Field(description="ח.פ or ע.מ, checked by its check digit")
    address: ShortText
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    plan_id: Literal["basic", "pro", "office"]


class SignatureOut(Output):
    typed_name: str
    signed_at: datetime
    ip: str
    document_sha256: str
    template_id: str


class SignupOut(Output):
    business_id: str
    name: str
    business_number: str
    address: str
    phone: str
    plan_id: str
    status: Literal["started", "signed", "paying", "live"]
    signature: SignatureOut | None = None
    provider: str | None = None


class ContractOut(Output):
    template_id: str
    title: str
    text: str = Field(description="the contract as plain text, logical order")
    pdf_base64: str = Field(description="the exact PDF to sign")
    pdf_sha256: str


class SignIn(Input):
    typed_name: TypedName
    consent: bool
    pdf_sha256: Sha256 = Field(description="the SHA-256 of the PDF the person was shown")


class PaymentIn(Input):
    provider: Literal["paypal", "tranzila"]


class PaymentOut(Output):
    provider: str
    redirect_url: str = Field(description="PayPal approval page, or Tranzila's payment page")


class InvoiceOut(Output):
    number: int
    kind: str
    issued_at: datetime
    description: str
    net_agorot: int
    vat_agorot: int
    total_agorot: int
    refers_to: int | None = None
    pdf_path: str | None = None
    # An invoice-receipt: how much of it credit notes have refunded (0 for a credit note).
    refunded_agorot: int = 0


class PolicyOut(Output):
    leah: str
    app: str
    can_book_meetings: bool


class BillingOut(Output):
    status: str
    status_he: str
    plan: PlanOut
    provider: str
    trial_ends_at: datetime | None
    next_charge_at: datetime | None
    past_due_since: datetime | None
    policy: PolicyOut
    invoices: list[InvoiceOut]
    payment_method_changed_at: datetime | None = None


class HostedFieldsOut(Output):
    """The parameters the page passes to Tranzila's hosted fields (``TzlaHostedFields``)."""

    script_url: str
    terminal_name: str
    thtk: str = Field(description="the handshake that locks the verify amount")
    amount: str
    currency_code: str
    tran_mode: str = Field(description='"V": verify the card, charge nothing')
    tokenize: bool


class PaymentMethodOut(Output):
    provider: str
    change_id: str
    nonce: str | None = Field(
        None, description="Tranzila: sent back with the confirmation (PayPal returns it itself)"
    )
    redirect_url: str | None = Field(None, description="PayPal: the approval page")
    hosted_fields: HostedFieldsOut | None = Field(None, description="Tranzila: the card form")


ChangeId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]


class PaymentMethodConfirmIn(Input):
    change_id: ChangeId
    nonce: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    transaction_index: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,18}$")] | None = Field(
        None, description="Tranzila: the verify transaction's index from the hosted fields"
    )
