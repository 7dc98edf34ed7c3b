"""An office's own contracts with its clients, first the brokerage agreement (הזמנת שירותי
תיווך): created by staff for a lead, signed by the client through a link (no login) that staff
or Leah can send over WhatsApp.

``businesses/{bid}/contracts/{id}``: the terms, the unsigned PDF's SHA-256 and Storage path,
the status (sent → signed) and, once signed, the signature record and the sealed PDF's URI.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

from google.cloud import firestore
from pydantic import BaseModel, ConfigDict

from agentlocator.billing import contracts, pdf, texts_he
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.errors import BadSigningLink, Invalid, Refused
from agentlocator.billing.seal import PlatformSeal
from agentlocator.billing.signing import (
    SignatureRecord,
    make_signature,
    read_signing_token,
    sha256_hex,
    signing_token,
)
from agentlocator.errors import BadSignature, NotFound

ContractStatus = Literal["sent", "signed"]


class OfficeContract(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    business_id: str
    lead_id: str | None
    kind: Literal["brokerage"] = "brokerage"
    template_id: str
    client_name: str
    status: ContractStatus = "sent"
    created_at: datetime
    created_by: str
    expires_at: datetime
    office: dict[str, str]
    terms: dict[str, Any]
    pdf_sha256: str
    pdf_path: str
    signature: SignatureRecord | None = None
    signed_uri: str | None = None


class OfficeContracts:
    def __init__(
        self,
        client: firestore.Client,
        documents: DocumentStore,
        seal: PlatformSeal | None,
        link_secret: str,
        link_days: int,
    ) -> None:
        self._client = client
        self._documents = documents
        self._seal = seal
        self._secret = link_secret
        self._link_days = link_days

    def _ref(self, business_id: str, contract_id: str) -> Any:
        return (
            self._client.collection("businesses")
            .document(business_id)
            .collection("contracts")
            .document(contract_id)
        )

    def create_brokerage(
        self,
        business_id: str,
        office: contracts.Party,
        terms: contracts.BrokerageTerms,
        lead_id: str | None,
        created_by: str,
        now: datetime,
    ) -> tuple[OfficeContract, str]:
        """The contract and its signing token."""
        document = contracts.brokerage_agreement(office, terms, now.date())
        unsigned = pdf.render_contract(document, now)
        contract_id = secrets.token_hex(12)
        path = f"contracts/{business_id}/office/{contract_id}-unsigned.pdf"
        self._documents.put_pdf(path, unsigned)
        record = OfficeContract(
            id=contract_id,
            business_id=business_id,
            lead_id=lead_id,
            template_id=document.template_id,
            client_name=terms.client_name,
            created_at=now,
            created_by=created_by,
            expires_at=now + timedelta(days=self._link_days),
            office={
                "name": office.name,
                "business_number": office.business_number,
                "address": office.address,
            },
            terms=terms.__dict__,
            pdf_sha256=sha256_hex(unsigned),
            pdf_path=path,
        )
        self._ref(business_id, contract_id).create(record.model_dump())
        token = signing_token(self._secret, f"{business_id}:{contract_id}", record.expires_at)
        return record, token

    def list(self, business_id: str) -> list[OfficeContract]:
        collection = self._client.collection("businesses").document(business_id)
        snaps = collection.collection("contracts").stream()
        found = [OfficeContract.model_validate(s.to_dict()) for s in snaps]
        return sorted(found, key=lambda c: c.created_at, reverse=True)

    def by_token(self, token: str, now: datetime) -> tuple[OfficeContract, bytes]:
        """The contract a signing link names and the exact PDF to show."""
        try:
            named = read_signing_token(self._secret, token, now)
        except BadSignature as exc:
            raise BadSigningLink(str(exc)) from exc
        business_id, _, contract_id = named.partition(":")
        snap = self._ref(business_id, contract_id).get()
        if not snap.exists:
            raise NotFound("contract")
        contract = OfficeContract.model_validate(snap.to_dict())
        return contract, self._documents.get(contract.pdf_path)

    def sign(
        self,
        token: str,
        typed_name: str,
        consent: bool,
        shown_sha256: str,
        ip: str,
        user_agent: str,
        now: datetime,
    ) -> OfficeContract:
        contract, unsigned = self.by_token(token, now)
        if contract.status == "signed":
            raise Refused("already_signed", "this contract is already signed")
        if not consent:
            raise Invalid("consent", "consent is required", reason="consent_required")
        if sha256_hex(unsigned) != shown_sha256.lower():
            raise Invalid("pdf_sha256", "the contract changed", reason="contract_changed")
        record = make_signature(
            typed_name=typed_name,
            consent=consent,
            shown_sha256=shown_sha256,
            actual_pdf=unsigned,
            at=now,
            ip=ip,
            user_agent=user_agent,
            template_id=contract.template_id,
        )
        office = contracts.Party(**contract.office)
        document = contracts.brokerage_agreement(
            office, contracts.BrokerageTerms(**contract.terms), contract.created_at.date()
        )
        block = pdf.SignatureBlock(
            record.typed_name, record.shown_time, record.ip, record.document_sha256
        )
        signed = pdf.render_contract(document, contract.created_at, block)
        if self._seal is not None:
            signed = self._seal.seal(signed)
        # One object per signature attempt (named by its content): two racing signers must not
        # overwrite each other's PDF, or the winner's record could point at the loser's name.
        content = sha256_hex(signed)[:16]
        path = f"contracts/{contract.business_id}/office/{contract.id}-signed-{content}.pdf"
        uri = self._documents.put_pdf(path, signed)
        ref = self._ref(contract.business_id, contract.id)

        @firestore.transactional
        def mark(transaction: firestore.Transaction) -> bool:
            current = ref.get(transaction=transaction)
            if current.get("status") == "signed":
                return False
            transaction.update(
                ref, {"status": "signed", "signature": record.model_dump(), "signed_uri": uri}
            )
            return True

        if not mark(self._client.transaction()):
            raise Refused("already_signed", "this contract is already signed")
        return contract.model_copy(
            update={"status": "signed", "signature": record, "signed_uri": uri}
        )


def whatsapp_invitation(client_name: str, office_name: str, url: str) -> str:
    return texts_he.SIGNING_INVITATION.format(client=client_name, office=office_name, url=url)
