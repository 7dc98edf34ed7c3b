"""stream_claims/{CallSid}: which media stream a call's token opened (one per token).

The media service claims the CallSid when a stream starts; the claim is a ``create`` (an
exists=false precondition), so of two streams started with the same token exactly one wins,
whatever the timing and whichever instance serves them. One write, no read: it costs one round
trip and runs beside the greeting, not before it.
"""

from __future__ import annotations

from datetime import datetime

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore


class StreamClaimRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._claims = client.collection("stream_claims")

    def claim(self, call_sid: str, stream_sid: str, business_id: str, at: datetime) -> bool:
        """True if this stream is the call's first; False if another stream claimed it."""
        try:
            self._claims.document(call_sid).create(
                {"stream_sid": stream_sid, "business_id": business_id, "claimed_at": at}
            )
        except AlreadyExists:
            return False
        return True

    def claimed_by(self, call_sid: str) -> str | None:
        """The StreamSid that holds the claim, or None."""
        snap = self._claims.document(call_sid).get()
        return str(snap.get("stream_sid")) if snap.exists else None
