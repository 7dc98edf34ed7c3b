"""Leah's turn in storage from her first word on, so nothing the caller heard is lost.

The turn is stored when she starts speaking (its text so far, *not confirmed heard*), its text
grows as further clauses go out, and it is settled when she finishes or is cut off: the text the
caller actually heard (up to the last mark Twilio echoed) and ``heard_confirmed``. If the
instance dies mid-turn, the stored text stays, marked not confirmed heard.

Writes for one turn run one after another (a chain of futures, not tasks of the turn: cancelling
Leah's playback on barge-in must not cancel the write that records it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from media_stream_service.recorder import CallIdentity, CallRecorder

log = logging.getLogger(__name__)


class LeahTurnRecord:
    def __init__(
        self, recorder: CallRecorder, call: CallIdentity, now: Callable[[], datetime]
    ) -> None:
        self._recorder, self._call, self._now = recorder, call, now
        self.message_id: str | None = None
        self._tail: asyncio.Future[None] | None = None
        self._written: tuple[str, bool, bool] | None = None  # (text, interrupted, confirmed)
        self.settled = False

    def _then(self, write: Callable[[], Awaitable[None]]) -> asyncio.Future[None]:
        previous = self._tail

        async def run() -> None:
            if previous is not None:
                try:
                    await previous
                except Exception:  # logged where it failed; the next write may still land
                    pass
            await write()

        self._tail = asyncio.ensure_future(run())
        return self._tail

    def speaking(self, text_so_far: str) -> None:
        """Leah is about to send audio of ``text_so_far`` (the whole turn until now)."""
        if self.settled or not text_so_far:
            return
        self._then(lambda: self._write(text_so_far, interrupted=False, confirmed=False))

    async def settle(self, heard_text: str, interrupted: bool, confirmed: bool = True) -> None:
        """The final word on the turn (idempotent: a second settle is ignored)."""
        if self.settled:
            return
        self.settled = True
        await asyncio.shield(self._then(lambda: self._write(heard_text, interrupted, confirmed)))

    async def _write(self, text: str, interrupted: bool, confirmed: bool) -> None:
        state = (text, interrupted, confirmed)
        if state == self._written:
            return
        try:
            if self.message_id is None:
                if not text:
                    return  # nothing was ever said: nothing to store
                self.message_id = await self._recorder.leah_turn(
                    self._call,
                    text,
                    self._now(),
                    interrupted=interrupted,
                    heard_confirmed=confirmed,
                )
            else:
                await self._recorder.update_leah_turn(
                    self._call, self.message_id, text, interrupted, confirmed
                )
        except Exception:
            log.exception("call %s: storing Leah's turn failed", self._call.call_sid)
            raise
        self._written = state
