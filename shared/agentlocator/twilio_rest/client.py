"""Twilio REST calls the product makes, through the real ``twilio.rest.Client``.

``api_base`` points the client (and media downloads) somewhere other than
``https://api.twilio.com``: the local stand-in in tests and ``make run``
(``agentlocator.devstack.twilio_standin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from agentlocator.config import Settings

TWILIO_API_BASE = "https://api.twilio.com"
API_VERSION = "2010-04-01"
MediaFormat = Literal["mp3", "wav"]
MEDIA_TIMEOUT_SECONDS = 30.0


def make_twilio_client(account_sid: str, auth_token: str, api_base: str | None = None) -> Client:
    client = Client(account_sid, auth_token)
    if api_base:
        # The v2010 API (calls, recordings, messages) lives on the "api" domain.
        client.api.base_url = api_base.rstrip("/")
    return client


@dataclass
class TwilioRest:
    client: Client
    api_base: str = TWILIO_API_BASE

    @classmethod
    def from_settings(cls, settings: Settings) -> TwilioRest:
        client = make_twilio_client(
            settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base
        )
        return cls(client=client, api_base=(settings.twilio_api_base or TWILIO_API_BASE))

    @property
    def account_sid(self) -> str:
        return str(self.client.account_sid)

    def recording_media_url(self, recording_sid: str, media_format: MediaFormat = "mp3") -> str:
        return (
            f"{self.api_base.rstrip('/')}/{API_VERSION}/Accounts/{self.account_sid}"
            f"/Recordings/{recording_sid}.{media_format}"
        )

    def recording_media(self, recording_sid: str, media_format: MediaFormat = "mp3") -> bytes:
        """The recording's audio. The SDK's HTTP client decodes bodies as text, so the bytes
        come through ``requests`` (the SDK's own transport) with the same basic auth."""
        response = requests.get(
            self.recording_media_url(recording_sid, media_format),
            auth=(self.account_sid, str(self.client.password)),
            timeout=MEDIA_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        return response.content

    def delete_recording(self, recording_sid: str) -> bool:
        """Delete the recording at Twilio; False when Twilio no longer has it."""
        try:
            return bool(self.client.recordings(recording_sid).delete())
        except TwilioRestException as exc:
            if exc.status == 404:
                return False
            raise
