"""The held-out v3 round's miss classes, one test per class (each failed before its fix)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agentlocator.calendar.holiday_season import first_day_after_holidays
from agentlocator.hebrew.cities import find_city
from agentlocator.hebrew.intents import read_intents
from agentlocator.hebrew.normalize import normalize
from agentlocator.hebrew.understanding import understand
from agentlocator.hebrew.when import parse_when

JERUSALEM = ZoneInfo("Asia/Jerusalem")
TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=JERUSALEM)
FRIDAY_AFTERNOON = datetime(2026, 12, 4, 14, 30, tzinfo=JERUSALEM)


def fields(text: str, expecting: str | None = None, deal: str | None = None) -> dict[str, Any]:
    heard = understand(text, expecting, {"deal_type": deal} if deal else {}, TUESDAY_11)
    return heard.fields.present()


# --- the city -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("יש לי דירה למכירה ברחוב ירושלים בבת ים", "בת ים"),
        ("מחפש דירה ברחוב הרצל בראשון לציון", "ראשון לציון"),
        ("דירה בשדרות ירושלים ביפו", "תל אביב"),
        ("משרד ברחוב חיפה בקריית אתא", "קריית אתא"),
    ],
)
def test_a_street_named_after_a_town_is_not_the_city(text: str, city: str) -> None:
    found = find_city(normalize(text))
    assert found is not None and found.city == city


def test_a_street_alone_names_no_city() -> None:
    assert find_city(normalize("יש לי דירה ברחוב ירושלים")) is None


@pytest.mark.parametrize(
    "text",
    ["4 חדרים, קומה 3 עם מעלית", "יש חניה ומעלית", "משופצת, עם מרפסת ומחסן", 'עם ממ"ד ומעלית'],
)
def test_property_features_are_not_town_typos(text: str) -> None:
    assert find_city(normalize(text)) is None


def test_a_property_feature_never_replaces_a_city_already_known() -> None:
    heard = understand("4 חדרים, קומה 3 עם מעלית", "rooms", {"city": "בת ים"}, TUESDAY_11)
    assert heard.fields.city is None


@pytest.mark.parametrize(
    ("text", "city"),
    [("מחפש דירה בכפר סבה", "כפר סבא"), ("באור עקיבה", "אור עקיבא")],
)
def test_a_final_he_for_alef_is_the_same_town(text: str, city: str) -> None:
    found = find_city(normalize(text))
    assert found is not None and found.city == city


# --- name, deal, property, corrections --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"), [("שם: עומר", "עומר"), ("השם: דנה לוי", "דנה לוי"), ("name: Tom", "Tom")]
)
def test_a_labelled_name_is_a_name(text: str, name: str) -> None:
    assert fields(text, "rooms").get("name") == name


@pytest.mark.parametrize(
    "text",
    [
        "אני רוצה לדעת כמה שווה הדירה שלי בהוד השרון",
        "כמה הבית שלנו שווה היום?",
        "צריך הערכת שווי לדירה שלי",
    ],
)
def test_an_owner_asking_what_the_home_is_worth_is_a_seller(text: str) -> None:
    assert fields(text).get("deal_type") == "sell"


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("מחפש מגרש לבנייה עצמית בחריש עד מיליון", "buy"),
        ("מחפשת דירת 3 חדרים בחולון עד 2 מיליון", "buy"),
        ("מחפשים דירה בגבעתיים עד 6500", "rent"),
    ],
)
def test_a_seekers_budget_says_buy_or_rent(text: str, deal: str) -> None:
    assert fields(text).get("deal_type") == deal


@pytest.mark.parametrize(
    "text",
    [
        'אני משכיר משרד 80 מ"ר בפתח תקווה',
        "יש לנו משרד קטן להשכרה",
        "מוכרת משרד בבניין מגדלי הים",
    ],
)
def test_an_office_offered_or_sought_is_commercial(text: str) -> None:
    assert fields(text).get("property_type") == "commercial"


def test_the_brokerage_office_is_not_a_property() -> None:
    assert fields("אפשר להגיע למשרד שלכם מחר?").get("property_type") is None
    assert fields("מישהו מהמשרד יחזור אליי?").get("property_type") is None


@pytest.mark.parametrize(
    ("text", "expecting", "deal", "key", "value"),
    [
        ("חשבתי על 3.8 מיליון... בעצם נגיד 3.6", "budget", "sell", "budget", 3_600_000),
        ("עד 7000, לא סליחה, עד 6500", "budget", "rent", "budget", 6500),
        ("4 חדרים, בעצם 5", "rooms", "buy", "rooms", 5),
        ("2.5 מיליון, רגע, יותר נכון 2.7", None, "buy", "budget", 2_700_000),
    ],
)
def test_a_correction_inside_one_message_wins(
    text: str, expecting: str, deal: str, key: str, value: float
) -> None:
    assert fields(text, expecting, deal).get(key) == value


# --- time -------------------------------------------------------------------------------------


def when(text: str, now: datetime = TUESDAY_11) -> tuple[date | None, time | None]:
    request = parse_when(normalize(text), now)
    return request.day, request.at


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("אז ראשון בעשר", date(2026, 12, 6), time(10)),
        ("שני ב-4", date(2026, 12, 7), time(16)),
        ("עדיף שלישי 11:00", date(2026, 12, 8), time(11)),
    ],
)
def test_a_weekday_without_yom_is_a_day_when_a_time_follows(text: str, day: date, at: time) -> None:
    assert when(text, FRIDAY_AFTERNOON) == (day, at)


def test_the_first_offer_is_still_the_first_offer() -> None:
    assert when("הראשון", FRIDAY_AFTERNOON) == (None, None)
    assert when("ראשון", FRIDAY_AFTERNOON) == (None, None)


@pytest.mark.parametrize(
    ("text", "at"),
    [("ביום חמישי ב-4:30", time(16, 30)), ("מחר 5:15", time(17, 15)), ("מחר ב-9:30", time(9, 30))],
)
def test_a_clock_time_before_eight_is_the_afternoon(text: str, at: time) -> None:
    assert when(text)[1] == at


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (date(2027, 9, 20), date(2027, 10, 24)),  # Tishrei: Rosh Hashanah to Simchat Torah
        (date(2027, 10, 12), date(2027, 10, 24)),  # already between Yom Kippur and Sukkot
        (date(2027, 4, 5), date(2027, 4, 29)),  # Passover, first and seventh day
        (date(2026, 11, 24), None),  # no holiday season ahead
    ],
)
def test_the_first_day_after_the_holidays(today: date, first: date | None) -> None:
    assert first_day_after_holidays(today) == first


def test_after_the_holidays_is_the_week_after_them() -> None:
    now = datetime(2027, 9, 20, 11, 0, tzinfo=JERUSALEM)
    request = parse_when(normalize("בינתיים לא דחוף, אחרי החגים"), now)
    assert request.from_day == date(2027, 10, 24)
    assert request.to_day is not None and request.to_day > request.from_day


# --- intents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "בעצם התחרטתי, לא מוכר כרגע, תודה",
        "החלטנו לא למכור בסוף",
        "ירדנו מזה, כבר לא רלוונטי",
        "כבר לא מחפשת, תודה",
    ],
)
def test_a_deal_called_off_is_not_interested(text: str) -> None:
    intents = read_intents(normalize(text))
    assert intents.strong_not_interested


@pytest.mark.parametrize(
    "text",
    ["למה צריך שם? לא רוצה להגיד", "אני מעדיף לא להגיד את השם", "בלי שמות בבקשה", "לא משנה השם"],
)
def test_declining_to_give_a_name_is_read(text: str) -> None:
    heard = understand(text, "name", {}, TUESDAY_11)
    assert heard.intents.declines_name
    assert heard.fields.name is None


@pytest.mark.parametrize(
    "text",
    [
        "לא צריך שמאי, רק מספר בערך",
        "כמה אפשר לבקש על דירת 2 חדרים?",
        "תני לי הערכה של המחיר",
    ],
)
def test_asking_for_a_figure_is_a_price_question(text: str) -> None:
    assert read_intents(normalize(text)).price_question


@pytest.mark.parametrize(
    "text", ["מה יש מחר?", "מתי אפשר? עדיף אחה״צ", "מה פנוי ביום חמישי", "מה הכי מוקדם?"]
)
def test_asking_what_is_free_is_a_question_not_a_choice(text: str) -> None:
    intents = read_intents(normalize(text))
    assert intents.asks_availability
    assert intents.choice is None


@pytest.mark.parametrize("text", ["מחר ב10 סבבה?", "היום בצהריים?", "הראשון"])
def test_naming_a_time_is_not_asking_what_is_free(text: str) -> None:
    assert not read_intents(normalize(text)).asks_availability


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("כמה אפשר לבקש על דירת 2 חדרים בשכירות ברמת גן?", "let"),
        ("כמה כדאי לבקש על דירה למכירה בחולון?", "sell"),
        ("מחפש לשכור, כמה מבקשים בדרך כלל על 3 חדרים?", "rent"),
    ],
)
def test_asking_what_price_to_ask_is_the_owners_question(text: str, deal: str) -> None:
    assert fields(text).get("deal_type") == deal


@pytest.mark.parametrize(
    ("text", "expecting", "deal"),
    [("קומה 3 עם מעלית", "budget", "let"), ("150 מטר", "budget", "buy"), ('120 מ"ר', None, None)],
)
def test_a_floor_or_a_size_is_not_a_price(text: str, expecting: str | None, deal: str) -> None:
    assert fields(text, expecting, deal).get("budget") is None
