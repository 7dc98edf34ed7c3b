"""businesses/{id} and phone_routes/{e164}: tenants and which Twilio number belongs to whom."""

from __future__ import annotations

from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

from agentlocator.clock import Clock
from agentlocator.crm.models import Business, PhoneRoute
from agentlocator.errors import NotFound, UnknownNumber
from agentlocator.phones import normalize_phone

RouteChannel = Literal["voice", "whatsapp"]


class BusinessRepository:
    def __init__(self, client: firestore.Client, clock: Clock) -> None:
        self._clock = clock
        self._client = client
        self._businesses = client.collection("businesses")
        self._routes = client.collection("phone_routes")

    def get(self, business_id: str) -> Business:
        snap = self._businesses.document(business_id).get()
        if not snap.exists:
            raise NotFound(f"business {business_id}")
        return Business.model_validate(snap.to_dict())

    def create_if_absent(self, business: Business) -> tuple[Business, bool]:
        """Create the business once; a second call returns the stored one unchanged."""
        if business.created_at is None:
            business = business.model_copy(update={"created_at": self._clock.now()})
        ref = self._businesses.document(business.id)
        try:
            ref.create(business.to_firestore())
            return business, True
        except AlreadyExists:
            return self.get(business.id), False

    def update(self, business_id: str, changes: dict[str, Any]) -> Business:
        """Apply validated changes (settings screens); unknown businesses are NotFound."""
        current = self.get(business_id)
        merged = current.model_copy(update=changes)
        validated = Business.model_validate(merged.model_dump())
        self._businesses.document(business_id).set(validated.to_firestore())
        return validated

    def set_active_prompt(self, business_id: str, channel: str, prompt_id: str) -> None:
        self._businesses.document(business_id).update({f"active_prompts.{channel}": prompt_id})

    def route_number(
        self, number: str, business_id: str, channel: Literal["voice", "whatsapp", "both"] = "both"
    ) -> PhoneRoute:
        route = PhoneRoute(
            number=normalize_phone(number, field="number"), business_id=business_id, channel=channel
        )
        self._routes.document(route.number).set(route.to_firestore())
        return route

    def business_for_number(self, number: str, channel: RouteChannel) -> Business:
        """The business that owns a called number; ``UnknownNumber`` when nobody does."""
        try:
            e164 = normalize_phone(number, field="To")
        except Exception as exc:
            raise UnknownNumber(f"number {number!r}") from exc
        snap = self._routes.document(e164).get()
        if not snap.exists:
            raise UnknownNumber(f"number {e164}")
        route = PhoneRoute.model_validate(snap.to_dict())
        if route.channel not in (channel, "both"):
            raise UnknownNumber(f"number {e164} on {channel}")
        return self.get(route.business_id)

    def list_ids(self) -> list[str]:
        return [ref.id for ref in self._businesses.list_documents()]
