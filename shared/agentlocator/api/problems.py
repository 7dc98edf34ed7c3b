"""API refusals that carry a reason code (for the Hebrew message) and extra fields for the UI."""

from __future__ import annotations

from typing import Any

from agentlocator.errors import Conflict, ValidationFailed


class Refused(Conflict):
    """409 with a machine-readable ``reason`` and optional fields (e.g. the existing lead id)."""

    def __init__(self, reason: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.extra = extra


class Invalid(ValidationFailed):
    """400 naming the field, with a reason code for a more helpful Hebrew sentence."""

    def __init__(self, field: str, message: str, reason: str) -> None:
        super().__init__(field, message)
        self.reason = reason
