"""API refusals that carry a reason code (for the Hebrew message) and extra fields for the UI."""

from __future__ import annotations

from typing import Any

from agentlocator.errors import Conflict, Forbidden, ValidationFailed


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


class FieldProblem(ValidationFailed):
    """400 from request validation, with the Hebrew sentence naming the field as people know it."""

    def __init__(self, field: str, message: str, message_he: str) -> None:
        super().__init__(field, message)
        self.message_he = message_he


class Denied(Forbidden):
    """403 with a reason code: the role may use the endpoint, but not on this target."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
