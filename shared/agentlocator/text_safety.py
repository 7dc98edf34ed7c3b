"""Free text from callers, leads and staff, made safe to show: no invisible spoofing characters.

A lead's name ``"\u202eןורמש"`` renders reversed (a right-to-left override), zero-width
characters make two names look alike and NUL or other control characters break rendering and
exports. ``clean_text`` removes them once, at the model boundary (the CRM models and the API's
text types), so whatever stored text staff see was cleaned on the way in.

Kept on purpose: tab and newlines (notes have lines), the directional *marks* LRM/RLM/ALM
(U+200E/U+200F/U+061C: legitimate in mixed Hebrew text, and they reorder nothing beyond their
neighbours) and the joiners ZWJ/ZWNJ (U+200C/U+200D: emoji sequences and some scripts).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0/C1 control characters (not \t \n \r)
    "\u202a-\u202e"  # bidi embeddings and overrides (LRE RLE PDF LRO RLO)
    "\u2066-\u2069"  # bidi isolates (LRI RLI FSI PDI)
    "\u200b\u2060-\u2064\ufeff\u180e"  # zero-width space, word joiner, invisible operators, BOM
    "]"
)


def clean_text(value: str) -> str:
    return _UNSAFE.sub("", value)


def clean_input(value: object) -> object:
    """For a validator that runs before type checks: clean text, pass anything else on."""
    return clean_text(value) if isinstance(value, str) else value
