"""Amounts in agorot (integers) and the VAT arithmetic every price and invoice uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_VAT_PERCENT = Decimal("18")  # Israel, since 2025-01-01


def vat_on(net_agorot: int, vat_percent: Decimal) -> int:
    """VAT on a net amount, rounded half-up to the agora (one rounding per document)."""
    if net_agorot < 0:
        return -vat_on(-net_agorot, vat_percent)
    exact = Decimal(net_agorot) * vat_percent / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def net_of_gross(gross_agorot: int, vat_percent: Decimal) -> int:
    """The net part of an amount that includes VAT (a partial refund), half-up to the agora;
    the VAT is the rest, so net + VAT is exactly the gross."""
    exact = Decimal(gross_agorot) * Decimal(100) / (Decimal(100) + vat_percent)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class PriceBreakdown:
    net_agorot: int
    vat_agorot: int
    vat_percent: Decimal

    @property
    def total_agorot(self) -> int:
        return self.net_agorot + self.vat_agorot

    @classmethod
    def of_net(cls, net_agorot: int, vat_percent: Decimal) -> PriceBreakdown:
        return cls(net_agorot, vat_on(net_agorot, vat_percent), vat_percent)


def shekels(agorot: int) -> str:
    """``35282`` → ``"352.82"`` (what providers and documents show; no float anywhere)."""
    sign = "-" if agorot < 0 else ""
    whole, cents = divmod(abs(agorot), 100)
    return f"{sign}{whole}.{cents:02d}"


def parse_shekels(text: str) -> int:
    """``"352.82"`` → ``35282``; raises ValueError for anything that is not a plain amount."""
    value = Decimal(text.strip())
    if value != value.quantize(Decimal("0.01")) or not value.is_finite():
        raise ValueError(f"not an amount in shekels: {text!r}")
    return int(value * 100)
