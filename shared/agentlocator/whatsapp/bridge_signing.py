"""HMAC-SHA256 signing of the JSON bodies exchanged with the Baileys bridge (both directions).

The signature covers ``"{timestamp}.{body}"`` so a captured request cannot be replayed after
``MAX_SKEW``; the Node side (whatsapp_bridge/src/signing.js) computes the same string.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from agentlocator.errors import BadSignature

TIMESTAMP_HEADER = "X-Bridge-Timestamp"
SIGNATURE_HEADER = "X-Bridge-Signature"
SIGNATURE_PREFIX = "sha256="
MAX_SKEW_SECONDS = 300


@dataclass(frozen=True)
class SignedHeaders:
    timestamp: str
    signature: str

    def as_dict(self) -> dict[str, str]:
        return {TIMESTAMP_HEADER: self.timestamp, SIGNATURE_HEADER: self.signature}


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def sign(secret: str, body: bytes, now_epoch: float) -> SignedHeaders:
    timestamp = str(int(now_epoch))
    return SignedHeaders(timestamp=timestamp, signature=signature_for(secret, timestamp, body))


def verify(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now_epoch: float,
) -> None:
    """Raise ``BadSignature`` unless ``signature`` is ours for this body and a fresh timestamp."""
    if not secret:
        raise BadSignature("bridge secret is not configured")
    # isascii: str.isdigit() is also true for "²" and other digits int() refuses.
    if not timestamp or not signature or not (timestamp.isascii() and timestamp.isdigit()):
        raise BadSignature("missing bridge signature")
    if abs(now_epoch - int(timestamp)) > MAX_SKEW_SECONDS:
        raise BadSignature("stale bridge signature")
    expected = signature_for(secret, timestamp, body)
    # Bytes, not str: compare_digest refuses non-ASCII str (a crafted header) with TypeError.
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise BadSignature("bad bridge signature")
