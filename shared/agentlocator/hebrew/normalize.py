"""Normalize caller text before parsing: one spelling of quotes, no niqqud, spaced punctuation.

Speech recognizers and keyboards write the Hebrew geresh/gershayim many ways (״ ׳ " ' ” ’);
abbreviations such as ת"א or ר"ג only match if those become one form.
"""

from __future__ import annotations

import re

_QUOTE_TABLE = str.maketrans(
    {
        "״": '"',
        "”": '"',
        "“": '"',
        "„": '"',
        "׳": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "־": "-",  # maqaf
        "\u200f": None,
        "\u200e": None,
        "\u202b": None,
        "\u202c": None,
    }
)
_NIQQUD = re.compile(r"[\u0591-\u05c7]")
_SPACES = re.compile(r"\s+")
# Punctuation becomes a separator; quotes and dots stay (inside ת"א, 2.5, 10:30, 9.12).
_SEPARATORS = re.compile(r"[!?;,()\[\]{}<>…|/\\*]")
_HEBREW = re.compile(r"[\u05d0-\u05ea]")


def normalize(text: str) -> str:
    """Lower-cased, single-spaced text with one kind of quote and no niqqud."""
    cleaned = _NIQQUD.sub("", text.translate(_QUOTE_TABLE)).lower()
    # A comma between digits is a thousands separator ("1,800,000"), elsewhere a pause.
    cleaned = re.sub(r"(?<=\d),(?=\d{3}\b)", "", cleaned)
    cleaned = re.sub(r"(?<=\d)/(?=\d)", "§", cleaned)  # keep dates like 9/12
    cleaned = _SEPARATORS.sub(" ", cleaned).replace("§", "/")
    # "₪6000" / "6000₪" → "6000 ש"ח" so the currency follows the number as in speech.
    cleaned = re.sub(r"₪\s*(\d[\d.,]*)", r' \1 ש"ח ', cleaned)
    cleaned = re.sub(r"(\d)\s*₪", r'\1 ש"ח ', cleaned)
    # A sentence-ending dot is a separator; a dot between digits is a decimal point.
    cleaned = re.sub(r"\.(?!\d)|(?<!\d)\.", " ", cleaned)
    return _SPACES.sub(" ", cleaned).strip()


def has_hebrew(text: str) -> bool:
    return bool(_HEBREW.search(text))


def words(text: str) -> list[str]:
    return text.split(" ") if text else []


# Hebrew attaches these one-letter words to the next word: ו (and), ב (in), ל (to), מ (from),
# ה (the), ש (that), כ (as). "ובתל אביב" = "and in Tel Aviv".
PREFIX_LETTERS = "ובלמהשכ"


def strip_prefixes(word: str, max_letters: int = 2) -> list[str]:
    """``word`` and its forms without up to ``max_letters`` leading prefix letters."""
    forms = [word]
    current = word.lstrip("-")
    for _ in range(max_letters):
        if len(current) > 2 and current[0] in PREFIX_LETTERS:
            current = current[1:].lstrip("-")
            forms.append(current)
        else:
            break
    return forms
