"""WAV (RIFF) container helpers. Google TTS wraps MULAW output in a WAV header; Twilio wants the
bare μ-law bytes, so the adapter strips it. Pure."""

from __future__ import annotations

import struct

WAVE_FORMAT_MULAW = 7


def wav_mulaw(mulaw: bytes, sample_rate: int = 8000) -> bytes:
    """A WAV file holding 8-bit μ-law mono (format 7, as Google TTS returns for MULAW)."""
    fmt = struct.pack(
        "<HHIIHHH", WAVE_FORMAT_MULAW, 1, sample_rate, sample_rate, 1, 8, 0
    )  # 18-byte fmt chunk: non-PCM formats carry cbSize
    fact = struct.pack("<I", len(mulaw))
    body = (
        b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"fact"
        + struct.pack("<I", len(fact))
        + fact
        + b"data"
        + struct.pack("<I", len(mulaw))
        + mulaw
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def strip_wav_header(audio: bytes) -> bytes:
    """The ``data`` chunk of a RIFF/WAVE file; bytes without a RIFF header are returned as is."""
    if len(audio) < 12 or audio[:4] != b"RIFF" or audio[8:12] != b"WAVE":
        return audio
    pos = 12
    while pos + 8 <= len(audio):
        chunk_id = audio[pos : pos + 4]
        (size,) = struct.unpack("<I", audio[pos + 4 : pos + 8])
        start = pos + 8
        if chunk_id == b"data":
            # streaming writers put 0 or 0xFFFFFFFF as the size: take the rest of the file
            end = len(audio) if size in (0, 0xFFFFFFFF) else min(len(audio), start + size)
            return audio[start:end]
        pos = start + size + (size & 1)  # chunks are word-aligned
    raise ValueError("WAV file without a data chunk")
