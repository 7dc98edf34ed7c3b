"""A call recording's media as Twilio serves it: ``.wav`` (16-bit PCM) and ``.mp3``.

The stand-in receives the call's audio as 8 kHz μ-law (what the simulator sent and heard) and
renders both formats once, so the recording the app links to is real, playable audio.
"""

from __future__ import annotations

import io
import wave

import lameenc

from agentlocator.audio.mulaw import SAMPLE_RATE, SAMPLE_WIDTH, mulaw_to_pcm

MP3_KBPS = 32  # Twilio's mono phone recordings are small MP3s too


def pcm_wav(mulaw: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(mulaw_to_pcm(mulaw))
    return out.getvalue()


def mp3(mulaw: bytes) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(7)  # fast; phone audio needs no more
    return bytes(encoder.encode(mulaw_to_pcm(mulaw)) + encoder.flush())


def recording_media(mulaw: bytes) -> dict[str, bytes]:
    """Extension → bytes, for the stand-in's ``/Recordings/RE….{mp3,wav}``."""
    return {"mp3": mp3(mulaw), "wav": pcm_wav(mulaw)}
