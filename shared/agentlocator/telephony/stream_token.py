"""HMAC token that ties a Twilio Media Stream to the call the webhook answered.

The voice webhook (signed by Twilio) issues the token and puts it in the TwiML
``<Stream><Parameter name="token">``; Twilio hands it back in the stream's ``start`` message
as a custom parameter. The media service verifies it before touching any audio, so only
streams our own webhook started can reach Leah.

Token format: ``v1.<expires unix seconds>.<base64url HMAC-SHA256>``; the MAC covers the
version, the business id, the CallSid and the expiry, so a token is useless for another call.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from agentlocator.errors import BadSignature

TOKEN_VERSION = "v1"


def _mac(secret: str, business_id: str, call_sid: str, expires: int) -> str:
    message = "\n".join((TOKEN_VERSION, business_id, call_sid, str(expires))).encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # "²".isdigit() is True, yet int("²") raises


def _unix_seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return int(moment.timestamp())


def issue_stream_token(
    secret: str, business_id: str, call_sid: str, now: datetime, ttl: int | timedelta
) -> str:
    """A token valid for ``ttl`` (seconds or timedelta) from ``now`` (timezone-aware)."""
    if not secret:
        raise ValueError("stream token secret is empty")
    ttl_seconds = int(ttl.total_seconds()) if isinstance(ttl, timedelta) else int(ttl)
    if ttl_seconds <= 0:
        raise ValueError("ttl must be positive")
    expires = _unix_seconds(now) + ttl_seconds
    return f"{TOKEN_VERSION}.{expires}.{_mac(secret, business_id, call_sid, expires)}"


def verify_stream_token(
    secret: str, token: str | None, business_id: str, call_sid: str, now: datetime
) -> None:
    """Return quietly if ``token`` was issued with ``secret`` for this call and has not expired.

    Raises ``BadSignature`` otherwise (missing, malformed, wrong call, wrong secret, expired).
    """
    if not secret:
        raise BadSignature("stream token secret is empty")
    if not token:
        raise BadSignature("missing stream token")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or not _ascii_digits(parts[1]):
        raise BadSignature("malformed stream token")
    expires = int(parts[1])
    expected = _mac(secret, business_id, call_sid, expires)
    if not hmac.compare_digest(expected.encode(), parts[2].encode("ascii", "replace")):
        raise BadSignature("stream token does not match this call")
    if _unix_seconds(now) >= expires:
        raise BadSignature("stream token expired")


# Names of the TwiML <Stream><Parameter>s the voice webhook sets and the media service reads
# from the ``start`` message's customParameters.
STREAM_PARAM_TOKEN = "token"
STREAM_PARAM_BUSINESS_ID = "business_id"
STREAM_PARAM_CALLER = "caller"  # the caller's phone, E.164 (the lead id)
