"""Close the media streams nobody closed: the instance serving them died without Twilio's
``stop``, and no final status callback came (Twilio does not retry those).

A stream cannot outlive the media service's request timeout (Cloud Run ``--timeout=3600``), so
one still open in Firestore well past it is dead. Each close is a conditional update: a status
callback or the service closing it at the same moment wins, and the sweep changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from agentlocator.crm.calls import CallRepository

log = logging.getLogger(__name__)

STREAM_MAX_SECONDS = 3600  # the media service's Cloud Run request timeout (cloudbuild.yaml)
STALE_AFTER = timedelta(seconds=STREAM_MAX_SECONDS + 300)
CLOSED_BY_SWEEP = "sweep"


def sweep_stale_streams(
    calls: CallRepository, now: datetime, stale_after: timedelta = STALE_AFTER
) -> list[str]:
    """Close every stream started before ``now - stale_after`` and still open; their CallSids."""
    closed = []
    for call in calls.open_streams_started_before(now - stale_after):
        stored = calls.close_stream(call.call_sid, now, CLOSED_BY_SWEEP)
        if stored.stream_ended_by == CLOSED_BY_SWEEP:
            closed.append(call.call_sid)
    if closed:
        log.info("closed %d stale media streams", len(closed))
    return closed
