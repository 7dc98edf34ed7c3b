"""The one way every Twilio webhook here (voice and WhatsApp) checks ``X-Twilio-Signature``.

The signed URL is rebuilt from the WSGI environ as asked (SCRIPT_NAME + PATH_INFO: any mount
prefix, no slash added or removed) and from the target's configured path (``/<target>``, what
the Twilio console holds, for platforms that strip it), against ``PUBLIC_BASE_URL``; the query
is read as WSGI gives it (latin-1, which cannot fail on crafted bytes).
"""

from __future__ import annotations

import flask

from agentlocator.config import Settings
from agentlocator.telephony.signature import SignedRequest, verify_twilio_request


def signed_request(request: flask.Request) -> SignedRequest:
    environ = request.environ
    return SignedRequest(
        path=environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        query=request.query_string.decode("latin-1"),
        form=request.form.to_dict(flat=False),
        headers=dict(request.headers),
    )


def verify_twilio_webhook(request: flask.Request, target: str, config: Settings) -> None:
    """Raise ``BadSignature`` unless Twilio signed this request to ``/<target>`` (with or
    without a trailing slash, under any mount prefix)."""
    verify_twilio_request(
        signed_request(request), config.twilio_auth_token, config.public_base_url, f"/{target}"
    )
