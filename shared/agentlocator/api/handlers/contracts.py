"""The office's contracts with its clients: staff create a brokerage agreement for a lead
(from the office's active template, or the built-in one with every field typed) and get a
signing link; they see each agreement's status, resend its link or cancel it; the client opens
the link (no login: the link is signed), types the ת.ז. if the agreement has none, and signs."""

from __future__ import annotations

import base64
from datetime import datetime

from agentlocator.api.auth import MANAGE, PUBLIC, READ
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.routing import Call, Route, is_safe_id
from agentlocator.api.schemas.billing import SignatureOut
from agentlocator.api.schemas.contracts import (
    BrokerageIn,
    ContractListParams,
    ContractSentOut,
    OfficeContractListOut,
    OfficeContractOut,
    PublicSignIn,
    SigningPageOut,
)
from agentlocator.billing import contracts, office_templates
from agentlocator.billing.errors import Invalid
from agentlocator.billing.office_contracts import OfficeContract, whatsapp_invitation
from agentlocator.billing.office_templates import TemplateVersion
from agentlocator.billing.wiring import Billing
from agentlocator.errors import NotFound, ValidationFailed

_ORDERING = "contracts,created_at,desc"


def _billing(call: Call) -> Billing:
    billing = call.ctx.services.billing
    if billing is None:
        raise NotFound("contracts are not configured")
    return billing


def _out(contract: OfficeContract, now: datetime) -> OfficeContractOut:
    signature = SignatureOut(**contract.signature.model_dump()) if contract.signature else None
    return OfficeContractOut(**contract.model_dump(exclude={"signature", "status"}),
                             status=contract.shown_status(now), signature=signature)  # fmt: skip


def _office(call: Call, body: BrokerageIn, billing: Billing) -> contracts.Party:
    business = call.ctx.services.repos.businesses.get(call.ctx.business_id)
    number, address = body.office_business_number, body.office_address
    account = billing.payments.accounts.get(call.ctx.business_id)
    if (not number or not address) and account is not None and account.owner_uid:
        signup = billing.onboarding.get(account.owner_uid)
        number, address = number or signup.business_number, address or signup.address
    if not number or not address:
        raise Invalid("office_business_number", "the office's details are needed",
                      reason="office_details")  # fmt: skip
    return contracts.Party(business.name, number, address)


def _template(call: Call, body: BrokerageIn, billing: Billing) -> TemplateVersion | None:
    """The template this agreement comes from: the one named, else the active one, else none
    (the built-in agreement, every field typed)."""
    store = billing.templates
    if body.template_id is None:
        return store.active(call.ctx.business_id)
    if not is_safe_id(body.template_id):
        raise ValidationFailed("template_id", "not a template of this office")
    try:
        template = store.get(call.ctx.business_id, body.template_id)
    except NotFound:
        raise ValidationFailed("template_id", "not a template of this office") from None
    settings = store.settings(call.ctx.business_id)
    number = settings.active_version if settings.active_template_id == template.id else None
    return store.version(call.ctx.business_id, template.id, number or template.latest_version)


def _terms(body: BrokerageIn, template: TemplateVersion | None) -> contracts.BrokerageTerms:
    if template is not None:
        terms = office_templates.terms_for(
            template.defaults, client_name=body.client_name, client_phone=body.client_phone,
            property_address=body.property_address, client_id=body.client_id or "",
            deal_type=body.deal_type,
        )  # fmt: skip
        # typed on the form wins over the template's default for this one agreement
        changes = {k: v for k, v in (("broker_name", body.broker_name),
                                     ("license_number", body.license_number)) if v}  # fmt: skip
        return contracts.BrokerageTerms(**{**terms.__dict__, **changes})
    if not body.broker_name:
        raise ValidationFailed("broker_name", "the broker's name is required")
    if not body.license_number:
        raise Invalid("license_number", "required", reason="license_format")
    return contracts.BrokerageTerms(
        broker_name=body.broker_name, license_number=body.license_number,
        client_name=body.client_name, client_id=body.client_id or "",
        client_phone=body.client_phone, deal_type=body.deal_type,
        property_address=body.property_address, fee_percent=body.fee_percent,
        fee_fixed_agorot=body.fee_fixed_agorot, exclusivity_days=body.exclusivity_days,
    )  # fmt: skip


def _link(billing: Billing, contract: OfficeContract, token: str, office: str,
          now: datetime) -> ContractSentOut:  # fmt: skip
    url = f"{billing.settings.cors_origins[0].rstrip('/')}/sign/{token}"
    return ContractSentOut(
        contract=_out(contract, now), signing_url=url,
        whatsapp_text=whatsapp_invitation(contract.client_name, office, url),
    )  # fmt: skip


def create_brokerage(call: Call) -> ContractSentOut:
    body = call.body_as(BrokerageIn)
    billing = _billing(call)
    template = _template(call, body, billing)
    terms = _terms(body, template)
    if template is not None and not (body.office_business_number and body.office_address):
        business = call.ctx.services.repos.businesses.get(call.ctx.business_id)
        office = office_templates.office_party(template.defaults, business.name)
    else:
        office = _office(call, body, billing)
    now = call.ctx.services.clock.now()
    contract, token = billing.office_contracts.create_brokerage(
        call.ctx.business_id, office, terms, body.lead_id, call.ctx.principal.uid, now,
        template=template,
    )  # fmt: skip
    return _link(billing, contract, token, office.name, now)


def list_contracts(call: Call) -> OfficeContractListOut:
    params = call.query_as(ContractListParams)
    after: tuple[datetime, str] | None = None
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor, size=2)
        if not (isinstance(values[0], datetime) and isinstance(values[1], str)
                and is_safe_id(values[1])):  # fmt: skip
            raise ValidationFailed("cursor", "not a cursor of this list")
        after = (values[0], values[1])
    found = _billing(call).office_contracts.page(call.ctx.business_id, params.limit + 1, after)
    page = found[: params.limit]
    more = len(found) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].created_at, page[-1].id]) if more else None
    now = call.ctx.services.clock.now()
    return OfficeContractListOut(items=[_out(c, now) for c in page], next_cursor=next_cursor)


def resend_contract(call: Call) -> ContractSentOut:
    billing = _billing(call)
    now = call.ctx.services.clock.now()
    contract, token = billing.office_contracts.resend(
        call.ctx.business_id, call.path["contract_id"], now
    )
    return _link(billing, contract, token, contract.office["name"], now)


def cancel_contract(call: Call) -> OfficeContractOut:
    now = call.ctx.services.clock.now()
    cancelled = _billing(call).office_contracts.cancel(
        call.ctx.business_id, call.path["contract_id"], now
    )
    return _out(cancelled, now)


def signing_page(call: Call) -> SigningPageOut:
    now = call.ctx.services.clock.now()
    contract, pdf = _billing(call).office_contracts.open_by_token(call.path["token"], now)
    return SigningPageOut(
        title="הזמנת שירותי תיווך", office_name=contract.office["name"],
        client_name=contract.client_name, status=contract.shown_status(now),
        needs_client_id=contract.needs_client_id,
        pdf_base64=base64.b64encode(pdf).decode(), pdf_sha256=contract.pdf_sha256,
    )  # fmt: skip


def sign_by_link(call: Call) -> OfficeContractOut:
    body = call.body_as(PublicSignIn)
    ctx = call.ctx
    now = ctx.services.clock.now()
    signed = _billing(call).office_contracts.sign(
        call.path["token"], body.typed_name, body.consent, body.pdf_sha256, ctx.client_ip,
        ctx.user_agent, now, client_id=body.client_id,
    )  # fmt: skip
    return _out(signed, now)


ROUTES = [
    Route("POST", "/contracts", create_brokerage, READ,
          "Create a brokerage agreement for a lead; returns its signing link", "contracts",
          body=BrokerageIn, response=ContractSentOut, status=201),
    Route("GET", "/contracts", list_contracts, READ,
          "The office's contracts, newest first, with their signing status (cursor pages)",
          "contracts", query=ContractListParams, response=OfficeContractListOut),
    Route("POST", "/contracts/{contract_id}/resend", resend_contract, READ,
          "A new signing link with a new expiry (the old link stops working)", "contracts",
          response=ContractSentOut, errors=(409,)),
    Route("POST", "/contracts/{contract_id}/cancel", cancel_contract, MANAGE,
          "Cancel an unsigned agreement (its link stops working)", "contracts",
          response=OfficeContractOut, errors=(409,)),
    Route("GET", "/sign/{token}", signing_page, PUBLIC,
          "Public: the contract a signing link names (the link itself authorizes)", "contracts",
          response=SigningPageOut, errors=(409,)),
    Route("POST", "/sign/{token}", sign_by_link, PUBLIC,
          "Public: sign with typed name, consent, the SHA-256 shown (and the ת.ז. if asked)",
          "contracts", body=PublicSignIn, response=OfficeContractOut, errors=(409,)),
]  # fmt: skip
