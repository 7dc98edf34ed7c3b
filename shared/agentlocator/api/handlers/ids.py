"""Turning ids from paths and bodies into stored ids, answering 404 for anything unknown."""

from __future__ import annotations

import re

from agentlocator.errors import InvalidPhoneNumber, NotFound, ValidationFailed
from agentlocator.phones import normalize_phone

_PHONE_CHARS = re.compile(r"^[\d\s\-+().]+$")


def lead_id_of(raw: str) -> str:
    """A lead id is its E.164 phone; any spelling works, anything else is simply not found."""
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber as exc:
        raise NotFound("lead") from exc


def parse_search(q: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(search term, phone prefix, extra name terms) for the lead list's ``q``.

    A full phone in any spelling becomes its E.164 digits (a stored search term); a partly
    typed number becomes an E.164 prefix; words become name prefixes (all must match)."""
    text = q.strip()
    digits = re.sub(r"\D", "", text)
    if _PHONE_CHARS.match(text) and len(digits) >= 2:
        try:
            return normalize_phone(text, field="q").lstrip("+"), None, ()
        except InvalidPhoneNumber:
            pass
        if text.startswith("+") or digits.startswith("972"):
            prefix = "+" + digits
        elif digits.startswith("0"):
            prefix = "+972" + digits[1:]
        else:
            prefix = "+972" + digits
        return None, prefix, ()
    words = [w for w in text.lower().split() if len(w) >= 2]
    if not words:
        raise ValidationFailed("q", "search needs a word of two letters or more")
    return words[0], None, tuple(words[1:])
