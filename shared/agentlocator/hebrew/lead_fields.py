"""Lead details from one caller message: deal type, property type, rooms, city, budget, timing.

Works on normalized text (``normalize.normalize``). Everything is read wherever it appears in
the message, whatever Leah asked; ``expecting`` (the field she asked about last) only decides
how to read a bare answer such as "ארבע" (rooms) or "2.5" (a budget in millions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agentlocator.crm.vocabulary import DealType, PropertyType
from agentlocator.hebrew.cities import find_cities, find_city
from agentlocator.hebrew.numbers import NumberMention, find_numbers

_B = r"(?:^|(?<=[\s\-]))"
_E = r"(?=$|[\s\-.'\"])"


@dataclass(frozen=True)
class LeadFields:
    name: str | None = None
    deal_type: DealType | None = None
    property_type: PropertyType | None = None
    rooms: float | None = None
    city: str | None = None
    budget: int | None = None
    timing: str | None = None

    def present(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


_OWNER = re.compile(
    r"יש לי|יש לנו|שלי|שלנו|בבעלותי|בבעלותנו|ברשותי|אני בעל|אני הבעלים|\bmy\b|\bour\b"
)
_SEEKER = re.compile(r"מחפש|מחפשת|מחפשים|מעוניין|מעוניינת|looking|מתעניין|מתעניינת|צריך|צריכה")
_DEAL_PATTERNS: list[tuple[DealType, str]] = [
    ("let", r"להשכיר|משכיר|משכירה|משכירים|השכרת|\brent(?:ing)? out\b|\bto let\b|\blandlord\b"),
    ("sell", r"למכור|מוכר|מוכרת|מוכרים|מכירת|\bsell(?:ing)?\b|לממש"),
    ("rent", r"לשכור|שוכר|שוכרת|שוכרים|שכירות|לשכירות|\brent(?:ing|al)?\b|\blease\b"),
    (
        "buy",
        r"לקנות|קונה|קונים|קנייה|קניה|לרכוש|רוכש|רוכשת|רכישה|רכישת|משכנתא|להשקעה|משקיע|"
        r"\bbuy(?:ing)?\b|\binvest|"
        r"\bpurchas(?:e|ing)\b",
    ),
]


# Looking for the other side of the deal: "מחפש שוכרים" is a landlord, "מחפשת קונה" a seller.
_SEEKING_COUNTERPART: list[tuple[DealType, re.Pattern[str]]] = [
    ("let", re.compile(r"מחפש(?:ת|ים)? (?:שוכר|שוכרת|שוכרים|דייר|דיירת|דיירים)")),
    ("sell", re.compile(r"מחפש(?:ת|ים)? (?:קונה|קונים|רוכש|רוכשים)")),
]
# "להשכיר" is the landlord's verb, yet tenants say it too ("מחפשת להשכיר דירה … עד 4500"):
# what else the message says decides. Owner evidence: a property of one's own, an asking price.
_OWN_PROPERTY = re.compile(
    r"יש (?:לי|לנו) (?:דירה|דירת|בית|נכס|פנטהאוז|יחידה)|(?:דירה|הדירה|בית|הבית|נכס|הנכס|"
    r"היחידה) (?:שלי|שלנו)|בבעלותי|בבעלותנו|ברשותי|אני (?:ה)?בעל|הבעלים|מבקש(?:ת|ים)? \S*\d|"
    r"\bmy (?:apartment|flat|house|property)\b"
)
_TENANT_EVIDENCE = [
    re.compile(r"מחפש|מחפשת|מחפשים|מעוניין|מעוניינת|מתעניין|מתעניינת|looking for"),
    re.compile(r"(?:^|\s)עד \S*\d|(?:^|\s)עד (?:\S+ )?(?:אלף|אלפים)|תקציב"),
    re.compile(r"לגור|למגורים|לעבור לגור|נכנס(?:ת|ים)? לגור"),
]


def _tenant_says_let(text: str) -> bool:
    """True when a message with "להשכיר" reads as a tenant's: more tenant evidence than owner."""
    tenant = sum(1 for pattern in _TENANT_EVIDENCE if pattern.search(text))
    owner = len(_OWN_PROPERTY.findall(text))
    return tenant > owner and owner == 0


# "כמה שווה הדירה שלי?": an owner asking what their home is worth is thinking of selling.
_VALUATION = re.compile(
    r"כמה (?:\S+ ){0,3}שווה|כמה (?:\S+ ){0,3}שווים|הערכת שווי|שווי (?:ה)?שוק|שמאי|שמאות"
)
_OWN_WORDS = re.compile(r"(?:^|\s)(?:\S+ )?(?:שלי|שלנו)(?=$|\s)|בבעלותי|בבעלותנו|\bmy\b|\bour\b")


_ASKING_WHAT_TO_ASK = re.compile(r"כמה (?:אפשר|כדאי|צריך|ל)?\s?לבקש")
_OWNER_SIDE: dict[str, DealType] = {"rent": "let", "buy": "sell"}


def deal_type(text: str, expecting: str | None) -> DealType | None:
    """buy / rent / sell / let, weighing the whole message: the first deal word, then who the
    caller is by what else they say."""
    for kind, counterpart in _SEEKING_COUNTERPART:
        if counterpart.search(text):
            return kind
    found = _first_deal_word(text, expecting)
    if found is None and _VALUATION.search(text) and _OWN_WORDS.search(text):
        return "sell"
    if found in _OWNER_SIDE and _ASKING_WHAT_TO_ASK.search(text) and not _SEEKER.search(text):
        return _OWNER_SIDE[found]  # "כמה אפשר לבקש על … בשכירות?": the landlord's question
    if found == "let" and re.search(r"להשכיר", text) and _tenant_says_let(text):
        return "rent"
    return found


def _first_deal_word(text: str, expecting: str | None) -> DealType | None:
    best: tuple[int, DealType] | None = None
    for kind, pattern in _DEAL_PATTERNS:
        m = re.search(pattern, text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    owner = bool(_OWNER.search(text))
    seeker = bool(_SEEKER.search(text))
    m_rent_ad = re.search(r"להשכרה|השכרה", text)
    m_sale_ad = re.search(r"למכירה|מכירה", text)
    ads: tuple[tuple[re.Match[str] | None, DealType, DealType], ...] = (
        (m_rent_ad, "let", "rent"),
        (m_sale_ad, "sell", "buy"),
    )
    for m_ad, own_kind, seek_kind in ads:
        if not m_ad or (best is not None and best[0] < m_ad.start()):
            continue
        if owner and not seeker:
            kind = own_kind
        elif seeker:
            kind = seek_kind
        else:
            # A bare answer to "קנייה, שכירות, מכירה או השכרה?" names the caller's own deal.
            bare = m_ad.group(0) in ("השכרה", "מכירה")
            kind = own_kind if bare else seek_kind
        best = (m_ad.start(), kind)
    if best is None and expecting == "deal_type":
        if re.search(r"לגור|למגורים|השקעה|להשקעה", text):
            return "buy"
    return best[1] if best else None


_PROPERTY_PATTERNS: list[tuple[PropertyType, str]] = [
    (
        "penthouse",
        r"פנטהאוז|פנטהאוס|פנטהוז|פנטהאוז|פנטאוז|פנטהאוזים|מיני פנט|דירת גג|דירות גג|"
        r"penthouse",
    ),
    (
        "garden_apartment",
        r"דירת גן|דירות גן|דירת גארדן|garden apartment|garden flat|דירת קרקע|"
        r"גן עם|דירת גינה",
    ),
    (
        "house",
        r"בית פרטי|בתים פרטיים|צמוד קרקע|צמודת קרקע|קוטג|וילה|וילות|דו משפחתי|דו-משפחתי|"
        r"חד משפחתי|חד-משפחתי|בית עם חצר|בית עם גינה|טריפלקס|\bhouse\b|\bvilla\b|\bcottage\b",
    ),
    (
        "commercial",
        r"מסחרי|מסחרית|משרדים|חנות|חנויות|מחסן|קליניקה|מבנה תעשייה|אולם|"
        r"\bcommercial\b|\boffice\b|\bshop\b|\bstore\b|\bretail\b|"
        r"(?:מחפש|מחפשת|לשכור|לקנות|להשכיר|למכור|יש לי) משרד|"
        # "משכיר משרד 80 מ\"ר": an office as the property; "המשרד", "מהמשרד", "למשרד שלכם" and
        # "משרד תיווך" are the brokerage.
        r"(?:^|(?<=\s))ו?משרד(?=$|[\s.,])(?! (?:תיווך|שלכם|שלך|הפנים|עורכי|ממשלתי))",
    ),
    (
        "land",
        r"(?<!צמוד )(?<!צמודת )(?<!קומת )(?:ה|ל|ב)?(?:מגרש|מגרשים|קרקע)(?! צמוד)|"
        r"\bland\b|\bplot\b",
    ),
    (
        "apartment",
        r"דירה|דירת|דירות|דירונת|דירונית|סטודיו|יחידת דיור|דופלקס|\bapartment\b|\bflat\b|"
        r"\bstudio\b|\bcondo\b",
    ),
]
_HOUSE_WORD = re.compile(
    rf"{_B}(?:ו|ה|ל|את ה|וה)?בית{_E}(?! (?:שמש|שאן|קשת|דגן|ים|חולים|ספר|כנסת|משפט|קפה|ה?שלי))"
)


def property_type(text: str, expecting: str | None) -> PropertyType | None:
    for kind, pattern in _PROPERTY_PATTERNS:
        if re.search(pattern, text):
            return kind
    if _HOUSE_WORD.search(text) and not find_city_words(text, "בית"):
        return "house"
    if expecting == "property_type":
        if re.search(rf"{_B}(?:ב|ה)?גן{_E}|גינה", text):
            return "garden_apartment"
        if re.search(r"משרד|\bבית\b", text):
            return "commercial" if "משרד" in text else "house"
    return None


def find_city_words(text: str, word: str) -> bool:
    return any(word in text[m.start : m.end] for m in find_cities(text))


_ROOM_WORDS = {"חדרים", "חדר", "חד'", "חד", "rooms", "room", "חדרי", "bedroom", "bedrooms"}
_FLOOR_WORDS = {"קומה", "בקומה", "floor"}
_AREA_WORDS = {"מטר", "מטרים", 'מ"ר', "מר", "מ'", "sqm", "m2", "meters"}
_MONEY_AFTER = {'ש"ח', "שח", "שקל", "שקלים", "₪", "nis", "ils", "shekel", "shekels", "שקל,"}
_BUDGET_CUES = re.compile(
    r"תקציב|עד|בסביבות|בערך|מקסימום|לא יותר|באזור של|סביב|מחיר|שווי|מבקש|מבקשים|לחודש|"
    r"budget|up to|around|max|about|price|per month|a month"
)
_RENTISH = {"rent", "let"}


def _is_year(m: NumberMention, tokens: list[str]) -> bool:
    return (
        m.value.is_integer()
        and 2020 <= m.value <= 2040
        and m.scale == 1
        and not any(t in _MONEY_AFTER for t in tokens[m.end : m.end + 1])
    )


def rooms_and_budget(
    text: str, expecting: str | None, deal: str | None
) -> tuple[float | None, int | None]:
    tokens = text.split()
    mentions = [m for m in find_numbers(tokens) if not _is_phone_like(tokens, m)]
    rooms: float | None = None
    budgets: list[float] = []
    for m in mentions:
        after = tokens[m.end] if m.end < len(tokens) else ""
        before = tokens[m.start - 1] if m.start > 0 else ""
        first_word = tokens[m.start]
        if after in _ROOM_WORDS or after.startswith("חד'") or first_word in ("חדר", "וחדר"):
            after_rooms = tokens[m.end + 1] if m.end + 1 < len(tokens) else ""
            value = m.value + 0.5 if after_rooms == "וחצי" and m.value.is_integer() else m.value
            if rooms is None and _valid_rooms(value):
                rooms = value
            continue
        if before in ("דירת", "דירה", "בית", "פנטהאוז", "פנטהאוס") and _valid_rooms(m.value):
            if rooms is None and m.scale == 1:
                rooms = m.value
            continue
        if _is_year(m, tokens) or after in ("בדצמבר", "לחודש,") or _looks_like_time(tokens, m):
            continue
        if before in _FLOOR_WORDS or after in _AREA_WORDS:
            continue  # "קומה 3", "150 מטר": the floor and the size, never a price
        money_word = after in _MONEY_AFTER or first_word.endswith(("₪",))
        if m.scale > 1 or m.value >= 1000 or money_word:
            budgets.append(m.upper if m.upper and m.upper > m.value else m.value)
            continue
        cue = bool(_BUDGET_CUES.search(" ".join(tokens[max(0, m.start - 3) : m.start + 1])))
        if expecting == "budget" or (cue and m.value < 100):
            scaled = _scale_bare_budget(m.value, deal)
            if scaled is not None:
                budgets.append(scaled)
            continue
        bare = m.end - m.start == len(tokens) or (m.start == 1 and tokens[0] in ("בערך", "כ"))
        half = not m.value.is_integer()
        maybe_a_name = expecting == "name" and m.from_words  # "שני" is also a name
        if (
            rooms is None
            and _valid_rooms(m.value)
            and (
                expecting == "rooms"
                or (expecting != "slot" and (half or bare) and not maybe_a_name)
            )
        ):
            rooms = m.value  # "3 וחצי", or a bare "4" when Leah asked something else
    # "חדר וחצי" / "חדר אחד": the word חדר before the number.
    if rooms is None:
        m_room = re.search(r"(?:^|\s)(?:ו|ב)?חדר (ו?חצי|אחד)(?=$|\s)", text)
        if m_room:
            rooms = 1.5 if "חצי" in m_room.group(1) else 1.0
    budget = int(max(budgets)) if budgets else None
    return rooms, budget


def _looks_like_time(tokens: list[str], m: NumberMention) -> bool:
    before = tokens[m.start - 1] if m.start > 0 else ""
    word = tokens[m.start]
    return (
        before in ("בשעה", "שעה", "at", "מחר", "היום", "מחרתיים")
        or ":" in word
        or (
            word.startswith("ב")
            and m.value <= 24
            and m.scale == 1
            and not word[1:].lstrip("-").startswith(("0",))
            and before not in ("תקציב", "עד")
        )
    )


def _is_phone_like(tokens: list[str], m: NumberMention) -> bool:
    digits = re.sub(r"\D", "", " ".join(tokens[m.start : m.end]))
    return len(digits) >= 9 and digits.startswith(("0", "972"))


def _valid_rooms(value: float) -> bool:
    return 1 <= value <= 12 and (value * 2).is_integer()


def _scale_bare_budget(value: float, deal: str | None) -> float | None:
    """A bare number given as a budget: "2.5" for a purchase means millions, "7" for a rental
    means thousands; anything that cannot be a price is dropped."""
    if value >= 1000:
        return value
    if deal in _RENTISH:
        return value * 1000 if value <= 60 else None
    if value <= 50:
        return value * 1_000_000
    if 100 <= value < 1000:
        return value * 1000  # "800" for a purchase: 800 thousand
    return None


_TIMING = re.compile(
    r"מיידי|מיד|בהקדם|דחוף|כמה שיותר מהר|בעוד (?:\S+ )?(?:חודש|חודשים|חודשיים|שנה|שנתיים|חצי שנה)|"
    r"תוך (?:\S+ )?(?:חודש|חודשים|חודשיים|שנה|חצי שנה|שבועות)|לא דחוף|אין לחץ|"
    r"(?:עד |ב)?סוף השנה|בשנה הקרובה|בקיץ|בחורף|באביב|בסתיו|בחודשים הקרובים|"
    r"(?:החל )?מ?(?:ה|ב)?-?1 ל(?:חודש|ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|"
    r"אוקטובר|נובמבר|דצמבר)|asap|immediately|next (?:month|year)|in (?:a|\d+) (?:months?|years?)"
)


def timing(text: str) -> str | None:
    m = _TIMING.search(text)
    return m.group(0) if m else None


def city(text: str, expecting: str | None) -> str | None:
    found = find_city(text)
    if found:
        return found.city
    return None


def _numbers_by_clause(
    clauses: list[str], expecting: str | None, deal: str | None
) -> tuple[float | None, int | None]:
    """Rooms and budget read clause by clause, so "שבעת אלפים וחמש מאות, שניים וחצי חדרים"
    stays two numbers; numbers inside a city name ("באר שבע") are skipped."""
    rooms: float | None = None
    budgets: list[int] = []
    correcting = False
    last_kind: str | None = None  # "rooms" or "budget": what a bare corrected number means
    for clause in clauses:
        numeric = clause
        for found in reversed(find_cities(clause)):  # exact names only: typos hold no digits
            numeric = numeric[: found.start] + " " + numeric[found.end :]
        correcting = correcting or bool(_CORRECTION.search(clause))
        reading = last_kind if correcting and last_kind else expecting
        clause_rooms, clause_budget = rooms_and_budget(numeric, reading, deal)
        if clause_rooms is not None and (rooms is None or correcting):
            rooms, last_kind = clause_rooms, "rooms"
        if clause_budget is not None:
            # "3.8 מיליון… בעצם 3.6": after a correction the new figure replaces the old.
            budgets = [clause_budget] if correcting else [*budgets, clause_budget]
            last_kind = "budget"
    return rooms, (max(budgets) if budgets else None)


# A caller correcting themselves mid-message: the figures after it replace the ones before.
_CORRECTION = re.compile(
    r"(?:^|\s)(?:בעצם|סליחה|רגע|כלומר|יותר נכון|תיקון|טעיתי|actually|sorry|i mean)(?=$|\s)"
)


def extract_fields(
    text: str, expecting: str | None, known_deal: str | None, clauses: list[str] | None = None
) -> LeadFields:
    """Every lead detail stated in normalized ``text`` (name is read separately); ``clauses``
    are the message's comma-separated parts, normalized, when the caller has them."""
    deal = deal_type(text, expecting)
    city_match = find_city(text, asked=expecting == "city")
    rooms, budget = _numbers_by_clause(clauses or [text], expecting, deal or known_deal)
    fields = LeadFields(
        deal_type=deal,
        property_type=property_type(text, expecting),
        rooms=rooms,
        city=city_match.city if city_match else None,
        budget=budget,
        timing=timing(text),
    )
    monthly = re.search(r"לחודש|per month|a month", text)
    if fields.deal_type is None and known_deal is None and fields.budget and monthly:
        fields = replace(fields, deal_type="rent")
    budget = fields.budget
    if fields.deal_type is None and known_deal is None and budget and _SEEKER.search(text):
        # "מחפש מגרש … עד מיליון": a seeker's budget says whether they buy or rent.
        if budget >= _PURCHASE_BUDGET:
            fields = replace(fields, deal_type="buy")
        elif budget <= _MONTHLY_RENT_BUDGET:
            fields = replace(fields, deal_type="rent")
    return fields


_PURCHASE_BUDGET = 150_000  # no home is bought for less, and no one rents for more a month
_MONTHLY_RENT_BUDGET = 60_000
