"""The fake STT, LLM and TTS both stacks get: one timing model, stdlib only (the Pipecat server
imports it from its own venv).

Modelled latencies (the issue's): the STT's final transcript 300 ms after the end of speech; the
LLM's first token 400 ms after the request, then a token every ``TOKEN_INTERVAL_S``; the TTS's
first byte 200 ms after the request. Interim transcripts: the recognized text every
``INTERIM_EVERY_S`` while the caller speaks (what a streaming recognizer sends). Speech is
detected by frame energy, the same rule in both stacks.
"""

from __future__ import annotations

import asyncio
import math
import struct
from collections.abc import AsyncIterator, Callable

STT_FINAL_AFTER_S = 0.300
LLM_FIRST_TOKEN_S = 0.400
TOKEN_INTERVAL_S = 0.030
TTS_FIRST_BYTE_S = 0.200
INTERIM_EVERY_S = 0.250
SPEECH_RMS = 300.0  # 16-bit PCM; espeak speech is ~3000, line silence 0
TRANSCRIPT = "אני מחפש דירת ארבעה חדרים בתל אביב"
REPLY = "מצוין, ארבעה חדרים בתל אביב. מה התקציב, בערך? ומתי נוח לך להגיע?"
GREETING = "שלום, כאן לאה מנדל״ן השרון. איך אפשר לעזור?"
SPEECH_MS_PER_CHAR = 45  # fake TTS audio length: ~a Hebrew speaking rate
SAMPLE_RATE = 8000


def rms(pcm16: bytes) -> float:
    count = len(pcm16) // 2
    if not count:
        return 0.0
    samples = struct.unpack(f"<{count}h", pcm16[: count * 2])
    return math.sqrt(sum(s * s for s in samples) / count)


class FakeRecognizer:
    """Feeds on 16-bit PCM at 8 kHz; calls ``emit(text, is_final)`` on the running loop."""

    def __init__(self, emit: Callable[[str, bool], None]) -> None:
        self._emit = emit
        self._loop = asyncio.get_running_loop()
        self._speaking = False
        self._next_interim = 0.0
        self._final: asyncio.TimerHandle | None = None

    def feed(self, pcm16: bytes) -> None:
        if rms(pcm16) < SPEECH_RMS:
            return
        now = self._loop.time()
        if not self._speaking:
            self._speaking = True
            self._next_interim = now + INTERIM_EVERY_S
        elif now >= self._next_interim:
            self._next_interim = now + INTERIM_EVERY_S
            self._emit(TRANSCRIPT, False)
        if self._final is not None:
            self._final.cancel()
        # the end of speech is the end of this frame, which arrives (real time) as it ends
        self._final = self._loop.call_later(STT_FINAL_AFTER_S, self._finalize)

    def _finalize(self) -> None:
        self._speaking = False
        self._final = None
        self._emit(TRANSCRIPT, True)

    def close(self) -> None:
        if self._final is not None:
            self._final.cancel()


async def llm_tokens(prompt: str) -> AsyncIterator[str]:
    """The fake model's reply to anything: the first token after 400 ms, then one per 30 ms."""
    await asyncio.sleep(LLM_FIRST_TOKEN_S)
    words = REPLY.split(" ")
    for i, word in enumerate(words):
        if i:
            await asyncio.sleep(TOKEN_INTERVAL_S)
        yield word if i == 0 else " " + word


def speech_seconds(text: str) -> float:
    return len(text) * SPEECH_MS_PER_CHAR / 1000


def tone_pcm16(seconds: float, hz: float = 440.0) -> bytes:
    """A quiet tone standing for Leah's voice (audible to a caller, not to the recognizer's
    energy rule once echo-cancelled: the callers never send it back)."""
    count = int(seconds * SAMPLE_RATE)
    return b"".join(
        struct.pack("<h", int(6000 * math.sin(2 * math.pi * hz * i / SAMPLE_RATE)))
        for i in range(count)
    )


_TONES: dict[int, bytes] = {}


async def tts_audio(text: str) -> bytes:
    """The fake voice: 16-bit PCM, the whole clip after the first-byte latency."""
    await asyncio.sleep(TTS_FIRST_BYTE_S)
    key = int(speech_seconds(text) * 1000)
    if key not in _TONES:
        _TONES[key] = tone_pcm16(key / 1000)
    return _TONES[key]
