"""The two speech ports the call session depends on. Audio is always 8 kHz μ-law (Twilio's)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Transcript:
    text: str
    is_final: bool
    stability: float = 0.0  # Google's estimate that an interim result will not change


class RecognitionStream(Protocol):
    """One call's streaming recognition. ``send`` never blocks the event loop."""

    def send(self, mulaw: bytes) -> None: ...

    def results(self) -> AsyncIterator[Transcript]: ...

    async def aclose(self) -> None: ...


class SpeechToText(Protocol):
    def open_stream(self) -> RecognitionStream: ...


class TextToSpeech(Protocol):
    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        """Raw 8 kHz μ-law audio for ``text`` (no container header)."""
        ...
