"""Incoming WhatsApp messages from either transport, as one typed, frozen value.

Twilio posts a form (``MessageSid``, ``From=whatsapp:+972…``, ``Body``, ``NumMedia``,
``MediaUrl0``/``MediaContentType0``…); the Baileys bridge posts JSON it mapped from a Baileys
``WAMessage`` (see whatsapp_bridge/src/mapping.js). Both become an ``InboundMessage``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from agentlocator.errors import ValidationFailed
from agentlocator.phones import normalize_phone

Transport = Literal["twilio", "baileys"]
TRANSPORTS: tuple[Transport, ...] = ("twilio", "baileys")

# Twilio allows up to 10 media items per message.
MAX_MEDIA = 10
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}$")


@dataclass(frozen=True)
class MediaItem:
    url: str
    content_type: str

    def to_record(self) -> dict[str, Any]:
        return {"url": self.url, "content_type": self.content_type}


@dataclass(frozen=True)
class InboundMessage:
    transport: Transport
    provider_id: str  # Twilio MessageSid or the Baileys message key id
    from_phone: str  # E.164: the lead
    to_number: str  # E.164: the business's WhatsApp number
    text: str
    received_at: datetime
    media: tuple[MediaItem, ...] = field(default_factory=tuple)
    profile_name: str | None = None

    @property
    def external_id(self) -> str:
        """The message document id: the provider id, namespaced so transports never collide."""
        return self.provider_id if self.transport == "twilio" else f"wa-{self.provider_id}"


def _required(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(key, "required")
    return value.strip()


def _provider_id(values: Mapping[str, Any], key: str) -> str:
    value = _required(values, key)
    if not _SAFE_ID.match(value):
        raise ValidationFailed(key, "unexpected characters")
    return value


def parse_twilio_form(form: Mapping[str, str], received_at: datetime) -> InboundMessage:
    """An inbound Twilio WhatsApp webhook (after its signature was checked)."""
    count_text = form.get("NumMedia") or "0"
    if not (count_text.isascii() and count_text.isdigit()):  # "²".isdigit() is True
        raise ValidationFailed("NumMedia", "not a number")
    count = min(int(count_text), MAX_MEDIA)
    media = tuple(
        MediaItem(
            url=_required(form, f"MediaUrl{i}"),
            content_type=form.get(f"MediaContentType{i}") or "application/octet-stream",
        )
        for i in range(count)
    )
    return InboundMessage(
        transport="twilio",
        provider_id=_provider_id(form, "MessageSid"),
        from_phone=normalize_phone(_required(form, "From"), field="From"),
        to_number=normalize_phone(_required(form, "To"), field="To"),
        text=(form.get("Body") or "").strip(),
        received_at=received_at,
        media=media,
        profile_name=(form.get("ProfileName") or None),
    )


def parse_bridge_payload(payload: Mapping[str, Any], received_at: datetime) -> InboundMessage:
    """The JSON body the Baileys bridge posts (after its HMAC was checked)."""
    raw_media = payload.get("media") or []
    if not isinstance(raw_media, list):
        raise ValidationFailed("media", "must be a list")
    media: list[MediaItem] = []
    for item in raw_media[:MAX_MEDIA]:
        if not isinstance(item, Mapping):
            raise ValidationFailed("media", "items must be objects")
        media.append(
            MediaItem(
                url=_required(item, "url"),
                content_type=str(item.get("contentType") or "application/octet-stream"),
            )
        )
    timestamp = payload.get("timestamp")
    when = (
        datetime.fromtimestamp(timestamp, UTC)
        if isinstance(timestamp, int | float) and timestamp > 0
        else received_at
    )
    text = payload.get("text")
    name = payload.get("pushName")
    return InboundMessage(
        transport="baileys",
        provider_id=_provider_id(payload, "id"),
        from_phone=normalize_phone(_required(payload, "from"), field="from"),
        to_number=normalize_phone(_required(payload, "to"), field="to"),
        text=text.strip() if isinstance(text, str) else "",
        received_at=when,
        media=tuple(media),
        profile_name=name if isinstance(name, str) and name else None,
    )
