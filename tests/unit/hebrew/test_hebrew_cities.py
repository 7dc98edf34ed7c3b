from __future__ import annotations

import pytest

from agentlocator.hebrew.cities import find_city
from agentlocator.hebrew.normalize import normalize


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ('מחפש דירה בת"א', "תל אביב"),
        ("בתל-אביב", "תל אביב"),
        ("בתל אביב יפו", "תל אביב"),
        ("in tel aviv", "תל אביב"),
        ("TLV", "תל אביב"),
        ('בר"ג', "רמת גן"),
        ("ברמת-גן", "רמת גן"),
        ('מפ"ת', "פתח תקווה"),
        ("בפתח תקוה", "פתח תקווה"),
        ("בפתח תיקווה", "פתח תקווה"),
        ("ירושליים", "ירושלים"),
        ("בי-ם", "ירושלים"),
        ("בבת ים", "בת ים"),
        ("בבת-ים", "בת ים"),
        ('בב"ש', "באר שבע"),
        ("בבאר שבע", "באר שבע"),
        ('בראשל"צ', "ראשון לציון"),
        ("בקרית אונו", "קריית אונו"),
        ("ובהרצליה", "הרצליה"),
        ('בכפ"ס', "כפר סבא"),
        ("בבית שמש", "בית שמש"),
        ("Haifa", "חיפה"),
    ],
)
def test_city_spellings(text: str, city: str) -> None:
    found = find_city(normalize(text))
    assert found is not None and found.city == city


@pytest.mark.parametrize(
    "text",
    ["ביום ראשון", "הראשון", "מחפש בתים", "דירה בת 4 חדרים", "חדר", "שמי אורית שמש", "אני גר פה"],
)
def test_no_city_where_there_is_none(text: str) -> None:
    assert find_city(normalize(text)) is None


def test_a_typo_without_a_prefix_counts_only_when_asked() -> None:
    assert find_city(normalize("ירושלייםם")) is None
    asked = find_city(normalize("ירושלייםם"), asked=True)
    assert asked is not None and asked.city == "ירושלים"


# Issue 18 (found by the new sets: "מגרש בחריש"): Israeli towns the gazetteer lacked.
@pytest.mark.parametrize(
    ("said", "city"),
    [
        ("חריש", "חריש"),
        ("ביתר עילית", "ביתר עילית"),
        ("מודיעין עילית", "מודיעין עילית"),
        ("רהט", "רהט"),
        ("טייבה", "טייבה"),
        ("כפר קאסם", "כפר קאסם"),
        ("סחנין", "סחנין"),
        ("שפרעם", "שפרעם"),
        ("מעלות תרשיחא", "מעלות תרשיחא"),
        ("להבים", "להבים"),
        ("קצרין", "קצרין"),
        ("גבעת זאב", "גבעת זאב"),
        ("קרני שומרון", "קרני שומרון"),
        ("בית דגן", "בית דגן"),
        ("רמת ישי", "רמת ישי"),
        ("עתלית", "עתלית"),
        ("בנימינה", "בנימינה"),
        ("קריית טבעון", "קריית טבעון"),
        ("מצפה רמון", "מצפה רמון"),
        ("ירוחם", "ירוחם"),
        ("כרכור", "פרדס חנה"),
        ("צורן", "קדימה צורן"),
    ],
)
def test_more_israeli_towns(said: str, city: str) -> None:
    found = find_city(normalize(f"מחפש דירה ב{said}"))
    assert found is not None and found.city == city
