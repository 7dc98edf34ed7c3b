"""The monthly plans offices choose from, priced in ILS before VAT."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from agentlocator.billing import texts_he
from agentlocator.billing.money import PriceBreakdown
from agentlocator.errors import ValidationFailed

PlanId = Literal["basic", "pro", "office"]
CURRENCY = "ILS"


@dataclass(frozen=True)
class Plan:
    id: PlanId
    name_he: str
    monthly_net_agorot: int
    voice_minutes: int
    seats: int

    def price(self, vat_percent: Decimal) -> PriceBreakdown:
        return PriceBreakdown.of_net(self.monthly_net_agorot, vat_percent)


PLANS: dict[str, Plan] = {
    plan.id: plan
    for plan in (
        Plan("basic", texts_he.PLAN_NAMES["basic"], 29900, voice_minutes=300, seats=2),
        Plan("pro", texts_he.PLAN_NAMES["pro"], 59900, voice_minutes=1000, seats=5),
        Plan("office", texts_he.PLAN_NAMES["office"], 119900, voice_minutes=3000, seats=15),
    )
}


def plan_by_id(plan_id: str) -> Plan:
    try:
        return PLANS[plan_id]
    except KeyError:
        raise ValidationFailed("plan_id", f"no such plan: {plan_id!r}") from None
