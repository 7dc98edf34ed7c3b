"""One root exception; subclasses say what went wrong.

Entry points map these to HTTP statuses (see ``http_status``) so the mapping lives in one place.
"""

from __future__ import annotations


class AgentLocatorError(Exception):
    """Root of every error the product raises on purpose."""

    http_status = 500


class ValidationFailed(AgentLocatorError):
    """Input failed validation; ``field`` names the offending field for the 400 body."""

    http_status = 400

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidPhoneNumber(ValidationFailed):
    """A string that cannot be read as a phone number."""

    def __init__(self, raw: str, field: str = "phone") -> None:
        super().__init__(field, f"not a valid phone number: {raw!r}")
        self.raw = raw


class BadSignature(AgentLocatorError):
    """A webhook or token whose signature does not verify."""

    http_status = 403


class Unauthenticated(AgentLocatorError):
    http_status = 401


class Forbidden(AgentLocatorError):
    http_status = 403


class NotFound(AgentLocatorError):
    """Missing, or belonging to another tenant: callers must not be able to tell which."""

    http_status = 404


class Conflict(AgentLocatorError):
    """The write lost a race or breaks a uniqueness rule (e.g. a slot already booked)."""

    http_status = 409


class UnknownNumber(NotFound):
    """A Twilio number that no business owns."""
