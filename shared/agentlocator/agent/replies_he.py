"""Every Hebrew sentence the offline engine says, built from structured inputs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from agentlocator.calendar.hours import BusinessHours

WEEKDAY_NAMES = ("שני", "שלישי", "רביעי", "חמישי", "שישי", "שבת", "ראשון")  # date.weekday()

QUESTIONS = {
    "deal_type": "מה מחפשים: לקנות, לשכור, או שיש לך נכס למכירה או להשכרה?",
    "property_type": "איזה סוג נכס? דירה, דירת גן, פנטהאוז, בית פרטי, או נכס מסחרי?",
    "city": "באיזו עיר או אזור?",
    "rooms": "כמה חדרים?",
    "budget_buy": "ומה התקציב, בערך?",
    "budget_rent": "ומה התקציב לחודש, בערך?",
    "budget_sell": "וכמה מבקשים על הנכס, בערך?",
    "budget_let": "וכמה שכר דירה מבקשים, בערך?",
    "name": "ואיך קוראים לך?",
}
ACKS = ("מעולה.", "רשמתי.", "נהדר.", "תודה.")
NO_PREFERENCE_OK = "בסדר, בלי העדפה מיוחדת."
NAME_NOT_NEEDED = "בסדר גמור, אפשר גם בלי שם."
THANKS_FOR_DETAILS = "תודה, הסוכן ישמח לשמוע על הנכס בפגישה."
OPEN_HOURS_THAT_DAY = "{day} המשרד פתוח {hours}."
NICE_TO_MEET = "נעים מאוד, {name}."
# The greeting's sentences are in greeting_he.py (the voice webhook imports them alone).
OFFER = "אשמח לקבוע לך פגישה עם סוכן מהמשרד. {options}. מה מתאים לך?"
OFFER_AGAIN = "אפשר {options}. מה מתאים לך?"
OFFER_NEAR = "{when} לא פנוי, אבל יש {options}. מה מתאים?"
NO_SLOTS = "כרגע אין לי מועד פנוי ביומן. אדאג שסוכן יחזור אליך לתאם."
BOOKED = "מעולה, קבעתי לך פגישה {slot}."
BOOKED_TAIL_QUESTION = "עוד שאלה קטנה: {question}"
TENTATIVE_TAIL = "אם שעה אחרת נוחה יותר, אפשר פשוט לומר לי."
MOVED = "בסדר גמור, העברתי את הפגישה ל{slot}."
CANCELLED = "ביטלתי את הפגישה. רוצה לקבוע מועד אחר?"
NOTHING_TO_CANCEL = "לא מצאתי פגישה שקבועה לך כרגע."
TAKEN = "אוי, המועד הזה נתפס הרגע."
CLOSED = {
    "shabbat": "בשבת המשרד סגור.",
    "holiday": "ביום הזה חג והמשרד סגור.",
    "closed": "ביום הזה המשרד סגור.",
}
ASK_WHEN = "איזה יום ושעה נוחים לך?"
WHICH_ONE = "איזה מהמועדים מתאים לך?"
NOT_INTERESTED = "בסדר גמור, תודה שהקדשת לי מזמנך. אם משהו ישתנה, אנחנו כאן. יום טוב!"
THANKS_BYE = "תודה רבה, יום טוב!"
NO_MEETING_OK = "בסדר גמור. שמרתי את הפרטים, וסוכן יחזור אליך אם יהיה משהו מתאים."
PRICES = "פרטים מדויקים על נכסים ומחירים הסוכן שלנו ייתן לך, כדי שלא אמסור מידע לא מדויק."
OTHER_LEADS = "אני לא יכולה למסור שום מידע על פונים אחרים. אשמח לעזור לך בחיפוש שלך."
CALLBACK = "בטח, ביקשתי שסוכן מהמשרד יחזור אליך בהקדם."
ANYTHING_ELSE = "יש עוד משהו שאפשר לעזור בו?"
GOODBYE = "תודה רבה{name}, שיהיה לך יום נפלא!"
GOODBYE_WITH_MEETING = "תודה רבה{name}, נתראה {slot}. יום נפלא!"
DIDNT_UNDERSTAND = "סליחה, לא הבנתי."
ASK_AGAIN = "אפשר לומר את זה שוב במילים אחרות?"
TECHNICAL_TROUBLE = "סליחה, הייתה לי תקלה רגעית. אפשר לחזור על זה?"
ALREADY_BOOKED = "יש לך כבר פגישה {slot}. רוצה להזיז אותה?"
SUMMARY_FIELDS = {
    "name": "שם",
    "deal_type": "עסקה",
    "property_type": "נכס",
    "rooms": "חדרים",
    "city": "עיר",
    "budget": "תקציב",
    "timing": "מתי",
}
DEAL_LABELS = {
    "buy": "קנייה",
    "rent": "שכירות",
    "sell": "מכירה",
    "let": "השכרה",
}
PROPERTY_LABELS = {
    "apartment": "דירה",
    "garden_apartment": "דירת גן",
    "penthouse": "פנטהאוז",
    "house": "בית פרטי",
    "commercial": "נכס מסחרי",
    "land": "מגרש",
}


WHO_I_AM = "אני לאה, העוזרת הדיגיטלית של המשרד. אני רושמת את הפרטים וקובעת פגישות עם הסוכנים."
_HOURS_DAYS = ((6, "א'"), (0, "ב'"), (1, "ג'"), (2, "ד'"), (3, "ה'"), (4, "ו'"), (5, "ש'"))


def hours_sentence(hours: BusinessHours) -> str:
    """ "המשרד פתוח בימים א'-ה' 09:00–18:00, ו' 09:00–13:00." from the business's hours."""
    groups: list[tuple[list[str], str]] = []
    for weekday, label in _HOURS_DAYS:
        intervals = hours.weekly.get(weekday, ())
        if not intervals:
            continue
        span = ", ".join(f"{iv.opens:%H:%M}–{iv.closes:%H:%M}" for iv in intervals)
        if groups and groups[-1][1] == span:
            groups[-1][0].append(label)
        else:
            groups.append(([label], span))
    parts = [
        f"{days[0]}-{days[-1]} {span}" if len(days) > 1 else f"{days[0]} {span}"
        for days, span in groups
    ]
    return "המשרד פתוח בימים " + ", ".join(parts) + "."


def day_phrase(day: date, today: date) -> str:
    delta = (day - today).days
    weekday = WEEKDAY_NAMES[day.weekday()]
    if delta == 0:
        return "היום"
    if delta == 1:
        return f"מחר, יום {weekday},"
    if delta == 2:
        return f"מחרתיים, יום {weekday},"
    return f"ביום {weekday} {day.day}.{day.month}"


def slot_phrase(start: datetime, today: date) -> str:
    """ "מחר, יום רביעי, ב-10:00" (``start`` in local time)."""
    return f"{day_phrase(start.date(), today)} ב-{start:%H:%M}"


def options_phrase(starts: Sequence[datetime], today: date) -> str:
    """ "מחר ב-10:00, או ביום חמישי ב-16:30" with shared days said once."""
    parts: list[str] = []
    last_day: date | None = None
    for start in starts:
        if start.date() == last_day:
            parts.append(f"ב-{start:%H:%M}")
        else:
            parts.append(slot_phrase(start, today))
        last_day = start.date()
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " או " + parts[-1]


def when_phrase(day: date | None, today: date, hour_minute: str | None) -> str:
    text = day_phrase(day, today).rstrip(",") if day else ""
    if hour_minute:
        text = f"{text} ב-{hour_minute}".strip()
    return text or "המועד הזה"


def budget_question(deal_type: str | None) -> str:
    return QUESTIONS[f"budget_{deal_type or 'buy'}"]
