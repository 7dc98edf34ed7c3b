"""Billing refusals with a reason code (the API shows ``texts_he.REASONS[reason]``)."""

from __future__ import annotations

from typing import Any

from agentlocator.billing.texts_he import REFUND_REFUSALS
from agentlocator.errors import BadSignature, Conflict, Forbidden, ValidationFailed


class Refused(Conflict):
    """409 with a machine-readable ``reason``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.extra: dict[str, Any] = {}


class Invalid(ValidationFailed):
    """400 naming the field, with a reason code for a more helpful Hebrew sentence."""

    def __init__(self, field: str, message: str, reason: str) -> None:
        super().__init__(field, message)
        self.reason = reason


class ServiceSuspended(Forbidden):
    """403: the office's billing state allows reading only (see ``state.service_policy``)."""

    reason = "billing_suspended"


class BadInvoiceLink(BadSignature):
    """403: an invoice download link that does not verify or has expired."""

    reason = "invoice_link"


class BadCardChange(BadSignature):
    """403: a change-of-payment-method return that is not ours (forged, another office's)."""

    reason = "card_change"


class BadSigningLink(BadSignature):
    """403: a signing link that does not verify or has expired."""

    reason = "signing_link"


class RefundRefused(Refused):
    """409: a refund that cannot be made (more than is left, a credit note, another office's
    invoice…). ``message_he`` / the English message come from ``texts_he.REFUND_REFUSALS``."""

    def __init__(self, reason: str, **values: str) -> None:
        hebrew, english = REFUND_REFUSALS[reason]
        super().__init__(reason, english.format(**values))
        self.message_he = hebrew.format(**values)
