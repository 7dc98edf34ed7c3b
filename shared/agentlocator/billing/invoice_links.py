"""Download links for invoice PDFs sent to an office owner (pure).

A link carries ``{document_id}.{expiry}.{mac}`` like a signing link, but under a key derived
for this purpose only: a contract's signing token never opens an invoice, nor the reverse.
"""

from __future__ import annotations

from datetime import datetime

from agentlocator.billing.signing import read_signing_token, signing_token

_PURPOSE = "invoice-download"


def _key(secret: str) -> str:
    return f"{secret}\x00{_PURPOSE}"


def invoice_link_token(secret: str, document_id: str, expires_at: datetime) -> str:
    return signing_token(_key(secret), document_id, expires_at)


def read_invoice_link_token(secret: str, token: str, now: datetime) -> str:
    """The invoice document id a valid, unexpired token names; ``BadSignature`` otherwise."""
    return read_signing_token(_key(secret), token, now)
