"""One caller message read into everything the engine needs: details, name, intents, a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from agentlocator.calendar.request import WhenRequest
from agentlocator.hebrew.cities import find_cities
from agentlocator.hebrew.first_names import COMMON_FIRST_NAMES
from agentlocator.hebrew.intents import YES, Intents, read_intents
from agentlocator.hebrew.lead_fields import LeadFields, extract_fields
from agentlocator.hebrew.lead_fields import city as city_in
from agentlocator.hebrew.names import (
    bare_name,
    introduced_name,
    leading_known_name,
    name_before_speaking,
    name_from_cue,
    strip_fillers,
    trailing_known_name,
)
from agentlocator.hebrew.normalize import has_hebrew, normalize
from agentlocator.hebrew.when import parse_when

_KEYWORDISH = re.compile(
    r"דיר|בית|חדר|מיליון|אלף|שקל|קנ|שכר|שכיר|מכיר|מוכר|השכר|פגיש|מחר|היום|יום|שעה|בוקר|ערב|"
    r"צהריים|תודה|שלום|סליחה|רגע|מה|למה|איך|מתי|כמה|איפה|לא|כן|אוקי|בסדר|טוב|מעולה|הראשון|השני|"
    r"apartment|house|rent|buy|sell|room|meeting|tomorrow|today|yes|no|ok|thanks|hello|hi"
)


# Commas and sentence ends between words separate numbers ("…וחמש מאות, שניים וחצי חדרים");
# inside numbers ("1,800,000", "2.5") they do not.
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,;](?!\d)|(?<=\D),(?=\d)|(?<=\d),(?=\D)|[.!?](?!\d)")


@dataclass(frozen=True)
class Understanding:
    text: str
    fields: LeadFields
    intents: Intents
    when: WhenRequest

    @property
    def has_details(self) -> bool:
        return bool(self.fields.present())


def understand(
    raw: str, expecting: str | None, known: dict[str, object], now: datetime
) -> Understanding:
    text = normalize(raw)
    known_deal = known.get("deal_type")
    clauses = [normalize(c) for c in _CLAUSE_BREAK.split(raw) if normalize(c)]
    fields = extract_fields(
        text, expecting, known_deal if isinstance(known_deal, str) else None, clauses
    )
    intents = read_intents(text)
    when = parse_when(_without_cities(text), now, assume_time=expecting == "slot")
    name_city = _city_said_as_a_name(text, fields)
    if name_city is not None:
        fields = replace(fields, city=None)  # "אלעד": a name unless a cue says otherwise
    name = (
        None
        if intents.declines_name  # "בלי שמות בבקשה" is no one's name
        else _name(raw, text, expecting, fields, intents, known.get("name") is not None, when)
    )
    if name:
        fields = replace(fields, name=name)
        if name_city is None and fields.city is not None and _is_the_name(fields.city, name):
            # "שמי אריאל": the caller's name, not the city; another city said too still counts.
            fields = replace(fields, city=city_in(_without_words(text, name), expecting))
    elif name_city is not None:
        fields = replace(fields, city=name_city)
    if expecting == "city" and fields.city is None:
        fields = replace(fields, city=_bare_area(text, fields, intents, when))
    return Understanding(text, fields, intents, when)


def _city_said_as_a_name(text: str, fields: LeadFields) -> str | None:
    """The city found, when its only mention is a first name said alone ("אלעד", "אריאל")."""
    if fields.city is None or len(text.split()) > 3:
        return None
    mentions = find_cities(text)
    if len(mentions) != 1:
        return None
    said = text[mentions[0].start : mentions[0].end]
    if said in COMMON_FIRST_NAMES and mentions[0].city == fields.city:
        return fields.city
    return None


def _is_the_name(city: str, name: str) -> bool:
    return any(city == word for word in name.split())


def _without_words(text: str, name: str) -> str:
    drop = set(name.split())
    return " ".join(w for w in text.split() if w not in drop)


def _without_cities(text: str) -> str:
    """ "בראשון לציון" must not read as "on Sunday", nor "קריית שמונה" as eight o'clock."""
    for match in reversed(find_cities(text)):
        text = text[: match.start] + " " + text[match.end :]
    return text


def _name(
    raw: str,
    text: str,
    expecting: str | None,
    fields: LeadFields,
    intents: Intents,
    name_known: bool,
    when: WhenRequest,
) -> str | None:
    cued = (
        introduced_name(raw)
        or name_from_cue(text, set())
        or name_before_speaking(strip_fillers(text))
    )
    if cued:
        return cued
    if name_known:
        return None
    others = {k for k in fields.present() if k != "timing"}
    if (
        expecting == "name"
        and not others
        and when.is_empty
        and not intents.no
        and intents.choice is None
    ):
        bare = bare_name(text, set())
        if bare and not _KEYWORDISH.fullmatch(bare.split()[0]):
            return bare
    trailing = trailing_known_name(raw)
    if trailing:
        return trailing
    leading = leading_known_name(text)
    if leading and (
        (not others and len(strip_fillers(text).split()) <= 3)
        or re.match(rf"^\W*{re.escape(leading)}\s*[,.\-]", strip_fillers(raw), re.IGNORECASE)
    ):
        return leading
    return None


def _bare_area(text: str, fields: LeadFields, intents: Intents, when: WhenRequest) -> str | None:
    """An answer to "באיזו עיר?" that is not in the gazetteer ("מושב בית יצחק")."""
    if fields.present() or not when.is_empty or intents.yes or intents.no or not has_hebrew(text):
        return None
    tokens = text.split()
    if not 1 <= len(tokens) <= 3 or any(ch.isdigit() for ch in text):
        return None
    if YES.search(text) or _KEYWORDISH.search(text):
        return None
    first = tokens[0]
    if first.startswith("ב") and len(first) > 3:
        tokens[0] = first[1:]
    return " ".join(tokens)
