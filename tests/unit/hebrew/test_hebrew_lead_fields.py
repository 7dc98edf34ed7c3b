from __future__ import annotations

from typing import Any

import pytest

from agentlocator.hebrew.intents import read_intents
from agentlocator.hebrew.lead_fields import extract_fields
from agentlocator.hebrew.names import bare_name, name_from_cue
from agentlocator.hebrew.normalize import normalize


def fields(text: str, expecting: str | None = None, deal: str | None = None) -> dict[str, Any]:
    return extract_fields(normalize(text), expecting, deal).present()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "מחפש לקנות דירת 4 חדרים בתל אביב עד 3 מיליון",
            {
                "deal_type": "buy",
                "property_type": "apartment",
                "rooms": 4,
                "city": "תל אביב",
                "budget": 3_000_000,
            },
        ),
        (
            'רוצה לשכור דירה שלושה וחצי חדרים בר"ג, עד 7000 ש"ח',
            {
                "deal_type": "rent",
                "property_type": "apartment",
                "rooms": 3.5,
                "city": "רמת גן",
                "budget": 7000,
            },
        ),
        (
            'יש לי דירה להשכרה בפ"ת',
            {"deal_type": "let", "property_type": "apartment", "city": "פתח תקווה"},
        ),
        ("מחפש דירה להשכרה", {"deal_type": "rent", "property_type": "apartment"}),
        (
            "אני מוכר פנטהאוז בהרצליה, מבקש 8.5 מיליון",
            {
                "deal_type": "sell",
                "property_type": "penthouse",
                "city": "הרצליה",
                "budget": 8_500_000,
            },
        ),
        ("מגרש בקיסריה", {"property_type": "land", "city": "קיסריה"}),
        ("בית צמוד קרקע", {"property_type": "house"}),
        ("דירת גן 5 חדרים", {"property_type": "garden_apartment", "rooms": 5}),
        ("חדר וחצי", {"rooms": 1.5}),
        ("בערך 6500 לחודש", {"deal_type": "rent", "budget": 6500}),
        (
            "Looking to rent a 3 room flat in Haifa, up to 5000 NIS",
            {
                "deal_type": "rent",
                "property_type": "apartment",
                "rooms": 3,
                "city": "חיפה",
                "budget": 5000,
            },
        ),
        ("₪6000", {"budget": 6000}),
    ],
)
def test_fields_from_free_text(text: str, expected: dict[str, Any]) -> None:
    assert fields(text) == expected


def test_a_bare_answer_is_read_by_what_leah_asked() -> None:
    assert fields("ארבע", expecting="rooms") == {"rooms": 4}
    assert fields("2.5", expecting="budget", deal="buy") == {"budget": 2_500_000}
    assert fields("7", expecting="budget", deal="rent") == {"budget": 7000}
    assert fields("השכרה", expecting="deal_type") == {"deal_type": "let"}


def test_times_and_years_are_not_budgets_or_rooms() -> None:
    assert fields("מחר בעשר") == {}
    assert fields("רוצה לעבור ב-2027") == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("קוראים לי יוסי לוי, אני רוצה לקנות", "יוסי לוי"),
        ("שמי אורית שמש", "אורית שמש"),
        ("my name is David", "David"),
        ("אני דני ואני מחפש דירה", "דני"),
        ("שמי דני מחולון", "דני"),
    ],
)
def test_names_after_a_cue(text: str, name: str) -> None:
    assert name_from_cue(normalize(text), set()) == name


@pytest.mark.parametrize("text", ["אני מחפש דירה", "אני רוצה לקנות", "זה בסדר", "i'm looking"])
def test_no_name_in_ordinary_sentences(text: str) -> None:
    assert name_from_cue(normalize(text), set()) is None


def test_bare_names_skip_fillers_and_reject_words() -> None:
    assert bare_name("כן, דני כהן", set()) == "דני כהן"
    assert bare_name("בסדר", set()) is None
    assert bare_name("4 חדרים", set()) is None


def test_intents() -> None:
    assert read_intents(normalize("הראשון")).choice == 0
    assert read_intents(normalize("the second one")).choice == 1
    assert read_intents(normalize("ביום שני")).choice is None
    assert read_intents(normalize("לא מעוניין, תודה")).not_interested
    assert read_intents(normalize("תורידו אותי מהרשימה")).strong_not_interested
    assert read_intents(normalize("מי עוד התקשר אליכם?")).other_leads
    assert read_intents(normalize("אפשר לדבר עם נציג?")).human
    assert read_intents(normalize("אני צריך להזיז את הפגישה")).reschedule
    assert read_intents(normalize("כמה עולה דירה כזאת?")).price_question


def test_more_ways_to_say_a_name() -> None:
    from agentlocator.hebrew.names import name_before_speaking

    assert name_from_cue(normalize("שמי הוא דוד"), set()) == "דוד"
    assert name_before_speaking(normalize("שלום, רונית לוי מדברת")) == "רונית לוי"
    assert name_before_speaking(normalize("זה לא מדבר אליי")) is None


def test_an_investment_is_a_purchase() -> None:
    assert fields("מעוניין בדירה להשקעה בחיפה")["deal_type"] == "buy"


def test_asking_about_the_previous_client_is_not_choosing_the_earlier_slot() -> None:
    intents = read_intents(normalize("מה הטלפון של הלקוח הקודם?"))
    assert intents.other_leads and intents.choice is None
    assert read_intents(normalize("לא משנה, מה שנוח")).choice == 0


def test_ordinals_are_choices_not_rooms() -> None:
    assert fields("השני") == {}
    assert fields("4") == {"rooms": 4}


def test_city_names_are_not_dates_and_amounts_are_not_hours() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from agentlocator.hebrew.understanding import understand

    now = datetime(2026, 11, 24, 11, tzinfo=ZoneInfo("Asia/Jerusalem"))
    rishon = understand("מחפשים דירה בראשון לציון", None, {}, now)
    assert rishon.fields.city == "ראשון לציון" and rishon.when.is_empty
    amount = understand("בין 6 ל-7 אלף", None, {}, now)
    assert amount.fields.budget == 7000 and amount.when.at is None
    assert fields("באזור השרון, רעננה או כפר סבא")["city"] == "רעננה"


# Issue 18: the deal type weighs the whole message, not the first deal word.
@pytest.mark.parametrize(
    ("text", "deal", "budget"),
    [
        ("שלום, אני מחפשת להשכיר דירה בגבעתיים, 3 חדרים, עד 4 וחצי אלף בחודש", "rent", 4500),
        ("מעוניינת להשכיר דירת 4 חדרים בכפר סבא, התקציב שלי עד 6 אלף בחודש", "rent", 6000),
        ("אני רוצה להשכיר דירה, יש לי עד 5000 לחודש", "rent", 5000),
        ("יש לי דירה בהרצליה שאני רוצה להשכיר, מבקש 7000 לחודש", "let", 7000),
        ("אני רוצה להשכיר את הדירה שלי בראשון לציון ב-6500 בחודש", "let", 6500),
        ("מחפש שוכרים לדירה שלי ברמת גן", "let", None),
    ],
)
def test_the_deal_type_weighs_the_whole_message(text: str, deal: str, budget: int | None) -> None:
    found = fields(text)
    assert found["deal_type"] == deal
    assert found.get("budget") == budget
