"""Deterministic test and placeholder signals: noise mixing at a given SNR, tones.

Pure and seeded so fixtures and benches are reproducible. Not on the hot path.
"""

from __future__ import annotations

import math
import random
import struct

from agentlocator.audio.mulaw import SAMPLE_RATE, mulaw_to_pcm, pcm_rms, pcm_to_mulaw


def _samples(pcm: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(pcm) // 2}h", pcm)


def _pack(samples: list[int]) -> bytes:
    clipped = [max(-32768, min(32767, s)) for s in samples]
    return struct.pack(f"<{len(clipped)}h", *clipped)


def speech_rms(pcm: bytes, frame_bytes: int = 320, floor: int = 100) -> float:
    """RMS over frames louder than ``floor`` (speech only, so padding does not dilute the SNR)."""
    frames = [pcm[i : i + frame_bytes] for i in range(0, len(pcm), frame_bytes)]
    loud = [pcm_rms(f) for f in frames if pcm_rms(f) > floor]
    if not loud:
        return 0.0
    return math.sqrt(sum(r * r for r in loud) / len(loud))


def mix_noise(mulaw: bytes, snr_db: float, seed: int = 0) -> bytes:
    """Add white Gaussian noise at ``snr_db`` relative to the speech level; μ-law in and out."""
    pcm = mulaw_to_pcm(mulaw)
    noise_rms = speech_rms(pcm) / (10 ** (snr_db / 20))
    rng = random.Random(seed)
    mixed = [s + int(rng.gauss(0.0, noise_rms)) for s in _samples(pcm)]
    return pcm_to_mulaw(_pack(mixed))


def attenuate(mulaw: bytes, db: float) -> bytes:
    """Scale by ``-db`` decibels (how echo comes back on the caller's line)."""
    factor = 10 ** (-db / 20)
    return pcm_to_mulaw(_pack([int(s * factor) for s in _samples(mulaw_to_pcm(mulaw))]))


def overlay(base: bytes, top: bytes, at_byte: int = 0) -> bytes:
    """Sum ``top`` onto ``base`` starting at ``at_byte`` (μ-law; keeps ``base`` length)."""
    a = list(_samples(mulaw_to_pcm(base)))
    b = _samples(mulaw_to_pcm(top))
    for i, s in enumerate(b):
        if at_byte + i < len(a):
            a[at_byte + i] += s
    return pcm_to_mulaw(_pack(a))


def tone(ms: int, freq_hz: float = 440.0, dbfs: float = -12.0) -> bytes:
    """A μ-law sine tone; stands in for speech audio where content does not matter."""
    n = SAMPLE_RATE * ms // 1000
    amp = 32767 * 10 ** (dbfs / 20) * math.sqrt(2)
    return pcm_to_mulaw(
        _pack([int(amp * math.sin(2 * math.pi * freq_hz * i / SAMPLE_RATE)) for i in range(n)])
    )


def noise_burst(ms: int, dbfs: float = -12.0, seed: int = 0) -> bytes:
    """White noise (a click, a door, a cough's spectrum) of ``ms`` milliseconds."""
    rng = random.Random(seed)
    sigma = 32767 * 10 ** (dbfs / 20)
    return pcm_to_mulaw(
        _pack([int(rng.gauss(0.0, sigma)) for _ in range(SAMPLE_RATE * ms // 1000)])
    )
