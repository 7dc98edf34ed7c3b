"""calls/{CallSid}: one document per Twilio call, unique by construction.

The CallSid is the document id and the first write is a ``create`` (an exists=false
precondition), so duplicate or concurrent webhook deliveries can never make a second record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.clock import Clock
from agentlocator.crm.models import CALL_STATUS_RANK, Call, Recording
from agentlocator.errors import NotFound

TERMINAL_RANK = max(CALL_STATUS_RANK.values())


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
        """Apply a Twilio status callback. Out-of-order or repeated callbacks never move a call
        backwards: a status of lower rank than the stored one, or an older SequenceNumber, is
        ignored (the other fields it carries are still merged when they add information)."""
        if status not in CALL_STATUS_RANK:
            raise ValueError(f"unknown call status {status!r}")
        ref = self._calls.document(call_sid)
        when = at or self._clock.now()

        @firestore.transactional
        def apply(tx: firestore.Transaction) -> Call:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                raise NotFound(f"call {call_sid}")
            call = Call.model_validate(snap.to_dict())
            changes: dict[str, Any] = {}
            rank = CALL_STATUS_RANK[status]
            if rank > call.status_rank:
                changes.update(status=status, status_rank=rank)
                if status == "in-progress" and call.answered_at is None:
                    changes["answered_at"] = when
                if rank == TERMINAL_RANK and call.ended_at is None:
                    changes["ended_at"] = when
            if duration_seconds is not None and call.duration_seconds is None:
                changes["duration_seconds"] = duration_seconds
            if sequence is not None and sequence > call.last_callback_sequence:
                changes["last_callback_sequence"] = sequence
            if changes:
                tx.update(ref, changes)
                call = call.model_copy(update=changes)
            return call

        result: Call = apply(self._client.transaction())
        return result

    def set_recording(self, call_sid: str, recording: Recording) -> Call:
        ref = self._calls.document(call_sid)
        if not ref.get().exists:
            raise NotFound(f"call {call_sid}")
        ref.update({"recording": recording.to_firestore()})
        return self.get(call_sid)

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
