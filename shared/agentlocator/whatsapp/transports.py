"""The one channel interface over both WhatsApp transports, and its two adapters.

``TwilioWhatsApp`` sends through the Twilio REST API (the real SDK; locally its base URL points
at the Twilio stand-in). ``BaileysWhatsApp`` posts to the bridge's authenticated ``/send``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from twilio.rest import Client as TwilioClient

from agentlocator.clock import Clock
from agentlocator.errors import AgentLocatorError, ValidationFailed
from agentlocator.whatsapp import bridge_signing
from agentlocator.whatsapp.inbound import Transport
from agentlocator.whatsapp.window import FreeformSend, SendPlan, TemplateSend

WHATSAPP_ADDRESS_PREFIX = "whatsapp:"


class SendFailed(AgentLocatorError):
    """The transport refused or failed the send; the reply task returns 5xx and is retried."""

    http_status = 502


@dataclass(frozen=True)
class SendReceipt:
    transport: Transport
    provider_id: str
    mode: str  # "freeform" or "template"


class WhatsAppTransport(Protocol):
    @property
    def name(self) -> Transport: ...

    @property
    def enforces_window(self) -> bool:
        """Whether the 24-hour customer-service window applies on this transport."""
        ...

    def send(self, from_number: str, to_phone: str, plan: SendPlan) -> SendReceipt: ...


class TwilioWhatsApp:
    name: Transport = "twilio"
    enforces_window = True

    def __init__(self, client: TwilioClient) -> None:
        self._client = client

    def send(self, from_number: str, to_phone: str, plan: SendPlan) -> SendReceipt:
        kwargs: dict[str, Any] = {
            "from_": WHATSAPP_ADDRESS_PREFIX + from_number,
            "to": WHATSAPP_ADDRESS_PREFIX + to_phone,
        }
        if isinstance(plan, FreeformSend):
            kwargs["body"] = plan.text
            mode = "freeform"
        else:
            kwargs["content_sid"] = plan.content_sid
            kwargs["content_variables"] = json.dumps(plan.variables, ensure_ascii=False)
            mode = "template"
        try:
            message = self._client.messages.create(**kwargs)
        except Exception as exc:  # TwilioRestException, connection errors: the task retries
            raise SendFailed(f"twilio send failed: {exc}") from exc
        return SendReceipt(transport="twilio", provider_id=str(message.sid), mode=mode)


class BaileysWhatsApp:
    """Sends through the bridge; WhatsApp Web has no 24-hour window and no templates."""

    name: Transport = "baileys"
    enforces_window = False

    def __init__(self, base_url: str, secret: str, clock: Clock, timeout_s: float = 10.0) -> None:
        self._clock = clock
        self._url = base_url.rstrip("/") + "/send"
        self._secret = secret
        self._timeout_s = timeout_s

    def send(self, from_number: str, to_phone: str, plan: SendPlan) -> SendReceipt:
        if isinstance(plan, TemplateSend):
            raise ValidationFailed("plan", "the Baileys bridge sends free-form text only")
        body = json.dumps(
            {"from": from_number, "to": to_phone, "text": plan.text}, ensure_ascii=False
        ).encode()
        headers = {
            "Content-Type": "application/json",
            **bridge_signing.sign(self._secret, body, self._clock.now().timestamp()).as_dict(),
        }
        try:
            response = httpx.post(self._url, content=body, headers=headers, timeout=self._timeout_s)
            response.raise_for_status()
            provider_id = str(response.json()["id"])
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            raise SendFailed(f"bridge send failed: {exc}") from exc
        return SendReceipt(transport="baileys", provider_id=provider_id, mode="freeform")
