"""Issue 18: any plausible name after a cue, surnames included; the caller's name is not a city."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agentlocator.hebrew.first_names import COMMON_FIRST_NAMES
from agentlocator.hebrew.understanding import understand

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))


def heard_name(text: str, expecting: str | None = None) -> str | None:
    return understand(text, expecting, {}, NOW).fields.name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("שלום, אני סבטלנה, מחפשת לקנות דירה בבאר שבע", "סבטלנה"),
        ("זאת אולגה, רוצה למכור דירה בחיפה", "אולגה"),
        ("זה דני כהן, אני רוצה לקנות דירה בפתח תקווה", "דני כהן"),
        ("היי, זה דורון, מחפש לקנות דירה בנתניה", "דורון"),
        ("שלום, אני פאינה ואני מחפשת לשכור דירה בקריית אתא", "פאינה"),
        ("אני יוסי אברהם, רוצה לקנות בית בזכרון יעקב", "יוסי אברהם"),
        ("היי זאת מאיה לוי, אני מחפשת לקנות דירה בגבעת שמואל", "מאיה לוי"),
        ("אני טטיאנה", "טטיאנה"),
        ("זאת לנה", "לנה"),
        ("אני שלמה ביטון", "שלמה ביטון"),
        ("דמיטרי פה, אני צריך לבטל את הפגישה", "דמיטרי"),
        ("שמי גלעד שפירא", "גלעד שפירא"),
    ],
)
def test_a_name_after_a_cue_need_not_be_on_the_list(text: str, name: str) -> None:
    assert heard_name(text) == name


@pytest.mark.parametrize(("text", "name"), [("שרה לוי", "שרה לוי"), ("ולדימיר", "ולדימיר")])
def test_a_bare_answer_to_the_name_question_keeps_the_surname(text: str, name: str) -> None:
    assert heard_name(text, "name") == name


@pytest.mark.parametrize(
    "text",
    [
        "אני מחפש דירה",
        "זה בסדר",
        "זאת אומרת, אני מחפש משהו אחר",
        "אני בדיוק מחפשת דירה",
        "זה לא משנה",
        "אני גר בחיפה",
        "זה מחר?",
        "אני אשמח",
        "זה הכל, תודה",
        "אני פשוט רוצה לדעת",
        "זה נשמע טוב",
        "אני גם מוכר דירה",
        "אני באמת לא יודעת",
        "אני עדיין מתלבט",
        "זה מתאים לי",
        "זאת הפעם הראשונה שלי",
        "אני צריכה לבטל את הפגישה",
        "זה יותר מדי",
    ],
)
def test_no_name_in_ordinary_sentences(text: str) -> None:
    assert heard_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("אני אלעד", "אלעד"), ("שמי אריאל", "אריאל"), ("אני שלומי", "שלומי")],
)
def test_a_name_that_is_also_a_city_is_a_name(text: str, name: str) -> None:
    heard = understand(text, None, {"city": "ירושלים"}, NOW)
    assert heard.fields.name == name
    assert heard.fields.city is None


def test_a_city_said_beside_a_name_that_is_a_city_is_still_read() -> None:
    heard = understand("שלום, אני אריאל, מחפש דירה לקנות במודיעין", None, {}, NOW)
    assert (heard.fields.name, heard.fields.city) == ("אריאל", "מודיעין")


@pytest.mark.parametrize(
    "name",
    "דורון יניב אופיר ינון אורן גלעד שלומי אלעד נדב עידו ליאור אביב חגי יגאל עמיחי אלירן "
    "שגיא ניסים עמוס הדס ורד ענבל קרן טליה רוני אורטל סיון יעלה חנה רבקה אסתר".split(),
)
def test_common_israeli_first_names_are_known(name: str) -> None:
    assert name in COMMON_FIRST_NAMES
