"""A deterministic stand-in voice: a tone whose length follows the text (tests, offline mode).

``MS_PER_CHARACTER`` approximates Hebrew speech rate (~13 characters a second), so timing and
barge-in behave as with a real voice while every run produces the same bytes.
"""

from __future__ import annotations

import zlib

from agentlocator.audio.signals import tone

MS_PER_CHARACTER = 75
MIN_MS = 200


def tone_speech(text: str, dbfs: float = -14.0) -> bytes:
    ms = max(MIN_MS, len(text.strip()) * MS_PER_CHARACTER)
    ms -= ms % 20  # whole 20 ms frames
    freq = 300 + zlib.crc32(text.encode()) % 400  # different texts sound different
    return tone(ms, freq_hz=freq, dbfs=dbfs)
