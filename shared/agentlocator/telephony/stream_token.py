"""HMAC token that ties a Twilio Media Stream to the call the webhook answered.

The voice webhook (signed by Twilio) issues the token and puts it in the TwiML
``<Stream><Parameter name="token">``; Twilio hands it back in the stream's ``start`` message
as a custom parameter. The media service verifies it before touching any audio, so only
streams our own webhook started can reach Leah.

Token format: ``v2.<expires unix seconds>.<base64url HMAC-SHA256>``; the MAC covers the
version, the business id, the CallSid, the caller's phone, the expiry and the greeting parameters
(``SIGNED_PARAMS``), so a token is useless for another call, and a forged ``caller`` parameter
cannot re-attribute the call to another lead. A token opens one stream: the media service claims
the CallSid (a create precondition) beside the greeting, and a replayed ``start`` is closed
before it stores anything (``media_stream_service.stream_claims``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime, timedelta

from agentlocator.errors import BadSignature

# v1 tokens (no caller in the MAC) are refused: they live minutes, and a deploy outlives them.
TOKEN_VERSION = "v2"


def _mac(
    secret: str,
    business_id: str,
    call_sid: str,
    caller: str,
    expires: int,
    signed: Mapping[str, str],
) -> str:
    # JSON, not a joined string: no field's content can shift another field's boundary
    fields = [TOKEN_VERSION, business_id, call_sid, caller, expires, sorted(signed.items())]
    message = json.dumps(fields, ensure_ascii=False).encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # "²".isdigit() is True, yet int("²") raises


def _unix_seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return int(moment.timestamp())


def issue_stream_token(
    secret: str,
    business_id: str,
    call_sid: str,
    now: datetime,
    ttl: int | timedelta,
    *,
    caller: str,
    signed: Mapping[str, str] | None = None,
) -> str:
    """A token for ``caller`` (E.164) on this call, valid for ``ttl`` (seconds or timedelta)
    from ``now`` (timezone-aware). ``signed``: more stream parameters the MAC covers (only
    names in ``SIGNED_PARAMS``)."""
    if not secret:
        raise ValueError("stream token secret is empty")
    if not caller:
        raise ValueError("a stream token names its caller")
    ttl_seconds = int(ttl.total_seconds()) if isinstance(ttl, timedelta) else int(ttl)
    if ttl_seconds <= 0:
        raise ValueError("ttl must be positive")
    extra = dict(signed or {})
    if not set(extra) <= set(SIGNED_PARAMS):
        raise ValueError(f"only {SIGNED_PARAMS} can be signed beside the caller")
    expires = _unix_seconds(now) + ttl_seconds
    mac = _mac(secret, business_id, call_sid, caller, expires, extra)
    return f"{TOKEN_VERSION}.{expires}.{mac}"


def verify_stream_token(
    secret: str,
    token: str | None,
    business_id: str,
    call_sid: str,
    now: datetime,
    *,
    caller: str,
    parameters: Mapping[str, str] | None = None,
) -> None:
    """Return quietly if ``token`` was issued with ``secret`` for this call and this caller (and
    these ``SIGNED_PARAMS`` among the stream's ``parameters``) and has not expired.

    Raises ``BadSignature`` otherwise (missing, malformed, wrong call, wrong caller, wrong
    secret, expired).
    """
    if not secret:
        raise BadSignature("stream token secret is empty")
    if not token:
        raise BadSignature("missing stream token")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or not _ascii_digits(parts[1]):
        raise BadSignature("malformed stream token")
    expires = int(parts[1])
    signed = {k: v for k, v in (parameters or {}).items() if k in SIGNED_PARAMS}
    expected = _mac(secret, business_id, call_sid, caller, expires, signed)
    if not hmac.compare_digest(expected.encode(), parts[2].encode("ascii", "replace")):
        raise BadSignature("stream token does not match this call")
    if _unix_seconds(now) >= expires:
        raise BadSignature("stream token expired")


# Names of the TwiML <Stream><Parameter>s the voice webhook sets and the media service reads
# from the ``start`` message's customParameters.
STREAM_PARAM_TOKEN = "token"
STREAM_PARAM_BUSINESS_ID = "business_id"
STREAM_PARAM_CALLER = "caller"  # the caller's phone, E.164 (the lead id); covered by the MAC
STREAM_PARAM_GREETING = "greeting"  # the business's opening line (no Firestore read to greet)
STREAM_PARAM_VOICE = "voice"  # the business's TTS voice
SIGNED_PARAMS = (STREAM_PARAM_GREETING, STREAM_PARAM_VOICE)
