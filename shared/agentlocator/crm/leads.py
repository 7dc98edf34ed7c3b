"""businesses/{bid}/leads/{e164}: one lead per phone per business.

The document id is the E.164 phone, so any spelling of the number lands on the same lead.
Upserts never read-modify-write: the first writer ``create``s, everyone after merges only the
fields they know (lists grow with ArrayUnion), so concurrent upserts lose nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists, GoogleAPICallError
from google.cloud import firestore

from agentlocator.clock import Clock
from agentlocator.crm.assignment import RoundRobin
from agentlocator.crm.models import Business, Lead, LeadDetails
from agentlocator.crm.texts_he import DEFAULT_STATUS_ID
from agentlocator.errors import NotFound
from agentlocator.phones import normalize_phone, phone_search_keys

log = logging.getLogger(__name__)
_MIN_PREFIX = 2


def search_terms_for(phone: str, name: str | None) -> list[str]:
    """Array-contains keys for search: phone digit forms and prefixes of each name word."""
    terms = set(phone_search_keys(phone))
    for word in (name or "").lower().split():
        terms.update(word[:end] for end in range(_MIN_PREFIX, len(word) + 1))
    return sorted(terms)


class LeadRepository:
    def __init__(self, client: firestore.Client, clock: Clock) -> None:
        self._clock = clock
        self._client = client
        self._round_robin = RoundRobin(client)

    def _leads(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("leads")

    def ref(self, business_id: str, phone: str) -> firestore.DocumentReference:
        return self._leads(business_id).document(normalize_phone(phone))

    def upsert(
        self,
        business_id: str,
        raw_phone: str,
        details: LeadDetails | None = None,
        *,
        source: str | None = None,
        note: str | None = None,
        now: datetime | None = None,
        assigned_agent_id: str | None = None,
    ) -> tuple[Lead, bool]:
        """Create the lead for this phone or merge ``details`` into it; returns (lead, created).

        A new lead gets ``assigned_agent_id``, or else the next agent in turn (round-robin).

        Raises ``InvalidPhoneNumber`` (a 400 naming ``phone``) for strings that are not phones."""
        phone = normalize_phone(raw_phone)
        when = now or self._clock.now()
        known = (details or LeadDetails()).present()
        ref = self._leads(business_id).document(phone)
        new_lead = Lead(
            id=phone,
            business_id=business_id,
            phone=phone,
            status_id=DEFAULT_STATUS_ID.value,
            sources=[source] if source else [],
            notes=[note] if note else [],
            search_terms=search_terms_for(phone, known.get("name")),
            created_at=when,
            updated_at=when,
            last_contact_at=when if source else None,
            assigned_agent_id=assigned_agent_id,
            **known,
        )
        try:
            ref.create(new_lead.to_firestore())
        except AlreadyExists:
            pass
        else:
            # What we created is what is stored: no read-back round trip on the hot path.
            if assigned_agent_id is not None:
                return new_lead, True
            return self._assign_new(new_lead, when), True
        changes: dict[str, Any] = {**known, "updated_at": when}
        if source:
            changes["sources"] = firestore.ArrayUnion([source])
            changes["last_contact_at"] = when
        if note:
            changes["notes"] = firestore.ArrayUnion([note])
        if known.get("name"):
            changes["search_terms"] = firestore.ArrayUnion(search_terms_for(phone, known["name"]))
        ref.set(changes, merge=True)
        return self._read(ref), False

    def _assign_new(self, lead: Lead, now: datetime) -> Lead:
        """Round-robin a brand-new lead to an agent (whoever created it: Leah, WhatsApp, staff).
        Only the one writer whose ``create`` won gets here, so a lead is assigned once."""
        try:
            snap = self._client.collection("businesses").document(lead.business_id).get()
            if not snap.exists:
                return lead
            business = Business.model_validate(snap.to_dict())
            agent_id = self._round_robin.assign(business, lead.id, now)
        except GoogleAPICallError:
            # The lead is stored; staff can assign it by hand. Never lose a call over this.
            log.exception("round-robin assignment failed for a new lead of %s", lead.business_id)
            return lead
        return lead.model_copy(update={"assigned_agent_id": agent_id}) if agent_id else lead

    def get(self, business_id: str, phone: str) -> Lead:
        return self._read(self.ref(business_id, phone))

    def _read(self, ref: firestore.DocumentReference) -> Lead:
        snap = ref.get()
        if not snap.exists:
            raise NotFound(f"lead {ref.id}")
        return Lead.model_validate(snap.to_dict())

    def update(
        self, business_id: str, phone: str, changes: dict[str, Any], now: datetime | None = None
    ) -> Lead:
        """Overwrite the given fields of an existing lead (staff edits, status moves)."""
        ref = self.ref(business_id, phone)
        lead = self._read(ref)
        when = now or self._clock.now()
        merged = Lead.model_validate({**lead.model_dump(), **changes, "updated_at": when})
        payload = {k: getattr(merged, k) for k in (*changes.keys(), "updated_at")}
        if "name" in changes:
            payload["search_terms"] = search_terms_for(merged.phone, merged.name)
        ref.update(payload)
        return merged

    def set_status(self, business_id: str, phone: str, status_id: str) -> Lead:
        return self.update(business_id, phone, {"status_id": status_id})

    def set_agent_state(self, business_id: str, phone: str, state: dict[str, Any]) -> None:
        """Leah's dialogue state for this lead (slots offered, what she asked last)."""
        self.ref(business_id, phone).update({"agent_state": state})

    def query(self, business_id: str) -> firestore.CollectionReference:
        """The base query for list screens; callers add filters, order and cursors."""
        return self._leads(business_id)

    def move_status(self, business_id: str, from_status: str, to_status: str) -> int:
        """Move every lead in ``from_status`` to ``to_status``; returns how many moved."""
        moved = 0
        query = self._leads(business_id).where(
            filter=firestore.FieldFilter("status_id", "==", from_status)
        )
        while True:
            snaps = list(query.limit(400).stream())
            if not snaps:
                return moved
            batch = self._client.batch()
            for snap in snaps:
                batch.update(
                    snap.reference, {"status_id": to_status, "updated_at": self._clock.now()}
                )
            batch.commit()
            moved += len(snaps)
