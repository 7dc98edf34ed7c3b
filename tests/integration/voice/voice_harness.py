"""Twilio's side of the voice webhooks: forms shaped like Twilio's, signed with twilio's own
RequestValidator over the public URL, posted in-process or over HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import voice
from twilio.request_validator import RequestValidator

from agentlocator.config import Settings
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER

TARGETS = ("voice_incoming", "voice_status", "recording_status")
MAIN = str(Path(__file__).resolve().parents[3] / "functions" / "main.py")
CALLER = "+972501234567"
SIGN = object()  # sentinel: sign the request properly


def call_sid() -> str:
    return "CA" + uuid.uuid4().hex


def recording_sid() -> str:
    return "RE" + uuid.uuid4().hex


@dataclass(frozen=True)
class Reply:
    status: int
    text: str
    content_type: str

    def json(self) -> Any:
        return json.loads(self.text)


Post = Callable[[str, str, Mapping[str, str], Mapping[str, str]], Any]


@dataclass
class TwilioWebhooks:
    settings: Settings
    post: Post

    @classmethod
    def over_http(cls, settings: Settings) -> TwilioWebhooks:
        session = requests.Session()

        def post(
            target: str, path: str, data: Mapping[str, str], headers: Mapping[str, str]
        ) -> Any:
            return session.post(settings.public_base_url + path, data=data, headers=headers)

        return cls(settings, post)

    def url(self, target: str) -> str:
        return f"{self.settings.public_base_url}/{target}"

    def signature(self, target: str, form: Mapping[str, str], token: str | None = None) -> str:
        validator = RequestValidator(token or self.settings.twilio_auth_token)
        return str(validator.compute_signature(self.url(target), dict(form)))

    def send(
        self, target: str, form: Mapping[str, str], signature: object = SIGN, **headers: str
    ) -> Reply:
        all_headers = dict(headers)
        if signature is SIGN:
            all_headers["X-Twilio-Signature"] = self.signature(target, form)
        elif isinstance(signature, str):
            all_headers["X-Twilio-Signature"] = signature
        response = self.post(target, f"/{target}", form, all_headers)
        if isinstance(response, requests.Response):
            voice.wait_after_response()  # the served app runs in this process too
            return Reply(response.status_code, response.text, response.headers["Content-Type"])
        text = response.get_data(as_text=True)
        response.close()  # as a WSGI server does once the body is sent (runs call_on_close work)
        voice.wait_after_response()  # and the writes queued after it, so tests see them done
        return Reply(response.status_code, text, response.content_type)

    # --- Twilio's forms ---------------------------------------------------------------

    def incoming(
        self, sid: str, caller: str = CALLER, to: str = DEMO_TWILIO_NUMBER
    ) -> dict[str, str]:
        return {
            "AccountSid": self.settings.twilio_account_sid,
            "ApiVersion": "2010-04-01",
            "CallSid": sid,
            "CallStatus": "ringing",
            "Called": to,
            "Caller": caller,
            "Direction": "inbound",
            "From": caller,
            "FromCountry": "IL",
            "To": to,
            "ToCountry": "IL",
        }

    def status(self, sid: str, status: str, **extra: str) -> dict[str, str]:
        return {
            "AccountSid": self.settings.twilio_account_sid,
            "CallSid": sid,
            "CallStatus": status,
            "Direction": "inbound",
            **extra,
        }

    def recording(
        self, sid: str, rec_sid: str, status: str = "completed", duration: str = "42"
    ) -> dict[str, str]:
        account = self.settings.twilio_account_sid
        return {
            "AccountSid": account,
            "CallSid": sid,
            "RecordingSid": rec_sid,
            "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/"
            + rec_sid,
            "RecordingStatus": status,
            "RecordingDuration": duration,
            "RecordingChannels": "2",
            "RecordingSource": "StartCallRecordingTwiML",
            "RecordingStartTime": "Tue, 24 Nov 2026 10:00:02 +0000",
        }


def firestore_snapshot(client: Any) -> dict[str, tuple[Any, Any]]:
    """Every document (subcollections too) → (update time, data): equal snapshots mean no write."""
    found: dict[str, tuple[Any, Any]] = {}

    def walk(collections: Any) -> None:
        for collection in collections:
            for snap in collection.stream():
                found[snap.reference.path] = (snap.update_time, snap.to_dict())
                walk(snap.reference.collections())

    walk(client.collections())
    return found
