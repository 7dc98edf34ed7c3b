"""The reply job: what the inbound webhook hands the send task through Cloud Tasks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agentlocator.errors import ValidationFailed
from agentlocator.whatsapp.inbound import TRANSPORTS, Transport


@dataclass(frozen=True)
class ReplyJob:
    business_id: str
    lead_phone: str  # E.164, the lead's id
    inbound_id: str  # the caller's message document id (MessageSid or wa-…)
    transport: Transport
    business_number: str  # E.164: the number the lead wrote to, and we answer from
    caller_text: str
    received_at: datetime

    def to_payload(self) -> dict[str, Any]:
        return {
            "business_id": self.business_id,
            "lead_phone": self.lead_phone,
            "inbound_id": self.inbound_id,
            "transport": self.transport,
            "business_number": self.business_number,
            "caller_text": self.caller_text,
            "received_at": self.received_at.isoformat(),
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ReplyJob:
        def text(key: str) -> str:
            value = payload.get(key)
            if not isinstance(value, str):
                raise ValidationFailed(key, "required")
            return value

        transport = text("transport")
        if transport not in TRANSPORTS:
            raise ValidationFailed("transport", f"unknown transport {transport!r}")
        try:
            received_at = datetime.fromisoformat(text("received_at"))
        except ValueError as exc:
            raise ValidationFailed("received_at", "not an ISO time") from exc
        if received_at.tzinfo is None:
            raise ValidationFailed("received_at", "must carry a timezone")
        return cls(
            business_id=text("business_id"),
            lead_phone=text("lead_phone"),
            inbound_id=text("inbound_id"),
            transport=transport,
            business_number=text("business_number"),
            caller_text=text("caller_text"),
            received_at=received_at,
        )
