"""Amounts, VAT and Israeli company/dealer numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agentlocator.billing.money import PriceBreakdown, parse_shekels, shekels, vat_on
from agentlocator.billing.plans import PLANS, plan_by_id
from agentlocator.billing.tax_ids import checksum_ok, normalize_business_number
from agentlocator.errors import ValidationFailed


def test_vat_is_configurable_and_rounds_half_up_to_the_agora() -> None:
    assert vat_on(59900, Decimal(18)) == 10782
    assert vat_on(59900, Decimal(17)) == 10183
    assert vat_on(5, Decimal(10)) == 1  # 0.5 agora rounds up
    assert vat_on(-59900, Decimal(18)) == -10782  # credit notes mirror invoices
    price = PLANS["basic"].price(Decimal(18))
    assert (price.net_agorot, price.vat_agorot, price.total_agorot) == (29900, 5382, 35282)
    assert PriceBreakdown.of_net(0, Decimal(18)).total_agorot == 0


def test_shekels_round_trip_without_floats() -> None:
    assert [shekels(a) for a in (35282, 5, -10782, 0)] == ["352.82", "0.05", "-107.82", "0.00"]
    assert parse_shekels("706.82") == 70682 and parse_shekels(" 1 ") == 100
    for bad in ("1.234", "abc", "NaN", "Infinity"):
        with pytest.raises((ValueError, ArithmeticError)):
            parse_shekels(bad)


def test_unknown_plan_names_the_field() -> None:
    with pytest.raises(ValidationFailed) as failed:
        plan_by_id("gold")
    assert failed.value.field == "plan_id"


@pytest.mark.parametrize("number", ["515555555", "51-555555-5", "520000472", " 123456782 "])
def test_valid_company_and_dealer_numbers(number: str) -> None:
    assert checksum_ok(normalize_business_number(number))


@pytest.mark.parametrize(
    "number", ["515555556", "000000000", "12345678a", "1234", "1234567890", ""]
)
def test_invalid_numbers_are_refused_naming_the_field(number: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        normalize_business_number(number)
    assert failed.value.field == "business_number"


def test_short_numbers_are_padded_before_the_check() -> None:
    assert normalize_business_number("00018") == "000000018"
