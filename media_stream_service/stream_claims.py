"""One media stream per stream token: the claim the handler makes beside the greeting.

A token is bound to its call and caller (``agentlocator.telephony.stream_token``) but is a bearer
value for its lifetime; a second ``start`` with it would open a second conversation as that
caller. The handler therefore claims the CallSid once the token checks out. The claim runs
concurrently with the greeting (one Firestore write, not a read before the first audio); the
call's writes wait for it (``ClaimGatedRecorder``), and a stream that loses is closed with 1008
having stored nothing.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Protocol

from agentlocator.crm.stream_claims import StreamClaimRepository
from media_stream_service.recorder import CallIdentity, CallRecorder, CallSummary


class StreamClaims(Protocol):
    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        """True if ``call``'s stream is the first for its CallSid."""
        ...


class InstanceStreamClaims:
    """Claims held by this process: enough for one instance (tests, the bench, ``make run``);
    production uses ``FirestoreStreamClaims`` so the claim holds across instances."""

    def __init__(self) -> None:
        self._claimed: set[str] = set()

    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        if call.call_sid in self._claimed:
            return False
        self._claimed.add(call.call_sid)
        return True


class FirestoreStreamClaims:
    def __init__(self, repository: StreamClaimRepository) -> None:
        self._repository = repository

    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        return await asyncio.to_thread(
            self._repository.claim, call.call_sid, call.stream_sid, call.business_id, at
        )


class ClaimGatedRecorder:
    """A call's recorder that holds each write until the stream's claim is decided, and drops
    it if the claim was lost. The claim runs beside the greeting, so a fast stream (or a replay
    that skips pacing) could otherwise store a turn before it is known to be the call's one
    stream; with real-time audio the first write comes seconds after the claim, so nothing waits.
    """

    def __init__(self, inner: CallRecorder, claimed: asyncio.Future[bool]) -> None:
        self._inner = inner
        self._claimed = claimed

    async def _allowed(self) -> bool:
        try:
            return await asyncio.shield(self._claimed)
        except Exception:  # the handler logs the failed claim and closes the stream
            return False

    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None:
        if await self._allowed():
            await self._inner.caller_turn(call, text, at)

    async def leah_turn(
        self, call: CallIdentity, text: str, at: datetime, interrupted: bool = False
    ) -> str:
        if await self._allowed():
            return await self._inner.leah_turn(call, text, at, interrupted)
        return ""

    async def cut_leah_turn(self, call: CallIdentity, message_id: str, heard_text: str) -> None:
        if await self._allowed():
            await self._inner.cut_leah_turn(call, message_id, heard_text)

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        if await self._allowed():
            await self._inner.call_ended(call, summary)
