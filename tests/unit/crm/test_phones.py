import pytest

from agentlocator.errors import InvalidPhoneNumber
from agentlocator.phones import display_phone, normalize_phone, phone_search_keys

SAME_MOBILE = [
    "050-1234567",
    "0501234567",
    "050 123 4567",
    "(050) 123-4567",
    "+972501234567",
    "+972 50-123-4567",
    "972501234567",
    "972-50-1234567",
    "00972501234567",
    "whatsapp:+972501234567",
    " 050.123.4567 ",
]


@pytest.mark.parametrize("raw", SAME_MOBILE)
def test_israeli_mobile_formats_are_one_number(raw: str) -> None:
    assert normalize_phone(raw) == "+972501234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03-5551234", "+97235551234"),
        ("+972 3 555 1234", "+97235551234"),
        ("02-6251234", "+97226251234"),
        ("077-1234567", "+972771234567"),
        ("+1 415 555 2671", "+14155552671"),
    ],
)
def test_landlines_voip_and_foreign_numbers(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "abc", "123", "050-12345", "+972", "05O1234567", "0601234567", "050#1234567"]
)
def test_bad_phone_strings_name_the_field(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize_phone(raw, field="From")
    assert info.value.field == "From"
    assert info.value.http_status == 400
    assert repr(raw) in str(info.value)


def test_display_and_search_keys() -> None:
    assert display_phone("+972501234567") == "050-123-4567"
    assert phone_search_keys("+972501234567") == ["972501234567", "0501234567"]
