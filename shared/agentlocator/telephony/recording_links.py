"""Links the staff app can play a call's recording from: ``{base}/call_recording?c=&e=&t=``.

An ``<audio src>`` cannot send the app's bearer token, so the CRM API (which did check it) hands
out a link signed with HMAC over the CallSid and an expiry; ``call_recording`` streams the
archived copy from Cloud Storage only while the signature holds. Pure.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.models import Call

LINK_TTL = timedelta(hours=1)
PLAY_PATH = "/call_recording"


def _signature(secret: str, call_sid: str, expires: int) -> str:
    message = f"recording:{call_sid}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class RecordingLinks:
    base_url: str
    secret: str
    ttl: timedelta = LINK_TTL
    clock: Clock = SYSTEM_CLOCK

    @classmethod
    def from_settings(cls, settings: Settings) -> RecordingLinks:
        return cls(settings.public_base_url, settings.stream_token_secret)

    def link(self, call: Call) -> str | None:
        """None when there is nothing to play (no archived copy, or purged)."""
        recording = call.recording
        if recording is None or recording.purged_at is not None or not recording.storage_uri:
            return None
        expires = int((self.clock.now() + self.ttl).timestamp())
        query = urlencode(
            {"c": call.call_sid, "e": expires, "t": _signature(self.secret, call.call_sid, expires)}
        )
        return f"{self.base_url.rstrip('/')}{PLAY_PATH}?{query}"

    def valid(self, call_sid: str, expires: str, token: str, now: datetime) -> bool:
        if not expires.isdigit() or int(expires) < now.timestamp():
            return False
        return hmac.compare_digest(_signature(self.secret, call_sid, int(expires)), token)
