"""Cut an arbitrary stream of μ-law chunks into whole 20 ms frames.

Twilio sends 20 ms chunks today, but nothing in the protocol promises it; the VAD needs exact
10/20/30 ms frames, so every inbound payload goes through a ``FrameSplitter``.
"""

from __future__ import annotations

from collections.abc import Iterator

from agentlocator.audio.mulaw import MULAW_FRAME_BYTES


class FrameSplitter:
    """Accumulates bytes and yields complete frames; a partial tail waits for the next chunk."""

    def __init__(self, frame_bytes: int = MULAW_FRAME_BYTES) -> None:
        if frame_bytes <= 0:
            raise ValueError("frame_bytes must be positive")
        self.frame_bytes = frame_bytes
        self._pending = bytearray()

    def push(self, chunk: bytes) -> Iterator[bytes]:
        self._pending.extend(chunk)
        whole = len(self._pending) - len(self._pending) % self.frame_bytes
        for start in range(0, whole, self.frame_bytes):
            yield bytes(self._pending[start : start + self.frame_bytes])
        del self._pending[:whole]

    @property
    def pending_bytes(self) -> int:
        return len(self._pending)


def split_frames(audio: bytes, frame_bytes: int = MULAW_FRAME_BYTES) -> list[bytes]:
    """Whole frames of ``audio``; the last one is padded with μ-law silence."""
    frames = [audio[i : i + frame_bytes] for i in range(0, len(audio), frame_bytes)]
    if frames and len(frames[-1]) < frame_bytes:
        frames[-1] = frames[-1] + b"\xff" * (frame_bytes - len(frames[-1]))
    return frames
