"""Israeli company (ח.פ) and licensed-dealer (ע.מ) numbers: nine digits with a check digit.

Both use the identity-number checksum: digits weighted 1,2,1,2,…; a product above 9 counts as
the sum of its digits; the total must divide by 10. Shorter numbers are left-padded with zeros.
"""

from __future__ import annotations

import re

from agentlocator.billing.errors import Invalid
from agentlocator.errors import ValidationFailed

_DIGITS = re.compile(r"^\d{5,9}$")


def checksum_ok(number: str) -> bool:
    digits = number.zfill(9)
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (1 if position % 2 == 0 else 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def normalize_business_number(raw: str, field: str = "business_number") -> str:
    """Nine digits, or ``ValidationFailed`` naming ``field`` (spaces and dashes are allowed)."""
    cleaned = re.sub(r"[\s-]", "", raw or "")
    if not _DIGITS.match(cleaned):
        raise ValidationFailed(field, "a company or dealer number has 5 to 9 digits")
    padded = cleaned.zfill(9)
    if padded == "000000000" or not checksum_ok(padded):
        raise ValidationFailed(field, "the check digit does not match")
    return padded


_PERSON_ID = re.compile(r"^\d{5,9}$")


def normalize_person_id(raw: str, field: str = "client_id") -> str:
    """An Israeli identity number (ת.ז.): nine digits with its check digit (shorter ones are
    left-padded with zeros, as on the card); ``ValidationFailed`` naming ``field`` otherwise."""
    cleaned = re.sub(r"[\s-]", "", raw or "")
    if not _PERSON_ID.match(cleaned):
        raise Invalid(field, "an identity number has up to 9 digits", reason="client_id")
    padded = cleaned.zfill(9)
    if padded == "000000000" or not checksum_ok(padded):
        raise Invalid(field, "the check digit does not match", reason="client_id")
    return padded
