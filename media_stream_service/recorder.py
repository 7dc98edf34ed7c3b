"""Where a call's turns and its end go: Firestore (messages, calls/{CallSid}) and Pub/Sub.

The session talks to the ``CallRecorder`` port. ``FirestoreCallRecorder`` runs the blocking
Firestore and Pub/Sub calls on a worker thread, one call's writes in order (a caller turn must be
stored before the brain reads the history; a cut of Leah's turn before the next caller turn).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from google.api_core.exceptions import NotFound as GoogleNotFound
from google.cloud.pubsub_v1 import PublisherClient

from agentlocator.crm.models import Message
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.telephony.call_summaries import CallSummaries

log = logging.getLogger(__name__)

CALL_ENDED_EVENT = "call.ended"
T = TypeVar("T")


@dataclass(frozen=True)
class CallIdentity:
    business_id: str
    lead_phone: str  # E.164: the lead's document id
    call_sid: str
    stream_sid: str


@dataclass(frozen=True)
class CallSummary:
    started_at: datetime
    ended_at: datetime
    ended_by: str  # "stop" (Twilio ended the stream) or "disconnect" (socket dropped)
    caller_turns: int
    leah_turns: int
    barge_ins: int
    malformed_messages: int


class CallRecorder(Protocol):
    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None: ...

    async def leah_turn(
        self,
        call: CallIdentity,
        text: str,
        at: datetime,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> str:
        """Store Leah's turn; returns the message id (to update it later)."""
        ...

    async def update_leah_turn(
        self,
        call: CallIdentity,
        message_id: str,
        text: str,
        interrupted: bool,
        heard_confirmed: bool,
    ) -> None:
        """Rewrite Leah's stored turn: more clauses sent, or settled to what the caller heard."""
        ...

    async def stream_started(self, call: CallIdentity, at: datetime) -> None:
        """The call's stream is live (a stream that dies without ``stop`` is closed later)."""
        ...

    async def handoff_requested(self, call: CallIdentity, reason: str, at: datetime) -> None:
        """The caller asked for a person (``voice_handoff`` reads it when the stream closes)."""
        ...

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None: ...


class NullCallRecorder:
    """Stores nothing: the benches measure the voice path without Firestore's latency."""

    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None:
        return None

    async def leah_turn(
        self,
        call: CallIdentity,
        text: str,
        at: datetime,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> str:
        return "m"

    async def update_leah_turn(
        self,
        call: CallIdentity,
        message_id: str,
        text: str,
        interrupted: bool,
        heard_confirmed: bool,
    ) -> None:
        return None

    async def stream_started(self, call: CallIdentity, at: datetime) -> None:
        return None

    async def handoff_requested(self, call: CallIdentity, reason: str, at: datetime) -> None:
        return None

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        return None


class FirestoreCallRecorder:
    def __init__(
        self,
        repos: Repositories,
        publisher: PublisherClient | None,
        topic_path: str | None,
        summaries: CallSummaries | None = None,
    ) -> None:
        self._repos = repos
        self._summaries = summaries
        self._publisher = publisher
        self._topic_path = topic_path
        self._locks: dict[str, asyncio.Lock] = {}

    async def _in_order(self, call: CallIdentity, fn: Callable[..., T], *args: object) -> T:
        lock = self._locks.setdefault(call.call_sid, asyncio.Lock())
        async with lock:
            return await asyncio.to_thread(fn, *args)

    def _append(
        self,
        call: CallIdentity,
        role: str,
        text: str,
        at: datetime,
        cut: bool,
        heard_confirmed: bool = True,
    ) -> str:
        message = Message(
            business_id=call.business_id,
            lead_id=call.lead_phone,
            channel="voice",
            role=role,  # type: ignore[arg-type]
            text=text,
            call_sid=call.call_sid,
            interrupted=cut,
            heard_confirmed=heard_confirmed,
            created_at=at,
        )
        stored, _ = self._repos.messages.append(message)
        return stored.id or ""

    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None:
        await self._in_order(call, self._append, call, "caller", text, at, False)

    async def leah_turn(
        self,
        call: CallIdentity,
        text: str,
        at: datetime,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> str:
        return await self._in_order(
            call, self._append, call, "leah", text, at, interrupted, heard_confirmed
        )

    async def update_leah_turn(
        self,
        call: CallIdentity,
        message_id: str,
        text: str,
        interrupted: bool,
        heard_confirmed: bool,
    ) -> None:
        await self._in_order(
            call,
            self._repos.messages.update_text,
            call.business_id,
            call.lead_phone,
            message_id,
            text,
            interrupted,
            heard_confirmed,
        )

    def _mark_stream_started(self, call: CallIdentity, at: datetime) -> None:
        try:
            self._repos.calls.update_fields(
                call.call_sid, {"stream_sid": call.stream_sid, "stream_started_at": at}
            )
        except GoogleNotFound:
            log.warning("call %s has no calls/ document; stream start not stored", call.call_sid)

    async def stream_started(self, call: CallIdentity, at: datetime) -> None:
        await self._in_order(call, self._mark_stream_started, call, at)

    def _mark_handoff(self, call: CallIdentity, reason: str, at: datetime) -> None:
        self._repos.calls.update_fields(
            call.call_sid, {"handoff_requested_at": at, "handoff_reason": reason}
        )

    async def handoff_requested(self, call: CallIdentity, reason: str, at: datetime) -> None:
        await self._in_order(call, self._mark_handoff, call, reason, at)

    def _finalize(self, call: CallIdentity, summary: CallSummary) -> None:
        fields = {
            "stream_sid": call.stream_sid,
            "stream_started_at": summary.started_at,
            "stream_ended_at": summary.ended_at,
            "stream_ended_by": summary.ended_by,
            "caller_turns": summary.caller_turns,
            "leah_turns": summary.leah_turns,
            "barge_ins": summary.barge_ins,
            "lead_id": call.lead_phone,
        }
        try:
            self._repos.calls.get(call.call_sid)
            self._repos.calls.update_fields(call.call_sid, fields)
        except NotFound:
            log.warning("call %s has no calls/ document; stream stats not stored", call.call_sid)
        else:
            self._summarize(call)
        if self._publisher is None or not self._topic_path:
            return
        event = {
            "type": CALL_ENDED_EVENT,
            **asdict(call),
            **{
                k: v.isoformat() if isinstance(v, datetime) else v
                for k, v in asdict(summary).items()
            },
        }
        future = self._publisher.publish(
            self._topic_path,
            json.dumps(event).encode(),
            event_type=CALL_ENDED_EVENT,
            call_sid=call.call_sid,
            business_id=call.business_id,
        )
        future.result(timeout=30)

    def _summarize(self, call: CallIdentity) -> None:
        if self._summaries is None:
            return
        try:
            self._summaries.write(call.business_id, call.lead_phone, call.call_sid)
        except Exception:  # a missing summary must not lose the call's end or its event
            log.exception("call %s: summary failed", call.call_sid)

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        try:
            await self._in_order(call, self._finalize, call, summary)
        finally:
            self._locks.pop(call.call_sid, None)
