"""Hebrew (and simple English) date and time phrases → a structured request for a meeting time.

"מחר בעשר", "מחרתיים בשלוש", "יום ראשון הבא", "אחרי הצהריים", "ב-9 בדצמבר", "9/12 ב-16:30",
"ברבע לחמש", "tomorrow at 10am". Hours without a part of day are read as office hours:
1–7 mean the afternoon (בשלוש = 15:00), 8–11 the morning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from agentlocator.calendar.holiday_season import first_day_after_holidays
from agentlocator.calendar.request import PartOfDay, WhenRequest
from agentlocator.hebrew.day_names import MONTHS as _MONTHS
from agentlocator.hebrew.day_names import WEEKDAYS as _WEEKDAYS
from agentlocator.hebrew.numbers import word_value

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(
    sorted((re.escape(k) for k in _WEEKDAYS if not k.isascii()), key=len, reverse=True)
)
_EN_WEEKDAYS = "|".join(k for k in _WEEKDAYS if k.isascii())
_B = r"(?:^|(?<=\s))"
_E = r"(?=$|\s)"


def _next_weekday(today: date, weekday: int, strictly_after: bool = True) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return today + timedelta(days=ahead)


def _date_in_future(today: date, day: int, month: int, year: int | None = None) -> date | None:
    try:
        candidate = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and candidate < today:
        try:
            candidate = date(today.year + 1, month, day)
        except ValueError:
            return None
    return candidate


def _find_day(text: str, today: date) -> tuple[date | None, date | None, date | None, str]:
    """(day, range_from, range_to, text with the day phrase removed)."""

    def cut(match: re.Match[str]) -> str:
        return text[: match.start()] + " " + text[match.end() :]

    rel = [
        (rf"{_B}(?:ו|ב|ל)?מחרתיים{_E}|day after tomorrow", 2),
        (rf"{_B}(?:ו|ל)?מחר{_E}|tomorrow", 1),
        (rf"{_B}(?:ו|ל)?היום{_E}|today|עוד היום", 0),
    ]
    for pattern, offset in rel:
        m = re.search(pattern, text)
        if m:
            return today + timedelta(days=offset), None, None, cut(m)
    m = re.search(r"בעוד (\S+) (?:ימים|יום)", text)
    if m and (n := word_value(m.group(1))) is not None:
        return today + timedelta(days=int(n)), None, None, cut(m)
    m = _AFTER_HOLIDAYS.search(text)
    if m and (first := first_day_after_holidays(today)) is not None:
        return None, first, first + timedelta(days=6), cut(m)
    m = re.search(rf"{_B}(?:בעוד |תוך )?יומיים{_E}|in two days|in 2 days", text)
    if m:
        return today + timedelta(days=2), None, None, cut(m)
    m = re.search(rf"{_B}(?:בעוד )?שבועיים{_E}|in two weeks", text)
    if m:
        return today + timedelta(days=14), None, None, cut(m)
    m = re.search(r"בעוד (?:שבוע|week)|in a week", text)
    if m:
        return today + timedelta(days=7), None, None, cut(m)
    # 9 בדצמבר / ב-9 לדצמבר / december 9 / 9 dec
    m = re.search(rf"{_B}(?:[בהל]-?)?(\d{{1,2}}) (?:[בל]-?)?({_MONTH_RE}){_E}", text)
    if not m:
        m2 = re.search(rf"{_B}({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?{_E}", text)
        if m2:
            found = _date_in_future(today, int(m2.group(2)), _MONTHS[m2.group(1)])
            return found, None, None, cut(m2)
    if m:
        found = _date_in_future(today, int(m.group(1)), _MONTHS[m.group(2)])
        return found, None, None, cut(m)
    # ב-10 לחודש, ה-28 לחודש, בעשרה לחודש, ב-1 לחודש הבא: this month, or the next once passed
    m = _DAY_OF_MONTH.search(text)
    if m:
        found = _day_of_month(today, m.group(1), next_month=m.group(2) in (" הבא", " הקרוב"))
        if found is not None:
            return found, None, None, cut(m)
    # 9/12, 9.12, 9/12/2026 (day first, as in Israel)
    m = re.search(r"(?:^|(?<=[\s\-בלה]))(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?(?=$|\s)", text)
    decimal_like = False
    if m is not None and m.group(3) is None and "." in m.group(0):
        # "3.5" is far more often rooms or millions than the 3rd of May: a dotted date needs a
        # prefix ("ב-9.12") or a time beside it, and never a unit after it.
        prefixed = m.start() > 0 and text[m.start() - 1] in "בלה-"
        after = text[m.end() :].split()
        unit_after = bool(after) and after[0].startswith(("חד", "מיליון", "מ'", "אלף", "room"))
        timed = bool(re.search(r"בשעה|\d:\d\d|(?:^|\s)ב-?\d", text[m.end() :]))
        decimal_like = (
            m.group(2) in ("00", "15", "30", "45") or unit_after or not (prefixed or timed)
        )
    if m and not decimal_like:
        year = int(m.group(3)) if m.group(3) else None
        if year is not None and year < 100:
            year += 2000
        found = _date_in_future(today, int(m.group(1)), int(m.group(2)), year)
        if found:
            return found, None, None, cut(m)
    m = re.search(r"(?:שבוע הבא|בשבוע הבא|שבוע הקרוב|בשבוע הקרוב|next week)", text)
    weekday_m = re.search(
        rf"{_B}(?:(?:ב|ו|וב|ל)?יום |ב|וב)?({_WEEKDAY_WORDS}){_E}|{_B}({_EN_WEEKDAYS}){_E}", text
    )
    if weekday_m:
        name = weekday_m.group(1) or weekday_m.group(2)
        explicit = (
            weekday_m.group(0).strip() != name
            or name.isascii()
            or name in ("שלישי", "רביעי", "חמישי", "שישי")
            or _time_follows(text[weekday_m.end() :])  # "אז ראשון בעשר": Sunday, not "first"
        )
        if explicit and not re.search(rf"ה{re.escape(name)}{_E}", weekday_m.group(0)):
            target = _next_weekday(today, _WEEKDAYS[name])
            if (target - today).days == 1 and re.search(r"הבא|next", text):
                target += timedelta(days=7)  # tomorrow is "מחר": "יום רביעי הבא" is next week's
            if m and (target - today).days < _days_to_next_sunday(today):
                target += timedelta(days=7)  # "ביום שלישי בשבוע הבא"
            return target, None, None, cut(weekday_m)
    letter_m = re.search(rf"{_B}(?:ב|ו|וב|ל)?יום ([אבגדהו])'?{_E}", text)
    if letter_m:
        target = _next_weekday(today, _WEEKDAYS[letter_m.group(1) + "'"])
        if m and (target - today).days < _days_to_next_sunday(today):
            target += timedelta(days=7)
        return target, None, None, cut(letter_m)
    if m:
        start = today + timedelta(days=_days_to_next_sunday(today))
        return None, start, start + timedelta(days=5), cut(m)
    return None, None, None, text


_AFTER_HOLIDAYS = re.compile(r"אחרי (?:ה)?חגים|אחרי החג(?=$|\s)|after the holidays")
_TIME_AFTER = re.compile(
    r"^\s*(?:בשעה \S+|(?:ב|ב-)?\d{1,2}(?::\d\d)?|ב-?(\S+)|בבוקר|בערב|בצהריים|אחה\"צ|אחהצ|"
    r"אחרי הצהריים|אחר הצהריים)(?=$|\s)"
)


def _time_follows(rest: str) -> bool:
    """A clock time or part of day right after a word ("ראשון בעשר", "שני ב-4")."""
    m = _TIME_AFTER.match(rest)
    if m is None:
        return False
    spoken = m.group(1)
    return spoken is None or word_value(spoken) is not None


_DAY_OF_MONTH = re.compile(
    r"(?:^|(?<=\s))(?:[בהל]-?)(\S+) (?:ל|ב)חודש( הבא| הקרוב| הזה| הנוכחי)?(?=$|\s)"
)


def _day_of_month(today: date, word: str, next_month: bool) -> date | None:
    """The ``word``-th of this month (or the next month with that day, once it has passed)."""
    value = word_value(word)
    if value is None or value != int(value) or not 1 <= value <= 31:
        return None
    year, month = today.year, today.month
    if next_month:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for _ in range(3):
        try:
            candidate: date | None = date(year, month, int(value))
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _days_to_next_sunday(today: date) -> int:
    return (6 - today.weekday()) % 7 or 7


_PARTS: list[tuple[str, PartOfDay]] = [
    (r"אחרי ה?צהריים|אחר ה?צהריים|אחה\"צ|אחהצ|afternoon|אחרי הצהרים", "afternoon"),
    (r"לפני ה?צהריים|לפנה\"צ|בבוקר|בוקר|morning|\bam\b", "morning"),
    (r"בצהריים|צהריים|בצהרים|noon|lunch", "noon"),
    (r"בערב|ערב|evening|\bpm\b", "evening"),
]


def _find_part(text: str) -> tuple[PartOfDay | None, str]:
    for pattern, part in _PARTS:
        m = re.search(pattern, text)
        if m:
            if part == "evening" and m.group(0) == "pm":
                return None, text  # "4pm" is read with the hour
            return part, text[: m.start()] + " " + text[m.end() :]
    return None, text


_TIME_WORD = r"(\S+?)"
_CLOCK = re.compile(r"(?:^|(?<=[\sבל\-]))(\d{1,2})[:.](\d{2})(?=$|\s)")
_QUARTER_TO = re.compile(r"(?:ב|ב-)?רבע ל-?(\S+)")
_EN_TIME = re.compile(
    r"(?:at |around )?(\d{1,2})(?::(\d{2}))? ?(am|pm)(?=$|\s)|at (\d{1,2})(?=$|\s)"
)
_MARKED_HOUR = re.compile(
    r"(?:^|(?<=\s))(?:בשעה|שעה|סביב|בסביבות|בערך ב|בערך|עד|אחרי|לפני|מ)?\s?"
    r"(ב-?|ל-?)?(\S+)(?: (ו?חצי|ו?רבע|ועשרים|ועשר|וחמש))?(?=$|\s)"
)


def _hour_from_word(word: str, marked: bool) -> int | None:
    if not marked:
        return None
    value = word_value(word)
    if value is None or value != int(value) or not 0 <= value <= 24:
        return None
    return int(value)


def _to_24h(hour: int, part: PartOfDay | None) -> int:
    if part in ("afternoon", "evening") and hour < 12:
        return hour + 12
    if part == "noon" and hour < 6:
        return hour + 12
    if part == "morning":
        # Nobody books an office meeting at 3 am: "לא בבוקר, בשלוש" still means 15:00.
        return hour + 12 if 1 <= hour <= 6 else hour
    if 1 <= hour <= 7:
        return hour + 12
    return hour


def _find_time(text: str, part: PartOfDay | None, assume_time: bool) -> time | None:
    m = _CLOCK.search(text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour <= 23 and minute < 60:
            if hour < 12 and part in ("afternoon", "evening"):
                hour += 12
            elif part is None and 1 <= hour <= 7:
                hour += 12  # "ב-4:30" is half past four in the afternoon, as "בארבע וחצי" is
            return time(hour, minute)
    m = _EN_TIME.search(text)
    if m:
        if m.group(4):
            return time(_to_24h(int(m.group(4)), part), 0)
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3) == "pm" and hour < 12:
            hour += 12
        if hour <= 23 and minute < 60:
            return time(hour, minute)
    m = _QUARTER_TO.search(text)
    if m:
        value = word_value(m.group(1))
        if value is not None and 1 <= value <= 12:
            hour = _to_24h(int(value), part) - 1
            return time(hour, 45)
    words = text.split()
    for i, word in enumerate(words):
        prev = words[i - 1] if i else ""
        marked = (
            assume_time
            or word.startswith(("ב", "ל"))
            and word_value(word) is not None
            and word_value(word[1:].lstrip("-")) is not None
            or prev
            in (
                "בשעה",
                "שעה",
                "השעה",
                "סביב",
                "בסביבות",
                "אחרי",
                "לפני",
                "בין",
                "at",
                "around",
                "after",
                "before",
            )
        )
        if word_value(word) is None:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        units = ("חדרים", "חדר", "ימים", "שבועות", "דקות", "מיליון", "אלף", "שקל", 'ש"ח', "לחודש")
        if nxt in units or any(w in units[5:] for w in words[i + 1 : i + 3]):
            continue  # "4 חדרים", "בין 6 ל-7 אלף": amounts, not hours
        spoken = _hour_from_word(word, marked)
        if spoken is None:
            continue
        hour = spoken
        minute = 0
        if nxt in ("וחצי", "חצי", "and") or (nxt == "half"):
            minute = 30
        elif nxt in ("ורבע", "רבע"):
            minute = 15
        elif nxt in ("ועשרים",):
            minute = 20
        elif nxt in ("ועשר",):
            minute = 10
        if hour == 24:
            hour = 0
        if hour > 12:
            return time(hour, minute)
        return time(_to_24h(hour, part), minute)
    return None


_ALTERNATIVE = re.compile(r"\s(?=(?:אבל|אפשר|עדיף|אז|במקום|אולי|but|instead|rather|maybe)\s)")
_NEGATION = re.compile(r"(?:^|\s)(?:לא|אין|not|can't|cannot)(?=\s|$)")


def parse_when(text: str, now: datetime, assume_time: bool = False) -> WhenRequest:
    """Read a meeting time request from normalized ``text``; ``now`` is local (Asia/Jerusalem).

    ``assume_time``: a bare number is an hour (Leah just asked "באיזו שעה?"). When the caller
    turns down one time and offers another ("לא אוכל מחר, אפשר ביום חמישי?"), the last
    alternative wins; the day of an earlier clause carries over unless it was turned down.
    """
    clauses = [c for c in _ALTERNATIVE.split(text) if c.strip()]
    whole = _parse_when(text, now, assume_time)
    if len(clauses) < 2:
        return whole
    for index in range(len(clauses) - 1, -1, -1):
        last = _parse_when(clauses[index], now, assume_time)
        if last.is_empty:
            continue
        earlier = " ".join(clauses[:index])
        if last.day is None and last.from_day is None and not _NEGATION.search(earlier):
            last = replace(last, day=whole.day, from_day=whole.from_day, to_day=whole.to_day)
        return replace(last, asap=last.asap or whole.asap)
    return whole


# "אחת עשרה" … "תשע עשרה" (also hyphenated) are one number; the hour loop reads single words,
# so they become digits first: "באחת עשרה" → "ב11", "בשבע-עשרה" → "ב17".
_COMPOUND_TEEN = re.compile(r"(?:^|(?<=\s))(ב-?|ל-?)?(\S+?)[\s-]עשרה?(?=$|\s)")


def _teens_as_digits(text: str) -> str:
    def digits(match: re.Match[str]) -> str:
        value = word_value(match.group(2))
        if value is None or not 1 <= value <= 9 or value != int(value):
            return match.group(0)
        return f"{(match.group(1) or '').rstrip('-')}{int(value) + 10}"

    return _COMPOUND_TEEN.sub(digits, text)


# "הפגישה של מחר": a day said after "של" names the meeting the caller already has; when another
# day is said too ("…של מחר ליום ראשון"), that other day is the one asked for.
_MEETING_OF_DAY = re.compile(r"(?:ה)?פגישה של (?:ה?יום \S+|מחרתיים|מחר|היום|ה-?\d{1,2}(?: לחודש)?)")


def _parse_when(text: str, now: datetime, assume_time: bool) -> WhenRequest:
    today = now.date()
    text = re.sub(r"(?:^|(?<=\s))(ב|ל) (?=\d)", r"\1", text)  # "ב 11" → "ב11"
    text = _teens_as_digits(text)
    described = _MEETING_OF_DAY.search(text)
    if described is not None:
        other = text[: described.start()] + " " + text[described.end() :]
        if _find_day(other, today)[0] is not None:
            text = other
    asap = bool(re.search(r"הכי מוקדם|כמה שיותר מוקדם|בהקדם|עכשיו|asap|as soon as|מתי שאפשר", text))
    day, from_day, to_day, rest = _find_day(text, today)
    part, rest = _find_part(rest)
    at = _find_time(rest, part, assume_time)
    return WhenRequest(day=day, at=at, part=part, from_day=from_day, to_day=to_day, asap=asap)
