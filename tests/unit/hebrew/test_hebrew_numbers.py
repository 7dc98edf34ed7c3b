from __future__ import annotations

import pytest

from agentlocator.hebrew.normalize import normalize
from agentlocator.hebrew.numbers import find_numbers, word_value


def values(text: str) -> list[float]:
    return [m.value for m in find_numbers(normalize(text).split())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("שלושה וחצי", [3.5]),
        ("מיליון ושמונה מאות אלף", [1_800_000]),
        ("2.5 מיליון", [2_500_000]),
        ('7000 ש"ח', [7000]),
        ("7,500", [7500]),
        ("1,800,000", [1_800_000]),
        ("שבעת אלפים", [7000]),
        ("7 אלף", [7000]),
        ("מיליון וחצי", [1_500_000]),
        ("חצי מיליון", [500_000]),
        ("שניים וחצי מיליון", [2_500_000]),
        ("שני מיליון שש מאות אלף", [2_600_000]),
        ("מיליון 800", [1_800_000]),
        ("2 מיליון 300 אלף", [2_300_000]),
        ("800K", [800_000]),
        ("1.8m", [1_800_000]),
        ("אחת עשרה", [11]),
        ("עשרים ושלושה", [23]),
        ("3 and a half", [3.5]),
        ("two and a half million", [2_500_000]),
        ("מיליון ומאתיים אלף, 3 חדרים", [1_200_000, 3]),
        ("מיליון שלושה חדרים", [1_000_000, 3]),
    ],
)
def test_numbers_as_said(text: str, expected: list[float]) -> None:
    assert values(text) == expected


def test_a_range_keeps_both_ends_scaled() -> None:
    (mention,) = find_numbers(normalize("2.8-3 מיליון").split())
    assert (mention.value, mention.upper) == (2_800_000, 3_000_000)


@pytest.mark.parametrize("text", ["ביום שני", "באר שבע", "שלום לך"])
def test_words_that_only_look_like_numbers(text: str) -> None:
    assert values(text) == []


def test_word_value_strips_prefixes() -> None:
    assert word_value("בעשר") == 10
    assert word_value("ב-9") == 9
    assert word_value("ושלוש") == 3
    assert word_value("דירה") is None
