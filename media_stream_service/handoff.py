"""The media-stream side of a handoff to a person: Leah says she is transferring, the request
is stored on the call, then the stream closes so Twilio continues at ``<Connect action>``
(``voice_handoff``), which dials the agent. Kept out of the session: it only needs to say one
line and to know when the line was heard."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from agentlocator.clock import Clock
from agentlocator.telephony import texts_he
from agentlocator.telephony.handoff import (
    REASON_DTMF,
    REASON_WORDS,
    TRANSFER_DIGIT,
    asks_for_person,
)
from media_stream_service.recorder import CallIdentity

log = logging.getLogger(__name__)

__all__ = ["REASON_DTMF", "REASON_WORDS", "HandoffRequest", "wants_handoff"]

EndStream = Callable[[], Awaitable[None]]
SayLine = Callable[[str], Awaitable[None]]  # plays one Leah line; returns once it was heard
StoreRequest = Callable[[CallIdentity, str, datetime], Awaitable[None]]


def wants_handoff(caller_text: str | None = None, digit: str | None = None) -> str | None:
    """The handoff reason this input carries, if any."""
    if digit is not None:
        return REASON_DTMF if digit == TRANSFER_DIGIT else None
    if caller_text is not None and asks_for_person(caller_text):
        return REASON_WORDS
    return None


class HandoffRequest:
    """At most one per call: a second 0 or a repeated request while transferring is ignored."""

    def __init__(
        self,
        call: CallIdentity,
        say: SayLine,
        store: StoreRequest,
        end_stream: EndStream | None,
        clock: Clock,
    ) -> None:
        self._call, self._say, self._store, self._end = call, say, store, end_stream
        self._clock = clock
        self.started = False

    @property
    def available(self) -> bool:
        return self._end is not None  # only a handler that can close the stream can hand off

    async def run(self, reason: str) -> None:
        if self.started or self._end is None:
            return
        self.started = True
        log.info("call %s: handoff requested (%s)", self._call.call_sid, reason)
        # stored first: whatever happens to the line, voice_handoff must know it was asked for
        await asyncio.shield(self._store(self._call, reason, self._clock.now()))
        try:
            await self._say(texts_he.HANDOFF_CONNECTING)
        finally:
            await self._end()
