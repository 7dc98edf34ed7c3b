from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from agentlocator.hebrew.normalize import normalize
from agentlocator.hebrew.when import parse_when

TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("מחר בעשר", date(2026, 11, 25), time(10)),
        ("מחרתיים בשלוש", date(2026, 11, 26), time(15)),
        ("יום ראשון הבא", date(2026, 11, 29), None),
        ("ב-9 בדצמבר", date(2026, 12, 9), None),
        ("9/12 ב-16:30", date(2026, 12, 9), time(16, 30)),
        ("ה-3 לדצמבר בשעה 12:00", date(2026, 12, 3), time(12)),
        ("ברבע לחמש מחר", date(2026, 11, 25), time(16, 45)),
        ("tomorrow at 10am", date(2026, 11, 25), time(10)),
        ("next monday at 3pm", date(2026, 11, 30), time(15)),
        ("ביום ג' בשתיים וחצי", date(2026, 12, 1), time(14, 30)),
        ("יום א ב12", date(2026, 11, 29), time(12)),
        ("היום ב17:00", date(2026, 11, 24), time(17)),
        ("מחר ב 11 בבוקר", date(2026, 11, 25), time(11)),
        ("בעוד יומיים בעשר", date(2026, 11, 26), time(10)),
        ("ביום שלישי בשבוע הבא", date(2026, 12, 1), None),
        ("בחמישי ב-11", date(2026, 11, 26), time(11)),
        ("מחר בתשע בערב", date(2026, 11, 25), time(21)),
    ],
)
def test_day_and_time(text: str, day: date | None, at: time | None) -> None:
    when = parse_when(normalize(text), TUESDAY_11)
    assert (when.day, when.at) == (day, at)


def test_parts_of_day() -> None:
    assert parse_when(normalize("אחרי הצהריים"), TUESDAY_11).part == "afternoon"
    assert parse_when(normalize('מחר אחה"צ'), TUESDAY_11).part == "afternoon"
    assert parse_when(normalize("ביום רביעי בערב"), TUESDAY_11).part == "evening"
    assert parse_when(normalize("בבוקר"), TUESDAY_11).part == "morning"


def test_next_week_is_a_range_from_sunday() -> None:
    when = parse_when(normalize("שבוע הבא"), TUESDAY_11)
    assert (when.from_day, when.to_day) == (date(2026, 11, 29), date(2026, 12, 4))


def test_a_bare_number_is_an_hour_only_when_leah_asked_for_a_time() -> None:
    assert parse_when(normalize("עשר וחצי"), TUESDAY_11).at is None
    assert parse_when(normalize("עשר וחצי"), TUESDAY_11, assume_time=True).at == time(10, 30)


def test_the_first_is_not_sunday() -> None:
    assert parse_when(normalize("הראשון"), TUESDAY_11).is_empty


def test_the_last_alternative_wins() -> None:
    when = parse_when(normalize("לא אוכל להגיע מחר. אפשר ביום חמישי ב-15:00?"), TUESDAY_11)
    assert (when.day, when.at) == (date(2026, 11, 26), time(15))
    kept = parse_when(normalize("מחר אבל אחרי הצהריים"), TUESDAY_11)
    assert (kept.day, kept.part) == (date(2026, 11, 25), "afternoon")


def test_next_weekday_that_is_tomorrow_means_next_week() -> None:
    assert parse_when(normalize("יום רביעי הבא"), TUESDAY_11).day == date(2026, 12, 2)
    assert parse_when(normalize("ביום רביעי"), TUESDAY_11).day == date(2026, 11, 25)


# Issue 18: compound hours 11-19 said in words are clock times, not "one" or "two" o'clock.
@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("מחר באחת עשרה", time(11)),
        ("מחר בשתים עשרה", time(12)),
        ("מחר בשתיים עשרה", time(12)),
        ("מחר באחת עשרה וחצי", time(11, 30)),
        ("מחר בשתים עשרה וחצי", time(12, 30)),
        ("מחר בשלוש עשרה", time(13)),
        ("מחר בארבע עשרה", time(14)),
        ("מחר בחמש עשרה ורבע", time(15, 15)),
        ("מחר בשבע עשרה", time(17)),
        ("מחר בשמונה עשרה", time(18)),
        ("מחר בשעה אחת עשרה", time(11)),
        ("מחר באחת-עשרה", time(11)),
    ],
)
def test_compound_hours_in_words_are_clock_times(text: str, at: time) -> None:
    when = parse_when(normalize(text), TUESDAY_11)
    assert when.day == date(2026, 11, 25)
    assert when.at == at


def test_a_compound_hour_alone_answers_which_time() -> None:
    assert parse_when(normalize("אחת עשרה"), TUESDAY_11, assume_time=True).at == time(11)
    assert parse_when(normalize("שתים עשרה"), TUESDAY_11, assume_time=True).at == time(12)


# Issue 18: "ב-10 לחודש" is a day of the month (this month, or the next when it has passed).
@pytest.mark.parametrize(
    ("now", "text", "day", "at"),
    [
        (TUESDAY_11, "ב-10 לחודש בעשר", date(2026, 12, 10), time(10)),
        (TUESDAY_11, "ב-30 לחודש בשתים עשרה", date(2026, 11, 30), time(12)),
        (TUESDAY_11, "ב-24 לחודש", date(2026, 11, 24), None),
        (TUESDAY_11, "ב-1 לחודש הבא בעשר", date(2026, 12, 1), time(10)),
        (TUESDAY_11, "בעשרה לחודש", date(2026, 12, 10), None),
        (TUESDAY_11, "ה-28 לחודש", date(2026, 11, 28), None),
        (TUESDAY_11, "ב-3/12 באחת עשרה", date(2026, 12, 3), time(11)),
        (
            datetime(2027, 4, 20, 10, tzinfo=ZoneInfo("Asia/Jerusalem")),
            "ב-26 לחודש בעשר",
            date(2027, 4, 26),
            time(10),
        ),
        (
            datetime(2026, 12, 30, 15, tzinfo=ZoneInfo("Asia/Jerusalem")),
            "ב-5 לחודש באחת עשרה",
            date(2027, 1, 5),
            time(11),
        ),
        (
            datetime(2027, 1, 30, 10, tzinfo=ZoneInfo("Asia/Jerusalem")),
            "ב-2 לחודש",
            date(2027, 2, 2),
            None,
        ),
    ],
)
def test_days_of_the_month(now: datetime, text: str, day: date, at: time | None) -> None:
    when = parse_when(normalize(text), now)
    assert (when.day, when.at) == (day, at)


def test_a_day_of_the_month_is_not_rooms_or_money() -> None:
    when = parse_when(normalize("3 חדרים לחודש הבא"), TUESDAY_11)
    assert when.at is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("תוך יומיים-שלושה", date(2026, 11, 26)),
        ("בעוד שבועיים-שלושה", date(2026, 12, 8)),
        ("יום ה'-ו' בבוקר", date(2026, 11, 26)),
    ],
)
def test_a_hyphenated_range_of_days_starts_at_its_first_day(text: str, day: date) -> None:
    # when.py once ended words only at a space, so "יומיים-שלושה" was no day at all.
    assert parse_when(normalize(text), TUESDAY_11).day == day
