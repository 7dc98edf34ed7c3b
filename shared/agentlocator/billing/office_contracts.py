"""An office's own contracts with its clients, first the brokerage agreement (הזמנת שירותי
תיווך): created by staff for a lead, signed by the client through a link (no login) that staff
or Leah can send over WhatsApp.

``businesses/{bid}/contracts/{id}``: the terms, the exact words rendered (``document``), the
template id + version they came from, the unsigned PDF's SHA-256 and Storage path, the status
(sent → opened → signed, or cancelled; "expired" is a sent/opened one past its link's expiry)
and, once signed, the signature record and the sealed PDF's URI. The signed copy is rendered
from the stored words, so a later template version never changes a sent agreement.
"""

from __future__ import annotations

import builtins
import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore
from pydantic import BaseModel, ConfigDict

from agentlocator.billing import contracts, pdf, texts_he
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.errors import BadSigningLink, Invalid, Refused
from agentlocator.billing.office_templates import TemplateVersion
from agentlocator.billing.seal import PlatformSeal
from agentlocator.billing.signing import (
    SignatureRecord,
    make_signature,
    read_signing_token,
    sha256_hex,
    signing_token,
)
from agentlocator.billing.tax_ids import normalize_person_id
from agentlocator.crm.paging import newest_first
from agentlocator.errors import BadSignature, NotFound

ContractStatus = Literal["sent", "opened", "signed", "cancelled"]
# What staff see: a sent or opened agreement whose link has run out is "expired".
ShownStatus = Literal["sent", "opened", "signed", "expired", "cancelled"]
OPEN_STATUSES = ("sent", "opened")


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
    # The office template (id + version) it was rendered from; None: the built-in one.
    office_template_id: str | None = None
    office_template_version: int | None = None
    document: dict[str, Any] | None = None  # the rendered words (ContractDocument.as_record)
    appointment_id: str | None = None  # the viewing Leah booked, when she sent it
    opened_at: datetime | None = None
    cancelled_at: datetime | None = None
    resent_count: int = 0

    def shown_status(self, now: datetime) -> ShownStatus:
        if self.status in OPEN_STATUSES and now >= self.expires_at:
            return "expired"
        return self.status

    @property
    def needs_client_id(self) -> bool:
        return not self.terms.get("client_id")

    def words(self) -> contracts.ContractDocument:
        if self.document is not None:
            return contracts.ContractDocument.from_record(self.document)
        # written before the words were kept: the built-in template they came from
        version = int(self.template_id.rsplit("-v", 1)[1])
        return contracts.brokerage_agreement(
            contracts.Party(**self.office), _terms(self.terms), self.created_at.date(), version
        )


def _terms(stored: dict[str, Any]) -> contracts.BrokerageTerms:
    values = dict(stored)
    values["extra_clauses"] = tuple(values.get("extra_clauses") or ())
    return contracts.BrokerageTerms(**values)


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
        template: TemplateVersion | None = None,
        appointment_id: str | None = None,
    ) -> tuple[OfficeContract, str]:
        """The contract and its signing token. With an ``appointment_id`` the id is derived
        from it and created with a precondition: a second call for the same viewing returns
        the first contract (and a fresh token for it)."""
        document = contracts.brokerage_agreement(office, terms, now.date())
        contract_id = f"viewing-{appointment_id}" if appointment_id else secrets.token_hex(12)
        if appointment_id:
            existing = self._ref(business_id, contract_id).get()
            if existing.exists:
                return self._existing(existing.to_dict())
        unsigned = pdf.render_contract(document, now)
        path = f"contracts/{business_id}/office/{contract_id}-unsigned.pdf"
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
            terms={**terms.__dict__, "extra_clauses": list(terms.extra_clauses)},
            pdf_sha256=sha256_hex(unsigned),
            pdf_path=path,
            office_template_id=template.template_id if template else None,
            office_template_version=template.version if template else None,
            document=document.as_record(),
            appointment_id=appointment_id,
        )
        try:
            self._ref(business_id, contract_id).create(record.model_dump())
        except AlreadyExists:  # the same viewing, processed twice at once: the first one wins
            return self._existing(self._ref(business_id, contract_id).get().to_dict())
        # the PDF after the record: a loser of the race above never overwrites the winner's
        self._documents.put_pdf(path, unsigned)
        return record, self._token(record)

    def _existing(self, data: dict[str, Any] | None) -> tuple[OfficeContract, str]:
        record = OfficeContract.model_validate(data)
        return record, self._token(record)

    def _token(self, contract: OfficeContract) -> str:
        named = f"{contract.business_id}:{contract.id}"
        return signing_token(self._secret, named, contract.expires_at)

    def get(self, business_id: str, contract_id: str) -> OfficeContract:
        snap = self._ref(business_id, contract_id).get()
        if not snap.exists:
            raise NotFound("contract")
        return OfficeContract.model_validate(snap.to_dict())

    def list(self, business_id: str) -> list[OfficeContract]:
        return self.page(business_id, 1000, None)

    def page(
        self, business_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> builtins.list[OfficeContract]:
        """Newest first, ``limit`` at a time after the (created_at, id) of the last one."""
        rows = self._client.collection("businesses").document(business_id)
        found = newest_first(rows.collection("contracts"), limit, after)
        return [OfficeContract.model_validate(row) for row in found]

    def resend(
        self, business_id: str, contract_id: str, now: datetime
    ) -> tuple[OfficeContract, str]:
        """A new link with a new expiry (the old link stops working); unsigned ones only."""
        ref = self._ref(business_id, contract_id)
        expires_at = now + timedelta(days=self._link_days)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> OfficeContract:
            snap = ref.get(transaction=transaction)
            if not snap.exists:
                raise NotFound("contract")
            contract = OfficeContract.model_validate(snap.to_dict())
            if contract.status not in OPEN_STATUSES:
                raise Refused("contract_closed", "signed or cancelled")
            changes = {"expires_at": expires_at, "resent_count": contract.resent_count + 1}
            transaction.update(ref, changes)
            return contract.model_copy(update=changes)

        renewed: OfficeContract = run(self._client.transaction())
        return renewed, self._token(renewed)

    def cancel(self, business_id: str, contract_id: str, now: datetime) -> OfficeContract:
        ref = self._ref(business_id, contract_id)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> OfficeContract:
            snap = ref.get(transaction=transaction)
            if not snap.exists:
                raise NotFound("contract")
            contract = OfficeContract.model_validate(snap.to_dict())
            if contract.status not in OPEN_STATUSES:
                raise Refused("contract_closed", "signed or cancelled")
            changes = {"status": "cancelled", "cancelled_at": now}
            transaction.update(ref, changes)
            return contract.model_copy(update=changes)

        cancelled: OfficeContract = run(self._client.transaction())
        return cancelled

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
        if token.split(".")[1] != str(int(contract.expires_at.timestamp())):
            raise BadSigningLink("a newer link was sent for this contract")
        if contract.status == "cancelled":
            raise Refused("contract_cancelled", "the office cancelled this contract")
        return contract, self._documents.get(contract.pdf_path)

    def open_by_token(self, token: str, now: datetime) -> tuple[OfficeContract, bytes]:
        """``by_token`` for the client's page: the first opening is recorded (sent → opened)."""
        contract, unsigned = self.by_token(token, now)
        if contract.status != "sent":
            return contract, unsigned
        ref = self._ref(contract.business_id, contract.id)

        @firestore.transactional
        def mark(transaction: firestore.Transaction) -> None:
            if ref.get(transaction=transaction).get("status") == "sent":  # not signed meanwhile
                transaction.update(ref, {"status": "opened", "opened_at": now})

        mark(self._client.transaction())
        return contract.model_copy(update={"status": "opened", "opened_at": now}), unsigned

    def sign(
        self,
        token: str,
        typed_name: str,
        consent: bool,
        shown_sha256: str,
        ip: str,
        user_agent: str,
        now: datetime,
        client_id: str | None = None,
    ) -> OfficeContract:
        contract, unsigned = self.by_token(token, now)
        if contract.status == "signed":
            raise Refused("already_signed", "this contract is already signed")
        if not consent:
            raise Invalid("consent", "consent is required", reason="consent_required")
        signer_id: str | None = None
        if contract.needs_client_id:  # the agreement was sent before the client gave it
            if not (client_id or "").strip():
                raise Invalid("client_id", "the identity number is required",
                              reason="client_id_required")  # fmt: skip
            signer_id = normalize_person_id(client_id or "")
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
        if signer_id is not None:
            record = record.model_copy(update={"client_id": signer_id})
        block = pdf.SignatureBlock(
            record.typed_name, record.shown_time, record.ip, record.document_sha256, signer_id
        )
        signed = pdf.render_contract(contract.words(), contract.created_at, block)
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
            if current.get("status") in ("signed", "cancelled"):
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
