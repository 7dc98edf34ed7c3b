"""E-signature records and signing links (pure).

A signature binds a person to the exact bytes they were shown: typed name, the consent
checkbox, the time (from the injected clock), the IP and user agent of the request, and the
SHA-256 of the PDF. The signed PDF (the same contract with the signature block) is then sealed
with the platform certificate (``seal``), so any later change to it is visible.

A signing link carries ``{contract_id}.{expiry}.{mac}``: HMAC-SHA256 under the platform's
signing-link secret, so a link can be sent over WhatsApp without a login and cannot be forged
or reused for another contract.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from agentlocator.billing import texts_he
from agentlocator.errors import BadSignature, ValidationFailed

ISRAEL = ZoneInfo("Asia/Jerusalem")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SignatureRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    typed_name: str
    consent: bool
    signed_at: datetime
    ip: str
    user_agent: str
    document_sha256: str  # of the unsigned PDF the signer was shown
    template_id: str
    client_id: str | None = None  # the ת.ז. the signer typed (agreements sent without one)

    @property
    def shown_time(self) -> str:
        return self.signed_at.astimezone(ISRAEL).strftime(texts_he.SIGNED_AT_FORMAT)


def make_signature(
    *,
    typed_name: str,
    consent: bool,
    shown_sha256: str,
    actual_pdf: bytes,
    at: datetime,
    ip: str,
    user_agent: str,
    template_id: str,
) -> SignatureRecord:
    """Refuse unless the name is typed, consent given and the hash the signer's page showed is
    the hash of the PDF we hold now (a contract that changed meanwhile must be read again)."""
    name = " ".join(typed_name.split())
    if len(name) < 2:
        raise ValidationFailed("typed_name", "type your full name to sign")
    if consent is not True:
        raise ValidationFailed("consent", "consent is required")
    actual = sha256_hex(actual_pdf)
    if not hmac.compare_digest(shown_sha256.lower().encode("utf-8", "replace"), actual.encode()):
        raise ValidationFailed("pdf_sha256", "the contract changed since it was shown")
    return SignatureRecord(
        typed_name=name,
        consent=True,
        signed_at=at,
        ip=ip,
        user_agent=user_agent[:400],
        document_sha256=actual,
        template_id=template_id,
    )


def signing_token(secret: str, contract_id: str, expires_at: datetime) -> str:
    expiry = str(int(expires_at.timestamp()))
    return f"{contract_id}.{expiry}.{_mac(secret, contract_id, expiry)}"


def read_signing_token(secret: str, token: str, now: datetime) -> str:
    """The contract id a valid, unexpired token names; ``BadSignature`` otherwise."""
    parts = token.split(".")
    # isascii: "²".isdigit() is true too, and int("²") fails.
    if len(parts) != 3 or not (parts[1].isascii() and parts[1].isdigit()):
        raise BadSignature("malformed signing link")
    contract_id, expiry, mac = parts
    # Bytes: compare_digest raises TypeError on a str holding a non-ASCII character.
    expected = _mac(secret, contract_id, expiry)
    if not hmac.compare_digest(mac.encode("utf-8", "replace"), expected.encode()):
        raise BadSignature("signing link does not verify")
    if now >= datetime.fromtimestamp(int(expiry), tz=now.tzinfo) + timedelta(0):
        raise BadSignature("signing link expired")
    return contract_id


def _mac(secret: str, contract_id: str, expiry: str) -> str:
    message = f"{contract_id}.{expiry}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
