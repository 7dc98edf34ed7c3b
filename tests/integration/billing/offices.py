"""Two offices (A and B) with an owner each, an admin and an agent in A, minted on the Auth
emulator; no sign-up or payment is needed for the contracts' own endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from agentlocator.crm.models import Business
from agentlocator.crm.seed import seed_business
from agentlocator.crm.users import MembershipRepository
from tests.integration.api.world import Person, mint
from tests.integration.billing.conftest import BillingWorld

A_ID, B_ID = "office-a", "office-b"
TEMPLATE = {
    "name": "הזמנת תיווך — קנייה",
    "broker_name": "דנה כהן",
    "license_number": "1234567",
    "office_business_number": "515555555",
    "office_address": "רחוב הרצל 10, רעננה",
    "deal_type": "buy",
    "fee_percent": "2",
    "fee_terms": "ישולמו במעמד חתימת הסכם מחייב",
    "exclusivity_days": 0,
    "extra_clauses": ["הלקוח מתחייב לא למסור את פרטי הנכס לצד שלישי."],
}


@dataclass(frozen=True)
class Offices:
    a_owner: Person
    a_admin: Person
    a_agent: Person
    b_owner: Person


def two_offices(world: BillingWorld) -> Offices:
    for bid, name, number in ((A_ID, "נדל״ן השרון", "+97237640001"),
                              (B_ID, "סוכנות אחרת", "+97237640002")):  # fmt: skip
        seed_business(world.repos, Business(id=bid, name=name, voice_numbers=[number],
                                            whatsapp_numbers=[number]))  # fmt: skip
    members = MembershipRepository(world.repos.client, world.repos.clock)

    def member(bid: str, role: str) -> Person:
        person = mint(world.auth_host, world.firebase, {"business_id": bid, "role": role})
        members.put(bid, person.uid, role, email=person.email)  # type: ignore[arg-type]
        return person

    return Offices(member(A_ID, "owner"), member(A_ID, "admin"), member(A_ID, "agent"),
                   member(B_ID, "owner"))  # fmt: skip


def post(world: BillingWorld, path: str, person: Person, body: Any = None,
         business: str | None = None) -> requests.Response:  # fmt: skip
    return requests.post(f"{world.api}{path}", json=body, headers=person.headers(business),
                         timeout=30)  # fmt: skip


def get(world: BillingWorld, path: str, person: Person,
        business: str | None = None) -> requests.Response:  # fmt: skip
    return requests.get(f"{world.api}{path}", headers=person.headers(business), timeout=30)
