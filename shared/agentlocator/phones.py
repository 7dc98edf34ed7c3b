"""Phone numbers: every phone is stored as E.164 so one phone is one lead.

Israeli callers write numbers many ways (``050-1234567``, ``+972 50 123 4567``, ``972501234567``,
``03-5551234``); all of them normalize to the same E.164 string.
"""

from __future__ import annotations

import re

import phonenumbers

from agentlocator.errors import InvalidPhoneNumber

DEFAULT_REGION = "IL"
_WHATSAPP_PREFIX = "whatsapp:"
_ALLOWED = re.compile(r"^[\d\s\-+().]+$")
# phonenumbers' metadata leaves out unallocated blocks (e.g. 050-1xxxxxx), but callers and demo
# data use them: accept any number with the shape of an Israeli mobile (5X + 7 digits),
# landline (2/3/4/8/9 + 7 digits) or 07X VoIP number.
_ISRAELI_NATIONAL_SHAPE = re.compile(r"^(5\d{8}|[23489]\d{7}|7\d{8})$")


def normalize_phone(raw: str, region: str = DEFAULT_REGION, field: str = "phone") -> str:
    """Return the E.164 form of ``raw`` or raise ``InvalidPhoneNumber`` naming ``field``."""
    if not isinstance(raw, str):
        raise InvalidPhoneNumber(repr(raw), field)
    text = raw.strip()
    if text.lower().startswith(_WHATSAPP_PREFIX):
        text = text[len(_WHATSAPP_PREFIX) :]
    if not text or not _ALLOWED.match(text):
        raise InvalidPhoneNumber(raw, field)
    digits = re.sub(r"\D", "", text)
    # "972…" without a plus is common in Israeli CRMs and WhatsApp exports.
    if not text.startswith("+") and digits.startswith("972") and len(digits) >= 11:
        text = "+" + digits
    elif text.startswith("00"):
        text = "+" + digits[2:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(raw, field) from exc
    if not (phonenumbers.is_valid_number(parsed) or _is_israeli_shape(parsed)):
        raise InvalidPhoneNumber(raw, field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """Local Israeli format for people (``050-123-4567``); other countries stay international."""
    parsed = phonenumbers.parse(e164, None)
    if parsed.country_code == 972:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_keys(e164: str) -> list[str]:
    """Digit strings a person might type to find this phone (E.164 digits and local 0-prefixed)."""
    digits = e164.lstrip("+")
    keys = [digits]
    if digits.startswith("972"):
        keys.append("0" + digits[3:])
    return keys


def _is_israeli_shape(parsed: phonenumbers.PhoneNumber) -> bool:
    return parsed.country_code == 972 and bool(
        _ISRAELI_NATIONAL_SHAPE.match(str(parsed.national_number))
    )
