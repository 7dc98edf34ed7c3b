"""Twilio numbers waiting for an office: ``number_pool/{e164}``.

A tenant needs at least one number (``TenantSpec``). The platform buys numbers in Twilio and
adds them here (``add``); a paid sign-up takes the next free one in a transaction. The claim is
kept per business (``number_pool_claims/{business_id}``), so a retried webhook gets the same
number, never a second one. An empty pool refuses (409 ``no_number``): the provider's retry goes
through once an operator adds numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from google.cloud import firestore

from agentlocator.billing.errors import Refused
from agentlocator.phones import normalize_phone


class NumberPool:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client
        self._pool = client.collection("number_pool")
        self._claims = client.collection("number_pool_claims")

    def add(self, numbers: Iterable[str], at: datetime) -> None:
        for number in numbers:
            e164 = normalize_phone(number, field="number")
            self._pool.document(e164).set({"number": e164, "assigned_to": None, "added_at": at})

    def claim(self, business_id: str, at: datetime) -> str:
        claim_ref = self._claims.document(business_id)
        free = self._pool.where(filter=firestore.FieldFilter("assigned_to", "==", None)).limit(1)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> str:
            claimed = claim_ref.get(transaction=transaction)
            if claimed.exists:
                return str(claimed.get("number"))
            candidates: list[Any] = list(transaction.get(free))
            if not candidates:
                raise Refused("no_number", "no Twilio number is free for a new office")
            number = str(candidates[0].get("number"))
            transaction.update(candidates[0].reference, {"assigned_to": business_id,
                                                         "assigned_at": at})  # fmt: skip
            transaction.create(claim_ref, {"number": number, "at": at})
            return number

        number: str = run(self._client.transaction(max_attempts=20))
        return number
