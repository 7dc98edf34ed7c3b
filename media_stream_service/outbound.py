"""Leah's audio to Twilio: chunks paced at real time, a ``mark`` after each, ``clear`` on barge-in.

Pacing keeps at most ``lead_ms`` of audio queued at Twilio beyond what is playing, so a ``clear``
has little to discard and marks come back close to when the caller really heard the audio.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from agentlocator.audio.frames import split_frames
from agentlocator.audio.mulaw import SAMPLE_RATE, mulaw_to_pcm, pcm_dbfs
from agentlocator.audio.playback import PlaybackLedger
from agentlocator.telephony.media_codec import encode_clear, encode_mark, encode_media

SendText = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class PacingParams:
    """- ``chunk_ms``: audio per ``media`` message; one mark follows each, so this is also the
      precision of "what the caller heard" on barge-in.
    - ``lead_ms``: how far ahead of real time we may send (absorbs network jitter).
    - ``realtime``: False only in tests and the bench's throughput mode (send at once)."""

    chunk_ms: int = 100
    lead_ms: int = 300
    realtime: bool = True

    @property
    def chunk_bytes(self) -> int:
        return SAMPLE_RATE * self.chunk_ms // 1000


class Outbound:
    def __init__(
        self,
        send: SendText,
        stream_sid: str,
        params: PacingParams,
        on_frame_level: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._stream_sid = stream_sid
        self.params = params
        self._on_frame_level = on_frame_level
        self._clock = clock
        self.play_until = 0.0  # when the audio sent so far finishes playing at the caller

    async def _pace(self, nbytes: int) -> None:
        now = self._clock()
        self.play_until = max(self.play_until, now)
        if self.params.realtime:
            ahead = self.play_until - now - self.params.lead_ms / 1000
            if ahead > 0:
                await asyncio.sleep(ahead)
        self.play_until += nbytes / SAMPLE_RATE

    async def play(self, ledger: PlaybackLedger, audio: bytes) -> int:
        """Send one clause's audio; returns the number of chunks sent."""
        sent = 0
        step = self.params.chunk_bytes
        for start in range(0, len(audio), step):
            chunk = audio[start : start + step]
            await self._pace(len(chunk))
            await self._send(encode_media(self._stream_sid, chunk))
            for frame in split_frames(chunk):
                self._on_frame_level(pcm_dbfs(mulaw_to_pcm(frame)))
            await self._send(encode_mark(self._stream_sid, ledger.audio_sent(len(chunk))))
            sent += 1
        return sent

    async def clear(self) -> None:
        await self._send(encode_clear(self._stream_sid))
        self.play_until = self._clock()
