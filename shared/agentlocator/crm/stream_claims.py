"""stream_claims/{CallSid}: which media stream a call's token opened (one per token).

The media service claims the CallSid when a stream starts; the claim is a ``create`` (an
exists=false precondition), so of two streams started with the same token exactly one wins,
whatever the timing and whichever instance serves them. One write, no read: it costs one round
trip and runs beside the greeting, not before it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from google.api_core.exceptions import AlreadyExists, FailedPrecondition
from google.cloud import firestore

# Longer than any stream token lives (minutes) and any stream lasts (Cloud Run's 3600 s timeout).
KEEP_CLAIMS = timedelta(days=1)


class StreamClaimRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client
        self._claims = client.collection("stream_claims")

    def claim(
        self,
        call_sid: str,
        stream_sid: str,
        business_id: str,
        at: datetime,
        token_expires: int = 0,
    ) -> bool:
        """True if this stream is the first for its token; False if another stream holds it.

        A call can have a second token later (Leah takes the call back after an unanswered
        handoff): a claim made with an older token is replaced by a conditional update, so of
        two streams with the newer token still exactly one wins."""
        record = {
            "stream_sid": stream_sid,
            "business_id": business_id,
            "claimed_at": at,
            "token_expires": token_expires,
            # a Firestore TTL policy deletes the claim once no stream can use its token
            "expire_at": at + KEEP_CLAIMS,
        }
        ref = self._claims.document(call_sid)
        try:
            ref.create(record)
            return True
        except AlreadyExists:
            pass
        snap = ref.get()
        if not snap.exists or int(snap.get("token_expires") or 0) >= token_expires:
            return False
        try:
            ref.update(record, option=self._client.write_option(last_update_time=snap.update_time))
        except FailedPrecondition:
            return False  # another stream with this token replaced the old claim first
        return True

    def claimed_by(self, call_sid: str) -> str | None:
        """The StreamSid that holds the claim, or None."""
        snap = self._claims.document(call_sid).get()
        return str(snap.get("stream_sid")) if snap.exists else None
