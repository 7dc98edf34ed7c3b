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
    async def claim(self, call: CallIdentity, at: datetime, token_expires: int = 0) -> bool:
        """True if ``call``'s stream is the first for its token (the token's ``token_expires``
        tells a later token for the same CallSid, after a handoff, from a replay)."""
        ...


class InstanceStreamClaims:
    """Claims held by this process: enough for one instance (tests, the bench, ``make run``);
    production uses ``FirestoreStreamClaims`` so the claim holds across instances."""

    def __init__(self) -> None:
        self._claimed: dict[str, int] = {}

    async def claim(self, call: CallIdentity, at: datetime, token_expires: int = 0) -> bool:
        held = self._claimed.get(call.call_sid)
        if held is not None and held >= token_expires:
            return False
        self._claimed[call.call_sid] = token_expires
        return True


class FirestoreStreamClaims:
    def __init__(self, repository: StreamClaimRepository) -> None:
        self._repository = repository

    async def claim(self, call: CallIdentity, at: datetime, token_expires: int = 0) -> bool:
        return await asyncio.to_thread(
            self._repository.claim,
            call.call_sid,
            call.stream_sid,
            call.business_id,
            at,
            token_expires,
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
        self,
        call: CallIdentity,
        text: str,
        at: datetime,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> str:
        if await self._allowed():
            return await self._inner.leah_turn(call, text, at, interrupted, heard_confirmed)
        return ""

    async def update_leah_turn(
        self,
        call: CallIdentity,
        message_id: str,
        text: str,
        interrupted: bool,
        heard_confirmed: bool,
    ) -> None:
        if await self._allowed():
            await self._inner.update_leah_turn(call, message_id, text, interrupted, heard_confirmed)

    async def stream_started(self, call: CallIdentity, at: datetime) -> None:
        if await self._allowed():
            await self._inner.stream_started(call, at)

    async def handoff_requested(self, call: CallIdentity, reason: str, at: datetime) -> None:
        if await self._allowed():
            await self._inner.handoff_requested(call, reason, at)

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        if await self._allowed():
            await self._inner.call_ended(call, summary)
