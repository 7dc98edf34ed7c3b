"""In-process, zero-latency speech providers: the lookup recognizer and the tone voice.

Used by unit tests and the bench (to measure our own overhead); the local gRPC servers wrap the
same engines behind Google's wire protocol for adapter tests and the offline mode.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from agentlocator.speech.lookup import LookupRecognizer, UtteranceTable
from agentlocator.speech.ports import Transcript
from agentlocator.speech.tone_tts import tone_speech


class LookupRecognitionStream:
    def __init__(self, table: UtteranceTable) -> None:
        self._recognizer = LookupRecognizer(table)
        self._queue: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self._closed = False

    def send(self, mulaw: bytes) -> None:
        if self._closed:
            return
        for transcript in self._recognizer.push(mulaw):
            self._queue.put_nowait(transcript)

    async def results(self) -> AsyncIterator[Transcript]:
        while (item := await self._queue.get()) is not None:
            yield item

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put_nowait(None)


class LookupSpeechToText:
    def __init__(self, table: UtteranceTable | None = None) -> None:
        self.table = table or UtteranceTable()

    def open_stream(self) -> LookupRecognitionStream:
        return LookupRecognitionStream(self.table)


class ToneTextToSpeech:
    """Zero-latency TTS; renders are memoized (the bench measures our overhead, not sine math)."""

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.voices: list[str | None] = []

    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        self.requests.append(text)
        self.voices.append(voice)
        audio = self._cache.get(text)
        if audio is None:
            audio = self._cache[text] = tone_speech(text)
        return audio
