"""Numbers as callers say them: digits, Hebrew words, or both.

"שלושה וחצי" → 3.5, "מיליון ושמונה מאות אלף" → 1,800,000, "2.5 מיליון" → 2,500,000,
"שבעת אלפים" → 7000, "מיליון 800" (spoken shorthand) → 1,800,000, "800K" → 800,000.
The parser walks normalized words and returns every number with the word span it covers, so the
extractor can look at the words around it (חדרים, ש"ח, עד…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONES: dict[str, float] = {}
for _value, _forms in {
    1: "אחד אחת one",
    2: "שניים שנים שתיים שתים שני שתי two",
    3: "שלוש שלושה שלושת שלש שלשה three",
    4: "ארבע ארבעה ארבעת four",
    5: "חמש חמישה חמשה חמשת five",
    6: "שש שישה ששה ששת six",
    7: "שבע שבעה שבעת seven",
    8: "שמונה שמונת eight",
    9: "תשע תשעה תשעת nine",
    10: "עשר עשרה עשרת ten",
    11: "eleven",
    12: "twelve",
    20: "עשרים twenty",
    30: "שלושים thirty",
    40: "ארבעים forty",
    50: "חמישים fifty",
    60: "שישים fifty",
    70: "שבעים seventy",
    80: "שמונים eighty",
    90: "תשעים ninety",
    100: "מאה hundred",
    200: "מאתיים",
}.items():
    for _form in _forms.split():
        _ONES[_form] = float(_value)
_ONES["sixty"] = 60.0

_HUNDREDS = {"מאות"}
_THOUSAND = {"אלף", "אלפים", "thousand", "אלפי"}
_TWO_THOUSAND = {"אלפיים"}
_MILLION = {"מיליון", "מליון", "מיליונים", "מליונים", "million", "millions", "מיל", "מיל'", "מ'"}
_SHORT_MILLION = {"מ'", "מיל", "מיל'"}  # "3 מ'" is 3 million, but "120 מ'" is 120 metres
_HALF = {"חצי", "half"}
_QUARTER = {"רבע", "quarter"}
# Words that must not read as numbers after these neighbours: "יום שני" is Monday, "באר שבע" a city.
_NOT_NUMBER_AFTER = {"יום", "ביום", "באר", "מבאר", "לבאר", "ובאר", "ליום", "מיום", "day"}
_DIGITS = re.compile(r"^(\d+(?:\.\d+)?)(k|m|מ|א|₪|ש\"ח)?$")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
_JOINERS = {"and", "a", "ו"}


@dataclass(frozen=True)
class NumberMention:
    value: float
    start: int  # first word index
    end: int  # one past the last word index
    scale: float = 1.0  # the largest multiplier spoken (1, 1000, 1_000_000)
    upper: float | None = None  # "4-5" → value 4, upper 5
    from_words: bool = False


def _strip_number_prefix(word: str, first: bool) -> tuple[str, bool]:
    """Drop the conjunction ו (returns True) and, for the first word, ב/ל/מ/ה/כ and a hyphen."""
    conj = False
    w = word
    if len(w) > 1 and w[0] == "ו" and (w[1:] in _ALL_WORDS or w[1:].startswith("-")):
        w, conj = w[1:], True
    w = w.lstrip("-")
    if first and len(w) > 1 and w[0] in "בלמכ":  # not ה: "השני" is "the second"
        rest = w[1:].lstrip("-")
        if rest in _ALL_WORDS or _DIGITS.match(rest) or _RANGE.match(rest):
            w = rest
    if first and len(w) > 2 and w[0] in "ו" and w[1] in "בלמ":
        rest = w[2:].lstrip("-")
        if rest in _ALL_WORDS or _DIGITS.match(rest):
            w, conj = rest, True
    return w, conj


_ALL_WORDS = set(_ONES) | _HUNDREDS | _THOUSAND | _TWO_THOUSAND | _MILLION | _HALF | _QUARTER


def _is_number_word(word: str, first: bool) -> bool:
    w, _ = _strip_number_prefix(word, first)
    return w in _ALL_WORDS or bool(_DIGITS.match(w)) or bool(_RANGE.match(w))


def find_numbers(tokens: list[str]) -> list[NumberMention]:
    """Every number in ``tokens`` (normalized words), left to right."""
    found: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        if prev in _NOT_NUMBER_AFTER or not _is_number_word(tokens[i], True):
            i += 1
            continue
        mention, consumed = _parse_one(tokens, i)
        if mention is not None:
            found.append(mention)
        i += max(consumed, 1)
    return found


def _parse_one(tokens: list[str], start: int) -> tuple[NumberMention | None, int]:
    total = 0.0
    current = 0.0
    last_multiplier = 1.0
    scale = 1.0
    upper: float | None = None
    from_words = False
    i = start
    joined = False
    while i < len(tokens):
        raw = tokens[i]
        if raw in _JOINERS and i > start and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt in _HALF | _QUARTER or (nxt == "a" and i + 2 < len(tokens)):
                joined = True
                i += 1
                continue
        word, conj = _strip_number_prefix(raw, i == start)
        conj, joined = conj or joined, False
        digits = _DIGITS.match(word)
        ranged = _RANGE.match(word)
        if word in _SHORT_MILLION and (i == start or current > 50):
            break
        if i > start and not conj and not _continues(tokens, i, word, current, last_multiplier):
            break
        if ranged:
            if i > start:
                break
            current, upper = float(ranged.group(1)), float(ranged.group(2))
        elif digits:
            value = float(digits.group(1))
            suffix = digits.group(2)
            if i > start and current:
                break
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if (
                i > start
                and total
                and last_multiplier >= 1_000_000
                and value < 1000
                and nxt not in _THOUSAND | _HUNDREDS
            ):
                # "מיליון 800" is spoken shorthand for 1,800,000.
                value *= 1000
            current += value
            if suffix in ("k", "א"):
                total += current * 1000
                current, last_multiplier, scale = 0.0, 1000.0, max(scale, 1000.0)
            elif suffix in ("m", "מ"):
                total += current * 1_000_000
                current, last_multiplier, scale = 0.0, 1_000_000.0, 1_000_000.0
        elif word in _ONES:
            from_words = True
            current += _ONES[word]
        elif word in _HUNDREDS:
            current = (current or 1) * 100
        elif word in _THOUSAND:
            upper = upper * 1000 if upper is not None and current else upper
            total += (current or 1) * 1000
            current, last_multiplier, scale = 0.0, 1000.0, max(scale, 1000.0)
        elif word in _TWO_THOUSAND:
            total += 2000
            current, last_multiplier, scale = 0.0, 1000.0, max(scale, 1000.0)
        elif word in _MILLION:
            upper = upper * 1_000_000 if upper is not None and current else upper
            total += (current or 1) * 1_000_000
            current, last_multiplier, scale = 0.0, 1_000_000.0, 1_000_000.0
        elif word in _HALF or word in _QUARTER:
            fraction = 0.5 if word in _HALF else 0.25
            if current:
                current += fraction
            elif total:
                total += fraction * last_multiplier
            else:
                current = fraction
        else:
            break
        i += 1
    if total and current and last_multiplier >= 1_000_000 and current < 1000 and from_words:
        current *= 1000  # "שני מיליון שלוש מאות" → 2,300,000
    value = total + current
    if value == 0 and i == start + 1 and tokens[start] not in ("0", "אפס"):
        return None, i - start
    return NumberMention(value, start, i, scale, upper, from_words), i - start


def _continues(
    tokens: list[str], index: int, word: str, current: float, last_multiplier: float
) -> bool:
    """Whether ``word`` (without a conjunction) extends the number being read."""
    if word in _HUNDREDS | _THOUSAND | _MILLION | _TWO_THOUSAND:
        return True
    if word in ("עשר", "עשרה") and 0 < current < 10:
        return True  # אחת עשרה = 11
    if word in _ONES and current >= 100 and current % 100 == 0 and _ONES[word] < 100:
        return True  # מאה עשרים
    after_multiplier = last_multiplier > 1 and not current
    nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
    if word in _ONES and after_multiplier and (_ONES[word] >= 100 or nxt in _HUNDREDS | _THOUSAND):
        return True  # מיליון שמונה מאות, אלף מאתיים
    digits = _DIGITS.match(word)
    if digits and after_multiplier and last_multiplier >= 1_000_000:
        return 100 <= float(digits.group(1)) < 1000  # מיליון 800
    return False


def word_value(word: str) -> float | None:
    """The value of one word on its own ("שלוש" → 3, "בעשר" → 10, "ב-9" → 9), else None."""
    mentions = find_numbers([word])
    if mentions and mentions[0].end == 1:
        return mentions[0].value
    return None
