"""Pre-rendered greetings: the first words of a call must not wait for TTS.

Keyed by (voice, text): a business that edits its greeting gets a new entry; concurrent first
calls render once (the in-flight render is shared).
"""

from __future__ import annotations

import asyncio

from agentlocator.speech.ports import TextToSpeech


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
