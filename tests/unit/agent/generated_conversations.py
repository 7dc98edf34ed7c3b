"""Conversations generated from phrase pools (deal, city spelling, rooms, budget in digits or
words, name cues, fillers such as "אממ"/"בעצם", shuffled order, several answers in one line)
with their expected lead and booking. Used while tuning the engine, so it is a regression
guard, not held-out evidence."""

from __future__ import annotations

import random
from typing import Any

CITIES = {
    "תל אביב": ["תל אביב", 'ת"א', "תל-אביב", "tel aviv", "תל אביב יפו"],
    "רמת גן": ["רמת גן", 'ר"ג', "רמת-גן", "ramat gan"],
    "פתח תקווה": ["פתח תקווה", 'פ"ת', "פתח תקוה", "petah tikva"],
    "ירושלים": ["ירושלים", "י-ם", "jerusalem"],
    "חיפה": ["חיפה", "haifa"],
    "הרצליה": ["הרצליה", "הרצלייה"],
    "נתניה": ["נתניה"],
    "באר שבע": ["באר שבע", 'ב"ש'],
    "ראשון לציון": ["ראשון לציון", 'ראשל"צ'],
    "חולון": ["חולון", "holon"],
    "בת ים": ["בת ים", "בת-ים"],
    "כפר סבא": ["כפר סבא", 'כפ"ס'],
    "רעננה": ["רעננה"],
    "גבעתיים": ["גבעתיים"],
    "מודיעין": ["מודיעין"],
    "אשדוד": ["אשדוד"],
    "קריית אונו": ["קריית אונו", "קרית אונו"],
    "הוד השרון": ["הוד השרון"],
    "רחובות": ["רחובות"],
    "נס ציונה": ["נס ציונה"],
}
ROOMS = {
    2: ["2 חדרים", "שני חדרים", "2 rooms"],
    2.5: ["2.5 חדרים", "שניים וחצי חדרים", "2 וחצי חדרים"],
    3: ["3 חדרים", "שלושה חדרים", "3 חד'"],
    3.5: ["3.5 חדרים", "שלושה וחצי חדרים", "3 וחצי חדרים", "דירת 3.5"],
    4: ["4 חדרים", "ארבעה חדרים", "דירת 4", "4 rooms"],
    4.5: ["4.5 חדרים", "ארבעה וחצי חדרים", "4 וחצי חדרים"],
    5: ["5 חדרים", "חמישה חדרים", "דירת 5 חדרים"],
}
BUY_BUDGETS = {
    1_500_000: ["מיליון וחצי", "1.5 מיליון", '1,500,000 ש"ח'],
    1_800_000: ["מיליון ושמונה מאות אלף", "1.8 מיליון", "מיליון 800"],
    2_200_000: ["2.2 מיליון", "שני מיליון ומאתיים אלף", "2,200,000"],
    2_500_000: ["2.5 מיליון", "שניים וחצי מיליון", "2.5M"],
    3_000_000: ["3 מיליון", "שלושה מיליון", "3,000,000₪"],
    3_700_000: ["3.7 מיליון", "שלושה מיליון ושבע מאות אלף"],
}
RENT_BUDGETS = {
    4500: ["4500", '4,500 ש"ח', "ארבעת אלפים וחמש מאות"],
    5500: ["5500 שקל", "5.5 אלף", "חמשת אלפים וחמש מאות"],
    6000: ['6000 ש"ח', "6 אלף", "ששת אלפים שקל", "₪6000"],
    7500: ["7500", '7,500 ש"ח', "שבעת אלפים וחמש מאות"],
    9000: ["9000", "9 אלף"],
}
NAMES = [
    "דני", "מיכל", "יוסי", "רונית", "אבי", "נועה", "עומר", "שירה", "גיא", "טל", "אורית", "משה",
    "יעל", "רון", "ליאור", "הדס", "איתי", "קרן", "עידו", "מאיה", "שלומית", "אביטל", "ירדן",
]  # fmt: skip
DEALS = {
    "buy": ["אני מחפש לקנות דירה", "רוצה לקנות דירה", "מעוניינת לרכוש דירה",
            "מחפשים דירה לקנייה", "looking to buy an apartment"],
    "rent": ["מחפשת דירה לשכירות", "אני רוצה לשכור דירה", "מחפש דירה להשכרה",
             "want to rent an apartment"],
    "sell": ["אני רוצה למכור את הדירה שלי", "יש לי דירה למכירה", "i want to sell my apartment"],
    "let": ["אני רוצה להשכיר את הדירה שלי", "יש לי דירה להשכרה"],
}  # fmt: skip
TIMES = [
    ("מחר בעשר", "2026-11-25T10:00"),
    ("מחר ב-11:30", "2026-11-25T11:30"),
    ("מחרתיים בשלוש", "2026-11-26T15:00"),
    ("ביום ראשון ב-12", "2026-11-29T12:00"),
    ("יום ראשון הבא בעשר", "2026-11-29T10:00"),
    ("ב-9 בדצמבר ב-14:00", "2026-12-09T14:00"),
    ("ביום חמישי בשתיים וחצי", "2026-11-26T14:30"),
    ("מחר ברבע לחמש", "2026-11-25T16:45"),
    ("tomorrow at 4pm", "2026-11-25T16:00"),
    ("ביום שני הבא ב-9:30", "2026-11-30T09:30"),
    ("אפשר מחר ב-13:00?", "2026-11-25T13:00"),
    ("מחרתיים ב 12 בצהריים", "2026-11-26T12:00"),
    ("ביום ד' בשלוש", "2026-11-25T15:00"),
    ("3/12 בשעה 11", "2026-12-03T11:00"),
]
FILLERS = ["", "אממ ", "אה ", "בעצם ", "כן ", "אוקיי "]
NAME_FORMS = ["קוראים לי {}", "שמי {}", "{}", "אני {}", "השם שלי {}", "my name is {}"]
CHOICES = ["הראשון", "the first one", "האפשרות הראשונה", "כן, הראשון מתאים"]


def generate(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    conversations = []
    for i in range(count):
        deal = rng.choice(list(DEALS))
        city = rng.choice(list(CITIES))
        rooms = rng.choice(list(ROOMS))
        name = rng.choice(NAMES)
        budgets = BUY_BUDGETS if deal in ("buy", "sell") else RENT_BUDGETS
        budget = rng.choice(list(budgets))
        spelled_city = rng.choice(CITIES[city])
        in_city = ("in " if spelled_city.isascii() else "ב") + spelled_city
        cue = rng.choice(["עד ", "בערך ", "תקציב ", ""])
        parts = [
            rng.choice(FILLERS) + rng.choice(DEALS[deal]),
            rng.choice(FILLERS) + in_city,
            rng.choice(FILLERS) + rng.choice(ROOMS[rooms]),
            rng.choice(FILLERS) + cue + rng.choice(budgets[budget]),
            rng.choice(FILLERS) + rng.choice(NAME_FORMS).format(name),
        ]
        rest = parts[1:]
        rng.shuffle(rest)
        lines = [parts[0], *rest]
        if rng.random() < 0.4:
            joined = rng.randint(2, 4)
            lines = [", ".join(lines[:joined]), *lines[joined:]]
        appointment: Any
        if rng.random() < 0.6:
            said, start = rng.choice(TIMES)
            lines.append(said)
            appointment = {"start": start + ":00+02:00"}
        else:
            lines.append(rng.choice(CHOICES))
            appointment = "any"
        lead = {
            "name": name, "deal_type": deal, "property_type": "apartment", "rooms": rooms,
            "city": city, "budget": budget,
        }  # fmt: skip
        conversations.append(
            {"id": f"gen-{i}", "lines": lines, "expect": {"lead": lead, "appointment": appointment}}
        )
    return conversations
