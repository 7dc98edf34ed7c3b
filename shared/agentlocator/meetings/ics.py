"""An .ics (iCalendar, RFC 5545) invite for one meeting, and the signed link that serves it.

The link carries an HMAC of the business and appointment ids, so only someone who got the
message can fetch the invite, and ids cannot be enumerated. Pure.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import urlencode

from agentlocator.crm.models import Appointment

_DOMAIN = "agentlocator.co.il"


def ics_token(secret: str, business_id: str, appointment_id: str) -> str:
    message = f"ics:{business_id}:{appointment_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def token_matches(secret: str, business_id: str, appointment_id: str, token: str) -> bool:
    # Bytes: compare_digest raises TypeError on a str with a non-ASCII character (a crafted link).
    return hmac.compare_digest(
        ics_token(secret, business_id, appointment_id).encode(), token.encode("utf-8", "replace")
    )


def ics_url(base_url: str, secret: str, appointment: Appointment) -> str:
    query = urlencode(
        {
            "b": appointment.business_id,
            "a": appointment.id,
            "t": ics_token(secret, appointment.business_id, appointment.id),
        }
    )
    return f"{base_url.rstrip('/')}/meeting_ics?{query}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    # RFC 5545 TEXT: CR too, since many readers end a line at a bare CR (a new property).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_invite(appointment: Appointment, summary: str, location: str | None, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//AgentLocator//Leah//HE",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{appointment.id}@{_DOMAIN}",
        f"DTSTAMP:{_stamp(now)}",
        # calendars replace an event they hold when the same UID comes with a higher SEQUENCE
        f"SEQUENCE:{appointment.version - 1}",
        f"DTSTART:{_stamp(appointment.start)}",
        f"DTEND:{_stamp(appointment.end)}",
        f"SUMMARY:{_escape(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if appointment.status == "cancelled":
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"
