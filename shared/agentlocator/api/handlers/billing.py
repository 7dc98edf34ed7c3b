"""Plans, sign-up → contract → payment, and the office's billing page.

Sign-up routes take any verified token (``SIGNED_IN``): the person has no business yet; they
act only on their own sign-up (keyed by their uid).
"""

from __future__ import annotations

import base64
import re

from agentlocator.api.auth import OWNERS, PUBLIC, SIGNED_IN
from agentlocator.api.http import FileOut
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.billing import (
    BillingOut,
    ContractOut,
    HostedFieldsOut,
    InvoiceOut,
    PaymentIn,
    PaymentMethodConfirmIn,
    PaymentMethodOut,
    PaymentOut,
    PlanListOut,
    PlanOut,
    PolicyOut,
    SignatureOut,
    SignIn,
    SignupIn,
    SignupOut,
)
from agentlocator.billing import texts_he
from agentlocator.billing.errors import BadInvoiceLink
from agentlocator.billing.invoice_links import read_invoice_link_token
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.onboarding import Signup, SignupForm
from agentlocator.billing.plans import PLANS, Plan
from agentlocator.billing.signing import sha256_hex
from agentlocator.billing.state import service_policy
from agentlocator.billing.wiring import Billing
from agentlocator.errors import BadSignature, NotFound, ValidationFailed

# An invoice number as shown on the PDF: 1 to 8 digits, no sign, no leading zero.
_INVOICE_NUMBER = re.compile(r"^[1-9][0-9]{0,7}$")


def _billing(call: Call) -> Billing:
    billing = call.ctx.services.billing
    if billing is None:
        raise NotFound("billing is not configured")
    return billing


def _plan_out(plan: Plan, billing: Billing) -> PlanOut:
    vat = billing.settings.billing_vat_percent
    price = plan.price(vat)
    return PlanOut(
        id=plan.id,
        name_he=plan.name_he,
        net_agorot=price.net_agorot,
        vat_agorot=price.vat_agorot,
        total_agorot=price.total_agorot,
        vat_percent=f"{vat.normalize():f}",
        voice_minutes=plan.voice_minutes,
        seats=plan.seats,
    )


def _signup_out(signup: Signup) -> SignupOut:
    data = signup.model_dump(exclude={"signature"})
    signature = SignatureOut(**signup.signature.model_dump()) if signup.signature else None
    return SignupOut(**data, signature=signature)


def list_plans(call: Call) -> PlanListOut:
    billing = _billing(call)
    return PlanListOut(items=[_plan_out(plan, billing) for plan in PLANS.values()])


def start_signup(call: Call) -> SignupOut:
    body = call.body_as(SignupIn)
    principal = call.ctx.principal
    form = SignupForm(body.name, body.business_number, body.address, body.phone, body.plan_id)
    now = call.ctx.services.clock.now()
    return _signup_out(_billing(call).onboarding.start(principal.uid, principal.email, form, now))


def get_signup(call: Call) -> SignupOut:
    return _signup_out(_billing(call).onboarding.get(call.ctx.principal.uid))


def get_contract(call: Call) -> ContractOut:
    onboarding = _billing(call).onboarding
    document, pdf = onboarding.contract(onboarding.get(call.ctx.principal.uid))
    return ContractOut(
        template_id=document.template_id,
        title=document.title,
        text=document.plain_text(),
        pdf_base64=base64.b64encode(pdf).decode(),
        pdf_sha256=sha256_hex(pdf),
    )


def sign_contract(call: Call) -> SignupOut:
    body = call.body_as(SignIn)
    billing = _billing(call)
    ctx = call.ctx
    signup, signed_pdf = billing.onboarding.sign(
        ctx.principal.uid, body.typed_name, body.consent, body.pdf_sha256,
        ctx.client_ip, ctx.user_agent, ctx.services.clock.now(),
    )  # fmt: skip
    if billing.seal is not None:
        signed_pdf = billing.seal.seal(signed_pdf)
    assert signup.signature is not None
    path = (
        f"contracts/{signup.business_id}/{signup.contract_template_id}-"
        f"{signup.signature.document_sha256[:16]}.pdf"
    )
    uri = billing.documents.put_pdf(path, signed_pdf)
    billing.onboarding.store_contract_uri(signup.uid, uri)
    return _signup_out(signup.model_copy(update={"signed_contract_uri": uri}))


def start_payment(call: Call) -> PaymentOut:
    body = call.body_as(PaymentIn)
    payments = _billing(call).payments
    now = call.ctx.services.clock.now()
    uid = call.ctx.principal.uid
    if body.provider == "paypal":
        url = payments.start_paypal(uid, now)
    else:
        url = payments.start_tranzila(uid, now)
    return PaymentOut(provider=body.provider, redirect_url=url)


def _billing_out(call: Call) -> BillingOut:
    billing = _billing(call)
    account = billing.payments.accounts.get(call.ctx.business_id)
    if account is None:
        raise NotFound("no billing account")
    invoices = billing.payments.invoices.for_business(call.ctx.business_id)
    policy = service_policy(account.status)
    return BillingOut(
        status=account.status.value,
        status_he=texts_he.STATUS_LABELS[account.status.value],
        plan=_plan_out(PLANS[account.plan_id], billing),
        provider=account.provider,
        trial_ends_at=account.trial_ends_at,
        next_charge_at=account.current_period_end or account.trial_ends_at,
        past_due_since=account.past_due_since,
        policy=PolicyOut(
            leah=policy.leah, app=policy.app, can_book_meetings=policy.can_book_meetings
        ),
        invoices=[InvoiceOut(**i.model_dump(), total_agorot=i.total_agorot) for i in invoices],
        payment_method_changed_at=account.payment_method_changed_at,
    )


def get_billing(call: Call) -> BillingOut:
    return _billing_out(call)


def cancel_subscription(call: Call) -> BillingOut:
    billing = _billing(call)
    billing.payments.cancel(call.ctx.business_id, call.ctx.services.clock.now())
    return _billing_out(call)


def start_payment_method_change(call: Call) -> PaymentMethodOut:
    """Where the owner changes the card: PayPal's approval page, or Tranzila's hosted fields
    on the billing page itself."""
    ctx = call.ctx
    started = _billing(call).payment_method.start(
        ctx.business_id, ctx.principal.uid, ctx.services.clock.now()
    )
    fields = started.hosted_fields
    return PaymentMethodOut(
        provider=started.provider,
        change_id=started.change_id,
        nonce=started.nonce,
        redirect_url=started.redirect_url,
        hosted_fields=HostedFieldsOut(**vars(fields)) if fields else None,
    )


def confirm_payment_method_change(call: Call) -> BillingOut:
    """The owner is back (PayPal) or the hosted fields answered (Tranzila): the provider is
    asked again, and the change is recorded once."""
    body = call.body_as(PaymentMethodConfirmIn)
    ctx = call.ctx
    _billing(call).payment_method.confirm(
        ctx.business_id, body.change_id, body.nonce, body.transaction_index,
        ctx.services.clock.now(),
    )  # fmt: skip
    return _billing_out(call)


def invoice_pdf(call: Call) -> FileOut:
    """The kept PDF of one of the caller's own invoices. Another office's number answers 404,
    the same as a number never issued: nothing tells one tenant what another was invoiced."""
    raw = call.path["number"]
    if not _INVOICE_NUMBER.match(raw):
        raise ValidationFailed("invoice_number", f"not an invoice number: {raw!r}")
    billing = _billing(call)
    invoice = billing.payments.invoices.get(int(raw))
    if invoice.business_id != call.ctx.business_id:
        raise NotFound("no such invoice")
    return _pdf_of(billing, invoice)


def invoice_file(call: Call) -> FileOut:
    """The PDF behind a download link texted to the owner: no login, the signed token is the
    key; a forged, altered or expired token answers 403."""
    billing = _billing(call)
    now = call.ctx.services.clock.now()
    try:
        document_id = read_invoice_link_token(
            billing.settings.signing_link_secret, call.path["token"], now
        )
    except BadSignature as exc:
        raise BadInvoiceLink(str(exc)) from exc
    issuer_id, _, number = document_id.rpartition("-")
    invoices = billing.payments.invoices
    if issuer_id != invoices.issuer_id or not number.isdigit():
        raise BadInvoiceLink("not an invoice of this issuer")
    return _pdf_of(billing, invoices.get(int(number)))


def _pdf_of(billing: Billing, invoice: Invoice) -> FileOut:
    if invoice.pdf_path is None:
        raise NotFound("invoice has no PDF yet")
    kind = "credit-note" if invoice.kind == "credit_note" else "invoice"
    filename = f"{kind}-{invoice.number:08d}.pdf"
    return FileOut(billing.documents.get(invoice.pdf_path), "application/pdf", filename)


ROUTES = [
    Route("GET", "/billing/plans", list_plans, SIGNED_IN, "Monthly plans with VAT", "billing",
          response=PlanListOut),
    Route("POST", "/signup", start_signup, SIGNED_IN,
          "Start (or correct) the sign-up: business details and plan", "billing",
          body=SignupIn, response=SignupOut, status=201, errors=(409,)),
    Route("GET", "/signup", get_signup, SIGNED_IN, "The caller's sign-up", "billing",
          response=SignupOut, errors=(409,)),
    Route("GET", "/signup/contract", get_contract, SIGNED_IN,
          "The service contract to read and sign (PDF and its SHA-256)", "billing",
          response=ContractOut, errors=(409,)),
    Route("POST", "/signup/contract/sign", sign_contract, SIGNED_IN,
          "Sign the contract: typed name, consent and the SHA-256 of the PDF shown", "billing",
          body=SignIn, response=SignupOut, errors=(409,)),
    Route("POST", "/signup/payment", start_payment, SIGNED_IN,
          "Start paying with PayPal or Tranzila: where to send the person", "billing",
          body=PaymentIn, response=PaymentOut, errors=(409, 502)),
    Route("GET", "/billing", get_billing, OWNERS,
          "Billing state, next charge, what Leah does now, invoices", "billing",
          response=BillingOut),
    Route("POST", "/billing/cancel", cancel_subscription, OWNERS,
          "Cancel the subscription", "billing", response=BillingOut, errors=(409, 502)),
    Route("POST", "/billing/payment-method", start_payment_method_change, OWNERS,
          "Change the card: PayPal's approval page or Tranzila's hosted fields", "billing",
          response=PaymentMethodOut, errors=(409, 502)),
    Route("POST", "/billing/payment-method/confirm", confirm_payment_method_change, OWNERS,
          "Confirm a change of card after the provider's page (verified with the provider)",
          "billing", body=PaymentMethodConfirmIn, response=BillingOut, errors=(403, 409, 502)),
    Route("GET", "/billing/invoices/{number}/pdf", invoice_pdf, OWNERS,
          "The PDF of one of the office's invoices or credit notes", "billing",
          media_type="application/pdf"),
    Route("GET", "/invoice-files/{token}", invoice_file, PUBLIC,
          "An invoice PDF by the signed, expiring link texted to the owner", "billing",
          media_type="application/pdf"),
]  # fmt: skip
