"""What Twilio posts about a call besides its media stream: the signed status callbacks
(initiated, ringing, in-progress, completed with ``CallDuration``) and, once the call's
recording is ready, the recording status callback for a recording the Twilio stand-in serves.

Forms carry Twilio's field names and are signed with twilio's own ``RequestValidator`` over
the public URL, exactly as the functions verify them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from agentlocator.devstack.twilio_resources import twilio_date
from agentlocator.simulator.webhook import sign

# Twilio's order for an answered inbound call; "completed" comes after the stream ends.
ANSWERED_SEQUENCE = ("initiated", "ringing", "in-progress")


@dataclass
class TwilioCallbacks:
    functions_url: str  # the public base URL the functions verify signatures against
    account_sid: str
    auth_token: str
    call_sid: str
    caller: str
    called: str
    timeout_s: float = 30.0
    _sequence: int = field(default=0, init=False)

    def _post(self, target: str, form: dict[str, str]) -> httpx.Response:
        url = f"{self.functions_url.rstrip('/')}/{target}"
        headers = {"X-Twilio-Signature": sign(url, form, self.auth_token)}
        response = httpx.post(url, data=form, headers=headers, timeout=self.timeout_s)
        response.raise_for_status()
        return response

    def status(self, status: str, at: datetime, duration_s: int | None = None) -> str:
        """Post one status callback; returns the call status the function stored."""
        form = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "CallSid": self.call_sid,
            "CallStatus": status,
            "Called": self.called,
            "Caller": self.caller,
            "Direction": "inbound",
            "From": self.caller,
            "To": self.called,
            "SequenceNumber": str(self._sequence),
            "Timestamp": twilio_date(at),
            "CallbackSource": "call-progress-events",
        }
        if duration_s is not None:
            form["CallDuration"] = str(duration_s)
        self._sequence += 1
        return str(self._post("voice_status", form).json()["status"])

    def recording(self, recording: dict[str, object], started_at: datetime) -> dict[str, object]:
        """Post the recording callback for ``recording`` (the stand-in's resource)."""
        sid = str(recording["sid"])
        form = {
            "AccountSid": self.account_sid,
            "CallSid": self.call_sid,
            "RecordingSid": sid,
            "RecordingUrl": str(recording["media_url"]),
            "RecordingStatus": "completed",
            "RecordingDuration": str(recording["duration"]),
            "RecordingChannels": str(recording["channels"]),
            "RecordingSource": str(recording["source"]),
            "RecordingStartTime": twilio_date(started_at),
        }
        body: dict[str, object] = self._post("recording_status", form).json()
        return body


def upload_call_recording(
    twilio_api_base: str, account_sid: str, auth_token: str, call_sid: str, mulaw: bytes
) -> dict[str, object]:
    """Leave the call's audio with the Twilio stand-in as the call's finished recording."""
    response = httpx.post(
        f"{twilio_api_base.rstrip('/')}/_standin/Accounts/{account_sid}/Calls/{call_sid}/Recording",
        data={"Audio": base64.b64encode(mulaw).decode()},
        auth=(account_sid, auth_token),
        timeout=30,
    )
    response.raise_for_status()
    resource: dict[str, object] = response.json()
    return resource
