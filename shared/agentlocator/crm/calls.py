"""calls/{CallSid}: one document per Twilio call, unique by construction.

The CallSid is the document id and the first write is a ``create`` (an exists=false
precondition), so duplicate or concurrent webhook deliveries can never make a second record.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists, FailedPrecondition
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.clock import Clock
from agentlocator.crm.call_progress import apply_changes, status_changes
from agentlocator.crm.models import Call, Recording
from agentlocator.errors import Conflict, NotFound

# Each attempt loses only to a writer that changed the call; 20 racing callbacks change it a
# handful of times (one per status), so this bound is far from reached.
CONDITIONAL_UPDATE_ATTEMPTS = 40
RETRY_JITTER_S = 0.005


class CallRepository:
    def __init__(self, client: firestore.Client, clock: Clock) -> None:
        self._clock = clock
        self._client = client
        self._calls = client.collection("calls")

    def create_call_once(self, call: Call) -> tuple[Call, bool]:
        """Store ``call`` unless a call with its CallSid exists; return the stored call and
        whether this delivery created it. Every concurrent caller gets an equal ``Call``."""
        ref = self._calls.document(call.call_sid)
        try:
            ref.create(call.to_firestore())
        except AlreadyExists:
            snap = ref.get()
            return Call.model_validate(snap.to_dict()), False
        return call, True

    def get(self, call_sid: str) -> Call:
        snap = self._calls.document(call_sid).get()
        if not snap.exists:
            raise NotFound(f"call {call_sid}")
        return Call.model_validate(snap.to_dict())

    def get_for_business(self, business_id: str, call_sid: str) -> Call:
        """A call only if it belongs to ``business_id``; otherwise NotFound (no existence leak)."""
        call = self.get(call_sid)
        if call.business_id != business_id:
            raise NotFound(f"call {call_sid}")
        return call

    def advance_status(
        self,
        call_sid: str,
        status: str,
        at: datetime | None = None,
        duration_seconds: int | None = None,
        sequence: int | None = None,
    ) -> Call:
        """Apply a Twilio status callback (rules in ``call_progress``): out-of-order or
        repeated callbacks never move a call backwards, and a terminal status is never lost.

        No transaction: a read, then an update conditional on the document not having changed
        since (retried on precondition failure). A callback that adds nothing writes nothing,
        so duplicates never contend; the emulator's transactions aborted under 8 concurrent
        callbacks and lost ``completed``."""
        when = at or self._clock.now()
        return self._update_until_applied(
            call_sid,
            lambda call: status_changes(call, status, when, duration_seconds, sequence),
        )

    def update_recording(
        self, call_sid: str, merge: Callable[[Recording | None], Recording | None]
    ) -> Call:
        """Replace the call's recording by ``merge(stored recording)`` (None: keep it), with
        the same conditional update as status callbacks: concurrent recording callbacks
        cannot overwrite a later state with an earlier one."""

        def changes(call: Call) -> dict[str, Any]:
            merged = merge(call.recording)
            if merged is None or merged == call.recording:
                return {}
            return {"recording": merged.to_firestore()}

        return self._update_until_applied(call_sid, changes)

    def set_recording(self, call_sid: str, recording: Recording) -> Call:
        return self.update_recording(call_sid, lambda _: recording)

    def _update_until_applied(
        self, call_sid: str, compute: Callable[[Call], dict[str, Any]]
    ) -> Call:
        ref = self._calls.document(call_sid)
        for attempt in range(CONDITIONAL_UPDATE_ATTEMPTS):
            snap = ref.get()
            if not snap.exists:
                raise NotFound(f"call {call_sid}")
            call = Call.model_validate(snap.to_dict())
            changes = compute(call)
            if not changes:
                return call
            try:
                ref.update(
                    changes, option=self._client.write_option(last_update_time=snap.update_time)
                )
            except FailedPrecondition:
                # another callback wrote first: read its result and decide again
                time.sleep(random.uniform(0, RETRY_JITTER_S * (attempt + 1)))
                continue
            return apply_changes(call, changes)
        raise Conflict(f"call {call_sid} kept changing; retry the callback")

    def open_streams_started_before(self, cutoff: datetime, limit: int = 500) -> list[Call]:
        """Calls whose media stream started before ``cutoff`` and was never closed."""
        query = (
            self._calls.where(filter=FieldFilter("stream_ended_at", "==", None))
            .where(filter=FieldFilter("stream_started_at", "<", cutoff))
            .order_by("stream_started_at")
            .limit(limit)
        )
        return [Call.model_validate(s.to_dict()) for s in query.stream()]

    def close_stream(self, call_sid: str, at: datetime, by: str) -> Call:
        """Record the stream's end unless something (its service, a status callback) did."""

        def changes(call: Call) -> dict[str, Any]:
            if call.stream_ended_at is not None:
                return {}
            return {"stream_ended_at": at, "stream_ended_by": by}

        return self._update_until_applied(call_sid, changes)

    def claim_handoff_step(self, call_sid: str, step: str, agent_id: str | None) -> bool:
        """Record the handoff's first step; False when an earlier delivery already did."""
        claimed = False

        def changes(call: Call) -> dict[str, Any]:
            nonlocal claimed
            claimed = call.handoff_step is None
            return {"handoff_step": step, "handoff_agent_id": agent_id} if claimed else {}

        self._update_until_applied(call_sid, changes)
        return claimed

    def advance_handoff_step(
        self, call_sid: str, from_step: str, to_step: str, **fields: Any
    ) -> bool:
        """Move the handoff from ``from_step`` to ``to_step`` (with ``fields``); False when it
        had already left ``from_step`` (a repeated callback, or the other outcome won)."""
        advanced = False

        def changes(call: Call) -> dict[str, Any]:
            nonlocal advanced
            advanced = call.handoff_step == from_step
            return {"handoff_step": to_step, **fields} if advanced else {}

        self._update_until_applied(call_sid, changes)
        return advanced

    def update_fields(self, call_sid: str, changes: dict[str, Any]) -> None:
        self._calls.document(call_sid).update(changes)

    def list_for_business(
        self, business_id: str, limit: int = 50, start_after: datetime | None = None
    ) -> list[Call]:
        query = self._calls.where(filter=FieldFilter("business_id", "==", business_id)).order_by(
            "started_at", direction=firestore.Query.DESCENDING
        )
        if start_after is not None:
            query = query.start_after({"started_at": start_after})
        return [Call.model_validate(s.to_dict()) for s in query.limit(limit).stream()]

    def list_for_lead(self, business_id: str, lead_id: str, limit: int = 100) -> list[Call]:
        query = self._calls.where(filter=FieldFilter("business_id", "==", business_id)).where(
            filter=FieldFilter("lead_id", "==", lead_id)
        )
        calls = [Call.model_validate(s.to_dict()) for s in query.limit(limit).stream()]
        return sorted(calls, key=lambda c: c.started_at, reverse=True)

    def iter_with_recordings(self, page_size: int = 500) -> Iterator[Call]:
        """Every call that has a recording, in pages (for the retention purge)."""
        query = self._calls.where(filter=FieldFilter("recording.purged_at", "==", None)).order_by(
            "__name__"
        )
        last = None
        while True:
            page = query.start_after(last) if last is not None else query
            snaps = list(page.limit(page_size).stream())
            for snap in snaps:
                yield Call.model_validate(snap.to_dict())
            if len(snaps) < page_size:
                return
            last = snaps[-1]
