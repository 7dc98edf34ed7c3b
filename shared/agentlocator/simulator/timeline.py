"""A simulated call's audio on the call's own timeline: who spoke when, and the recording a
person can listen to. Pure (no I/O).

Offsets are seconds of call time since the stream started (at 1x: a simulator run at
``--speed 2`` still records a conversation at its natural pace). Leah's audio is placed where
Twilio plays it: when it arrives, or right after what is queued before it; a ``clear`` drops
what had not played yet. The caller's audio is placed where the caller started speaking.

``stereo_wav``: 16-bit PCM, 8 kHz, caller on the left channel and Leah on the right (Twilio's
dual-channel order for an inbound call), silence where nobody talks.
"""

from __future__ import annotations

import io
import wave
from array import array
from dataclasses import dataclass, field

from agentlocator.audio.mulaw import SAMPLE_RATE, SAMPLE_WIDTH, mulaw_to_pcm, pcm_to_mulaw

CALLER_CHANNEL, LEAH_CHANNEL = 0, 1


@dataclass(frozen=True)
class Segment:
    start_s: float
    mulaw: bytes

    @property
    def end_s(self) -> float:
        return self.start_s + len(self.mulaw) / SAMPLE_RATE


@dataclass
class CallTimeline:
    caller: list[Segment] = field(default_factory=list)
    leah: list[Segment] = field(default_factory=list)
    ended_s: float | None = None  # the hang-up

    def caller_said(self, start_s: float, mulaw: bytes) -> None:
        self.caller.append(Segment(start_s, mulaw))

    def leah_played(self, start_s: float, mulaw: bytes) -> None:
        """Leah's chunk playing from ``start_s`` (joined to the one it directly follows)."""
        last = self.leah[-1] if self.leah else None
        if last is not None and abs(last.end_s - start_s) * SAMPLE_RATE < 1:
            self.leah[-1] = Segment(last.start_s, last.mulaw + mulaw)
        else:
            self.leah.append(Segment(start_s, mulaw))

    def leah_cleared(self, at_s: float) -> None:
        """A ``clear``: what Leah had queued beyond ``at_s`` never played."""
        kept = []
        for segment in self.leah:
            if segment.start_s >= at_s:
                continue
            if segment.end_s > at_s:
                played = int((at_s - segment.start_s) * SAMPLE_RATE)
                segment = Segment(segment.start_s, segment.mulaw[:played])
            kept.append(segment)
        self.leah = kept

    def hung_up(self, at_s: float) -> None:
        self.ended_s = at_s

    @property
    def duration_s(self) -> float:
        """Until the hang-up, or the last sound if that is later (audio already queued)."""
        last = max((s.end_s for s in self.caller + self.leah), default=0.0)
        return max(last, self.ended_s or 0.0)


def _channel(segments: list[Segment], samples: int) -> array[int]:
    track = array("h", bytes(samples * SAMPLE_WIDTH))
    for segment in segments:
        pcm = array("h", mulaw_to_pcm(segment.mulaw))
        start = round(segment.start_s * SAMPLE_RATE)
        piece = pcm[: max(0, samples - start)]
        track[start : start + len(piece)] = piece
    return track


def stereo_wav(timeline: CallTimeline) -> bytes:
    samples = round(timeline.duration_s * SAMPLE_RATE)
    stereo = array("h", bytes(samples * SAMPLE_WIDTH * 2))
    stereo[CALLER_CHANNEL::2] = _channel(timeline.caller, samples)
    stereo[LEAH_CHANNEL::2] = _channel(timeline.leah, samples)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(stereo.tobytes())
    return out.getvalue()


def mono_mulaw(timeline: CallTimeline) -> bytes:
    """Both sides mixed, as μ-law: the call's recording for the Twilio stand-in to serve."""
    samples = round(timeline.duration_s * SAMPLE_RATE)
    caller, leah = _channel(timeline.caller, samples), _channel(timeline.leah, samples)
    mixed = array("h", (max(-32768, min(32767, a + b)) for a, b in zip(caller, leah, strict=True)))
    return pcm_to_mulaw(mixed.tobytes())
