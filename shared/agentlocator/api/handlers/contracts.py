"""The office's contracts with its clients: staff create a brokerage agreement for a lead and
get a signing link; the client opens the link (no login: the link is signed) and signs."""

from __future__ import annotations

import base64

from agentlocator.api.auth import PUBLIC, READ
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.billing import SignatureOut
from agentlocator.api.schemas.contracts import (
    BrokerageIn,
    ContractSentOut,
    OfficeContractListOut,
    OfficeContractOut,
    PublicSignIn,
    SigningPageOut,
)
from agentlocator.billing import contracts
from agentlocator.billing.errors import Invalid
from agentlocator.billing.office_contracts import OfficeContract, whatsapp_invitation
from agentlocator.billing.wiring import Billing
from agentlocator.errors import NotFound


def _billing(call: Call) -> Billing:
    billing = call.ctx.services.billing
    if billing is None:
        raise NotFound("contracts are not configured")
    return billing


def _out(contract: OfficeContract) -> OfficeContractOut:
    signature = SignatureOut(**contract.signature.model_dump()) if contract.signature else None
    return OfficeContractOut(**contract.model_dump(exclude={"signature"}), signature=signature)


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


def create_brokerage(call: Call) -> ContractSentOut:
    body = call.body_as(BrokerageIn)
    billing = _billing(call)
    terms = contracts.BrokerageTerms(
        broker_name=body.broker_name, license_number=body.license_number,
        client_name=body.client_name, client_id=body.client_id, client_phone=body.client_phone,
        deal_type=body.deal_type, property_address=body.property_address,
        fee_percent=body.fee_percent, fee_fixed_agorot=body.fee_fixed_agorot,
        exclusivity_days=body.exclusivity_days,
    )  # fmt: skip
    office = _office(call, body, billing)
    contract, token = billing.office_contracts.create_brokerage(
        call.ctx.business_id, office, terms, body.lead_id, call.ctx.principal.uid,
        call.ctx.services.clock.now(),
    )  # fmt: skip
    url = f"{billing.settings.cors_origins[0].rstrip('/')}/sign/{token}"
    return ContractSentOut(
        contract=_out(contract), signing_url=url,
        whatsapp_text=whatsapp_invitation(contract.client_name, office.name, url),
    )  # fmt: skip


def list_contracts(call: Call) -> OfficeContractListOut:
    found = _billing(call).office_contracts.list(call.ctx.business_id)
    return OfficeContractListOut(items=[_out(c) for c in found])


def signing_page(call: Call) -> SigningPageOut:
    contract, pdf = _billing(call).office_contracts.by_token(
        call.path["token"], call.ctx.services.clock.now()
    )
    return SigningPageOut(
        title="הזמנת שירותי תיווך", office_name=contract.office["name"],
        client_name=contract.client_name, status=contract.status,
        pdf_base64=base64.b64encode(pdf).decode(), pdf_sha256=contract.pdf_sha256,
    )  # fmt: skip


def sign_by_link(call: Call) -> OfficeContractOut:
    body = call.body_as(PublicSignIn)
    ctx = call.ctx
    signed = _billing(call).office_contracts.sign(
        call.path["token"], body.typed_name, body.consent, body.pdf_sha256, ctx.client_ip,
        ctx.user_agent, ctx.services.clock.now(),
    )  # fmt: skip
    return _out(signed)


ROUTES = [
    Route("POST", "/contracts", create_brokerage, READ,
          "Create a brokerage agreement for a lead; returns its signing link", "contracts",
          body=BrokerageIn, response=ContractSentOut, status=201),
    Route("GET", "/contracts", list_contracts, READ,
          "The office's contracts and their signing status", "contracts",
          response=OfficeContractListOut),
    Route("GET", "/sign/{token}", signing_page, PUBLIC,
          "Public: the contract a signing link names (the link itself authorizes)", "contracts",
          response=SigningPageOut),
    Route("POST", "/sign/{token}", sign_by_link, PUBLIC,
          "Public: sign with typed name, consent and the SHA-256 shown", "contracts",
          body=PublicSignIn, response=OfficeContractOut, errors=(409,)),
]  # fmt: skip
