"""Pre-rendered greetings: the first words of a call must not wait for TTS or Firestore.

Keyed by (voice, text): a business that edits its greeting gets a new entry; concurrent first
calls render once (the in-flight render is shared).

``split_greeting``: the voice webhook passes the business's opening line and voice in the stream
parameters (``GreetingPlan``), so the opening plays from this cache without a Firestore read; the
caller's part (their name, their meeting) comes from the brain meanwhile and follows it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass

from agentlocator.speech.ports import TextToSpeech

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GreetingPlan:
    """What the webhook knew about the greeting: the business's opening line and TTS voice."""

    opening: str
    voice: str | None = None


async def split_greeting(
    opening: str,
    voice: str | None,
    follow_up: Awaitable[str],
    greetings: GreetingCache,
    tts: TextToSpeech,
) -> AsyncIterator[tuple[str, bytes]]:
    """(text, audio) clauses: the cached opening at once, then the caller's follow-up, if any.

    ``follow_up`` should already be running (a task): it loads the caller while the opening
    renders and plays."""
    pending = asyncio.ensure_future(follow_up)
    try:
        yield opening, await greetings.get(opening, voice)
        try:
            text = (await pending).strip()
        except Exception:  # the opening was said; the caller can talk, Leah listens
            log.warning("greeting follow-up failed", exc_info=True)
            return
        if text:
            yield text, await tts.synthesize(text, voice)
    finally:
        pending.cancel()


class GreetingCache:
    def __init__(self, tts: TextToSpeech, max_entries: int = 256) -> None:
        self._tts = tts
        self._audio: dict[tuple[str | None, str], asyncio.Future[bytes]] = {}
        self._max_entries = max_entries

    async def get(self, text: str, voice: str | None = None) -> bytes:
        key = (voice, text)
        future = self._audio.get(key)
        if future is None or (future.done() and future.exception() is not None):
            if len(self._audio) >= self._max_entries:
                self._audio.pop(next(iter(self._audio)))
            future = asyncio.ensure_future(self._tts.synthesize(text, voice))
            self._audio[key] = future
        return await asyncio.shield(future)

    async def prewarm(self, texts: list[str], voice: str | None = None) -> None:
        await asyncio.gather(*(self.get(t, voice) for t in texts))

    def cached(self, text: str, voice: str | None = None) -> bool:
        future = self._audio.get((voice, text))
        return future is not None and future.done() and future.exception() is None
