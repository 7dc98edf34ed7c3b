"""The JSON shapes of Twilio's 2010-04-01 REST resources and errors, as the stand-in returns them.

Field names and formats follow Twilio's responses closely enough for ``twilio.rest.Client`` to
build its instances (RFC 2822 dates, string durations, ``uri`` and ``subresource_uris``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agentlocator.clock import SYSTEM_CLOCK

API_VERSION = "2010-04-01"

Resource = dict[str, Any]
Form = dict[str, list[str]]


class TwilioApiError(Exception):
    """Answered as Twilio's error body: ``{"code", "message", "more_info", "status"}``."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> Resource:
        more_info = f"https://www.twilio.com/docs/errors/{self.code}"
        return {
            "code": self.code,
            "message": self.message,
            "more_info": more_info,
            "status": self.status,
        }


def new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


def twilio_date(moment: datetime) -> str:
    """Twilio's RFC 2822 dates: ``Tue, 24 Nov 2026 10:00:00 +0000``."""
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def one(form: Form, name: str) -> str | None:
    """The first value of a form field (Twilio's forms are single-valued but for MediaUrl)."""
    values = form.get(name)
    return values[0] if values else None


@dataclass(frozen=True)
class ResourceBuilder:
    account_sid: str
    base_url: str

    def uri(self, tail: str) -> str:
        return f"/{API_VERSION}/Accounts/{self.account_sid}/{tail}"

    def recording(self, sid: str, call_sid: str, status: str, duration_seconds: int) -> Resource:
        now = twilio_date(SYSTEM_CLOCK.now())  # the stand-in plays Twilio, with its own clock
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "call_sid": call_sid,
            "conference_sid": None,
            "api_version": API_VERSION,
            "date_created": now,
            "date_updated": now,
            "start_time": now,
            "duration": str(duration_seconds),
            "status": status,
            "channels": 2,
            "source": "StartCallRecordingAPI",
            "track": "both",
            "error_code": None,
            "price": None,
            "price_unit": "USD",
            "uri": self.uri(f"Recordings/{sid}.json"),
            "media_url": f"{self.base_url}{self.uri(f'Recordings/{sid}')}",
            "encryption_details": None,
            "subresource_uris": {},
        }

    def call(self, form: Form) -> Resource:
        sid = new_sid("CA")
        now = twilio_date(SYSTEM_CLOCK.now())  # the stand-in plays Twilio, with its own clock
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": one(form, "To"),
            "from": one(form, "From"),
            "status": "queued",
            "direction": "outbound-api",
            "api_version": API_VERSION,
            "date_created": now,
            "date_updated": now,
            "start_time": None,
            "end_time": None,
            "duration": None,
            "price": None,
            "price_unit": "USD",
            "answered_by": None,
            "caller_name": None,
            "forwarded_from": None,
            "parent_call_sid": None,
            "phone_number_sid": None,
            "queue_time": "0",
            "trunk_sid": None,
            "group_sid": None,
            "uri": self.uri(f"Calls/{sid}.json"),
            "subresource_uris": {"recordings": self.uri(f"Calls/{sid}/Recordings.json")},
        }

    def message(self, form: Form) -> Resource:
        sid = new_sid("MM" if form.get("MediaUrl") else "SM")
        now = twilio_date(SYSTEM_CLOCK.now())  # the stand-in plays Twilio, with its own clock
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": one(form, "To"),
            "from": one(form, "From"),
            "messaging_service_sid": one(form, "MessagingServiceSid"),
            "body": one(form, "Body") or "",
            "status": "queued",
            "direction": "outbound-api",
            "api_version": API_VERSION,
            "num_segments": "1",
            "num_media": str(len(form.get("MediaUrl", []))),
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "price_unit": "USD",
            "uri": self.uri(f"Messages/{sid}.json"),
            "subresource_uris": {"media": self.uri(f"Messages/{sid}/Media.json")},
        }

    def page(self, key: str, items: list[Resource], path: str) -> Resource:
        return {
            key: items,
            "uri": path,
            "first_page_uri": path,
            "next_page_uri": None,
            "previous_page_uri": None,
            "page": 0,
            "page_size": 50,
            "start": 0,
            "end": max(len(items) - 1, 0),
        }
