"""Israeli cities and areas as callers say them: full names, abbreviations, English, typos.

``find_city`` returns the canonical Hebrew name ("תל אביב" for ת"א / תל-אביב / בתל אביב / TLV).
Matching allows Hebrew prefix letters (ב, ל, מ, ו, ה, ש) and tolerates small typos in longer
names; bare "ראשון" is left out on purpose because it is also Sunday and "the first".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from agentlocator.hebrew.first_names import COMMON_FIRST_NAMES

# canonical name → other spellings (normalized: lower case, straight quotes).
_GAZETTEER: dict[str, tuple[str, ...]] = {
    "תל אביב": (
        'ת"א',
        "תל אביב יפו",
        "תלאביב",
        "tel aviv",
        "tlv",
        "telaviv",
        "רמת אביב",
        "פלורנטין",
        "נווה צדק",
        "הצפון הישן",
        "יפו",
        "jaffa",
        "tel-aviv",
    ),
    "ירושלים": ("ירושליים", "ירושלם", "י-ם", 'י"ם', "jerusalem"),
    "חיפה": ("haifa",),
    "רמת גן": ('ר"ג', "רמתגן", "ramat gan"),
    "פתח תקווה": (
        "פתח תקוה",
        'פ"ת',
        "פתח תיקווה",
        "petah tikva",
        "petach tikva",
        "petah tiqva",
        "פתח-תקווה",
    ),
    "ראשון לציון": ('ראשל"צ', "ראשלצ", "rishon lezion", "rishon letzion", "ראשון לצ"),
    "גבעתיים": ("גבעתים", "givatayim"),
    "חולון": ("holon",),
    "בת ים": ("batyam", "bat yam"),
    "הרצליה": ("הרצלייה", "herzliya", "herzlia", "הרצליה פיתוח"),
    "רעננה": ("raanana", "ra'anana"),
    "כפר סבא": ('כ"ס', 'כפ"ס', "kfar saba", "כפר-סבא"),
    "הוד השרון": ("hod hasharon",),
    "רמת השרון": ('רמה"ש', "ramat hasharon"),
    "נתניה": ("netanya", "נתנייה"),
    "רחובות": ("rehovot",),
    "נס ציונה": ("nes ziona", "נס-ציונה"),
    "אשדוד": ("ashdod",),
    "אשקלון": ("ashkelon",),
    "באר שבע": ('ב"ש', "beer sheva", "beersheba", "be'er sheva"),
    "מודיעין": ("modiin", "modi'in", "מודיעין מכבים רעות"),
    "בני ברק": ('ב"ב', "bnei brak"),
    "ראש העין": ("rosh haayin", "rosh ha'ayin"),
    "קריית אונו": ("kiryat ono",),
    "יהוד": ("יהוד מונוסון", "yehud"),
    "אור יהודה": ("or yehuda",),
    "גבעת שמואל": ("givat shmuel",),
    "אלעד": ("elad",),
    "בית שמש": ("beit shemesh", "bet shemesh"),
    "מעלה אדומים": ("maale adumim",),
    "לוד": ("lod",),
    "רמלה": ("ramla",),
    "יבנה": ("yavne", "yavneh"),
    "גדרה": ("gedera",),
    "חדרה": ("hadera",),
    "זכרון יעקב": ("זכרון", "zichron yaakov"),
    "קיסריה": ("caesarea",),
    "פרדס חנה": ("פרדס חנה כרכור", "pardes hana", "כרכור"),
    "עפולה": ("afula",),
    "נצרת": ("nazareth",),
    "נוף הגליל": ("נצרת עילית",),
    "כרמיאל": ("karmiel",),
    "נהריה": ("nahariya", "נהרייה"),
    "עכו": ("akko", "acre"),
    "קריית ביאליק": ("kiryat bialik",),
    "קריית מוצקין": ("kiryat motzkin",),
    "קריית אתא": ("kiryat ata",),
    "קריית ים": ("kiryat yam",),
    "טבריה": ("tiberias",),
    "צפת": ("safed", "tzfat"),
    "אילת": ("eilat",),
    "דימונה": ("dimona",),
    "ערד": ("arad",),
    "קריית גת": ("kiryat gat",),
    "קריית מלאכי": ("kiryat malachi",),
    "שדרות": ("sderot",),
    "נתיבות": ("netivot",),
    "אופקים": ("ofakim",),
    "אריאל": ("ariel",),
    "שוהם": ("shoham",),
    "אבן יהודה": ("even yehuda",),
    "כפר יונה": ("kfar yona",),
    "תל מונד": ("tel mond",),
    "כוכב יאיר": ("צור יגאל", "kochav yair"),
    "גני תקווה": ("גני תקוה", "ganei tikva"),
    "סביון": ("savyon",),
    "קדימה צורן": ("קדימה", "kadima", "צורן"),
    "אור עקיבא": ("or akiva",),
    "טירת כרמל": ("tirat carmel",),
    "נשר": ("nesher",),
    "יקנעם": ("yokneam",),
    "מגדל העמק": ("migdal haemek",),
    "בית שאן": ("beit shean",),
    "קריית שמונה": ("kiryat shmona",),
    "מבשרת ציון": ("מבשרת", "mevaseret"),
    "באר יעקב": ("beer yaakov",),
    "מזכרת בתיה": ("mazkeret batya",),
    "גן יבנה": ("gan yavne",),
    "אורנית": ("oranit",),
    "חריש": ("harish",),
    "ביתר עילית": ("beitar illit",),
    "מודיעין עילית": ("modiin illit",),
    "רהט": ("rahat",),
    "טייבה": ("טיבה", "taibe"),
    "טירה": ("tira",),
    "טמרה": ("tamra",),
    "כפר קאסם": ("kafr qasim",),
    "סחנין": ("sakhnin",),
    "שפרעם": ("shefa-amr",),
    "קלנסווה": ("קלנסואה",),
    "באקה אל גרבייה": ("באקה", "baqa al-gharbiyye"),
    "עראבה": ("arraba",),
    "מעלות תרשיחא": ("מעלות", "maalot"),
    "להבים": ("lehavim",),
    "מיתר": ("meitar",),
    "כפר ורדים": ("kfar vradim",),
    "קצרין": ("katzrin",),
    "גבעת זאב": ("givat zeev",),
    "קרני שומרון": ("karnei shomron",),
    "בית דגן": ("beit dagan",),
    "צור יצחק": ("tzur yitzhak",),
    "רמת ישי": ("ramat yishai",),
    "עתלית": ("atlit",),
    "בנימינה": ("binyamina",),
    "קריית טבעון": ("טבעון", "kiryat tivon"),
    "נהלל": ("nahalal",),
    "שלומי": ("shlomi",),
    "מצפה רמון": ("mitzpe ramon",),
    "ירוחם": ("yeruham",),
    "השרון": ("אזור השרון", "sharon"),
    "המרכז": ("מרכז הארץ", "אזור המרכז"),
    "גוש דן": ("gush dan",),
    "הצפון": ("צפון הארץ",),
    "הדרום": ("דרום הארץ",),
}
REGIONS = {"השרון", "המרכז", "גוש דן", "הצפון", "הדרום"}
_PREFIX = r"(?:[ובלמהש]{1,2}[\s-]?)?"
_END = r"(?=$|[\s\"'.-])"


@dataclass(frozen=True)
class CityMatch:
    city: str
    start: int  # character span in the normalized text
    end: int


def _variants(alias: str) -> set[str]:
    out = {alias, alias.replace("-", " ")}
    for a in list(out):
        if "קריית" in a:
            out.add(a.replace("קריית", "קרית"))
        if "תקווה" in a:
            out.add(a.replace("תקווה", "תקוה"))
        # Spelled as heard: a final alef is often written he ("כפר סבה", "אור עקיבה").
        spelled = re.sub(r"א(?=$|\s)", "ה", a)
        if spelled != a and not a.isascii():
            out.add(spelled)
    return out


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, city, needle): the needle, the alias's longest word, appears verbatim in any
    text the pattern matches, so a substring test skips most of the ~300 patterns cheaply."""
    entries: list[tuple[str, str]] = []
    for city, aliases in _GAZETTEER.items():
        for alias in (city, *aliases):
            entries.extend((variant, city) for variant in _variants(alias))
    # Longest alias first so "תל אביב יפו" wins over "יפו" and "קריית ים" over "ים".
    entries.sort(key=lambda e: -len(e[0]))
    patterns = []
    for alias, city in entries:
        body = re.escape(alias).replace(r"\ ", r"[\s-]")
        needle = max(re.split(r"[\s-]+", alias), key=len)
        patterns.append((re.compile(rf"(?:^|(?<=[\s-])){_PREFIX}({body}){_END}"), city, needle))
    return patterns


def find_cities(text: str) -> list[CityMatch]:
    """Every city in normalized ``text``, without overlaps, in order of appearance."""
    taken: list[tuple[int, int]] = []
    found: list[CityMatch] = []
    for pattern, city, needle in _patterns():
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(start < e and s < end for s, e in taken):
                continue
            if city == "תל אביב" and match.group(1) == "יפו" and "תל" in text[:start]:
                continue
            taken.append((start, end))
            found.append(CityMatch(city, start, end))
    found.sort(key=lambda m: m.start)
    return found


_FUZZY_STOP = {
    "דירה",
    "דירת",
    "חדרים",
    "מחפש",
    "מחפשת",
    "לקנות",
    "לשכור",
    "למכור",
    "להשכיר",
    "תודה",
    "בערך",
    "מיליון",
    "שקלים",
    "בסדר",
    "מעולה",
    "אחרי",
    "הצהריים",
    "בבוקר",
    "פגישה",
    "מתאים",
    "שלום",
    "בוקר",
    "ערב",
    "לילה",
    "אני",
    "רוצה",
    "רוצים",
    "אנחנו",
    "חמישי",
    "שלישי",
    "רביעי",
    "ראשון",
    "שישי",
    "להיפגש",
    "לקבוע",
    "עדיף",
    "הראשון",
    "השני",
    "השנייה",
    "הראשונה",
}
# What callers say about a property: "מעלית" is not a typo of עתלית (also after "ו", "ב").
_PROPERTY_FEATURES = {
    "מעלית",
    "מעליות",
    "מרפסת",
    "מרפסות",
    "מחסן",
    "חניה",
    "חנייה",
    "חניות",
    "משופצת",
    "משופץ",
    "מטבח",
    "סלון",
    "קומה",
    "גינה",
    "מזגנים",
    "מרוהטת",
}


def _stop_word(token: str) -> bool:
    """ "ומעלית" is "מעלית" with "and": prefix letters do not hide a stop word."""
    if token in _FUZZY_STOP:
        return True
    return any(form in _PROPERTY_FEATURES for form in (token, token[1:], token[2:]) if form)


def fuzzy_city(text: str, prefixed_only: bool = True) -> CityMatch | None:
    """A city written with a small typo ("פתח תיקוה", "ירושלייםם"); only names of 4+ letters."""
    tokens = [t for t in re.split(r"[\s-]+", text) if t]
    best: tuple[float, str, str] | None = None
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            chunk = tokens[i : i + size]
            if any(_stop_word(t) or any(c.isdigit() for c in t) for t in chunk):
                continue
            if size == 1 and chunk[0] in COMMON_FIRST_NAMES:
                continue  # "אורית" is a name, not a typo of אורנית
            phrase = " ".join(chunk)
            forms = {phrase[1:], phrase[2:]} if phrase[:1] in "בלמו" else set()
            if not prefixed_only:
                forms.add(phrase)
            for candidate in forms:
                if len(candidate) < 4:
                    continue
                for city, aliases in _GAZETTEER.items():
                    for alias in (city, *aliases):
                        if len(alias) < 4 or alias.count(" ") != size - 1:
                            continue
                        ratio = difflib.SequenceMatcher(None, candidate, alias).ratio()
                        if ratio >= 0.86 and (best is None or ratio > best[0]):
                            best = (ratio, city, phrase)
    if best is None:
        return None
    start = text.find(best[2])
    return CityMatch(best[1], start, start + len(best[2]))


# "ברחוב ירושלים בבת ים": a street named after a town is an address inside the city.
_STREET_BEFORE = re.compile(r"(?:^|\s)[ובלמה]{0,2}(?:רחוב|רח'|שדרות|שד'|סמטת)\s?$")


def _is_a_street(text: str, match: CityMatch) -> bool:
    return bool(_STREET_BEFORE.search(text[: match.start]))


def find_city(text: str, asked: bool = False) -> CityMatch | None:
    """The first city named in normalized ``text`` (exact spellings first, then typos; a typo
    needs a prefix such as "ב" unless Leah just asked for the city). A town's name right after
    "רחוב"/"שדרות"/"דרך" is a street, not the city."""
    mentions = find_cities(text)
    streets = [m for m in mentions if _is_a_street(text, m)]
    # "בשדרות ירושלים": the street word itself (also the town שדרות) is part of the address.
    exact = [
        m
        for m in mentions
        if m not in streets and not any(0 <= s.start - m.end <= 1 for s in streets)
    ]
    if mentions and not exact:
        return None
    if exact:
        # "באזור השרון, ברעננה": the city says more than the region around it.
        cities = [m for m in exact if m.city not in REGIONS]
        return cities[0] if cities else exact[0]
    return fuzzy_city(text, prefixed_only=not asked)
