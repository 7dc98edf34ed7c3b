"""WhatsApp's 24-hour customer-service window, as a pure rule.

Through the WhatsApp Business API (Twilio) a business may send free-form text only within 24
hours of the customer's last message; after that only pre-approved templates are delivered.
WhatsApp Web (the Baileys bridge) has no such window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from agentlocator.errors import AgentLocatorError

CUSTOMER_SERVICE_WINDOW = timedelta(hours=24)


class WindowClosed(AgentLocatorError):
    """Outside the 24-hour window and no approved template is configured."""

    http_status = 409


@dataclass(frozen=True)
class FreeformSend:
    text: str


@dataclass(frozen=True)
class TemplateSend:
    content_sid: str
    variables: dict[str, str]


SendPlan = FreeformSend | TemplateSend


def window_open(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True while free-form messages may be sent: the customer wrote in the last 24 hours."""
    if last_inbound_at is None:
        return False
    return last_inbound_at <= now < last_inbound_at + CUSTOMER_SERVICE_WINDOW


def plan_send(
    text: str,
    *,
    last_inbound_at: datetime | None,
    now: datetime,
    enforces_window: bool,
    template_content_sid: str | None,
    template_variables: dict[str, str] | None = None,
) -> SendPlan:
    """Free-form text inside the window (or on a transport without one), else the template."""
    if not enforces_window or window_open(last_inbound_at, now):
        return FreeformSend(text=text)
    if not template_content_sid:
        raise WindowClosed("outside the 24-hour window and no approved template is configured")
    return TemplateSend(content_sid=template_content_sid, variables=dict(template_variables or {}))
