"""Why provisioning refuses: each error names its field and carries its Hebrew sentence."""

from __future__ import annotations

from agentlocator.errors import Conflict, ValidationFailed
from agentlocator.tenants.texts_he import NUMBER_TAKEN_HE, OWNER_TAKEN_HE, invalid_field_he


class InvalidTenant(ValidationFailed):
    """A TenantSpec field failed validation (400 naming the field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, message)
        self.message_he = invalid_field_he(field)


class NumberTaken(Conflict):
    """A Twilio number in the spec is routed to another business."""

    field = "voice_numbers"

    def __init__(self, number: str) -> None:
        super().__init__(f"number {number} belongs to another business")
        self.number = number
        self.message_he = NUMBER_TAKEN_HE.format(number=number)


class OwnerTaken(Conflict):
    """The owner's Firebase user already works in another business (claims name one)."""

    field = "owner.email"

    def __init__(self, email: str) -> None:
        super().__init__(f"owner {email} already belongs to another business")
        self.email = email
        self.message_he = OWNER_TAKEN_HE.format(email=email)
