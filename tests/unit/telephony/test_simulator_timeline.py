"""The simulator's call recording: stereo, on the call's timeline, silence where nobody talks."""

from __future__ import annotations

import io
import math
import wave
from array import array

from agentlocator.audio.mulaw import SAMPLE_RATE, pcm_to_mulaw
from agentlocator.simulator.timeline import CallTimeline, mono_mulaw, stereo_wav


def tone(seconds: float, hz: float = 440.0) -> bytes:
    n = round(seconds * SAMPLE_RATE)
    pcm = array("h", (int(8000 * math.sin(2 * math.pi * hz * i / SAMPLE_RATE)) for i in range(n)))
    return pcm_to_mulaw(pcm.tobytes())


def active_spans(samples: array[int], window: int = 160) -> list[tuple[float, float]]:
    """[start, end) seconds of the 20 ms windows with sound in them, merged."""
    spans: list[tuple[float, float]] = []
    for start in range(0, len(samples), window):
        chunk = samples[start : start + window]
        if max((abs(v) for v in chunk), default=0) < 200:
            continue
        begin, end = start / SAMPLE_RATE, (start + len(chunk)) / SAMPLE_RATE
        if spans and abs(spans[-1][1] - begin) < 1e-9:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((begin, end))
    return spans


def channels(wav_bytes: bytes) -> tuple[wave._wave_params, array[int], array[int]]:
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        params = wav.getparams()
        frames = array("h", wav.readframes(params.nframes))
    return params, frames[0::2], frames[1::2]


def test_each_side_is_on_its_own_channel_where_it_spoke() -> None:
    timeline = CallTimeline()
    timeline.leah_played(0.0, tone(1.0))  # the greeting
    timeline.caller_said(1.5, tone(0.8, 300))
    for i in range(5):  # Leah's answer arrives in 0.2 s chunks, played back to back
        timeline.leah_played(2.6 + 0.2 * i, tone(0.2))
    timeline.hung_up(4.0)

    params, caller, leah = channels(stereo_wav(timeline))
    assert (params.nchannels, params.sampwidth, params.framerate) == (2, 2, SAMPLE_RATE)
    assert params.nframes == 4.0 * SAMPLE_RATE  # the call's length, to the sample
    assert active_spans(caller) == [(1.5, 2.3)]
    assert active_spans(leah) == [(0.0, 1.0), (2.6, 3.6)]
    assert len(timeline.leah) == 2  # the chunks joined into one turn


def test_a_clear_cuts_leah_where_the_caller_barged_in() -> None:
    timeline = CallTimeline()
    timeline.leah_played(0.5, tone(3.0))  # queued: would play until 3.5 s
    timeline.caller_said(1.5, tone(0.6, 300))
    timeline.leah_cleared(1.7)  # the caller talked over her: the rest never played
    timeline.leah_played(2.6, tone(0.4))
    timeline.hung_up(3.2)

    params, caller, leah = channels(stereo_wav(timeline))
    assert params.nframes / SAMPLE_RATE == 3.2
    assert active_spans(caller) == [(1.5, 2.1)]
    assert active_spans(leah) == [(0.5, 1.7), (2.6, 3.0)]  # both talk over 1.5–1.7 s


def test_the_mono_mix_has_the_same_timeline() -> None:
    timeline = CallTimeline()
    timeline.caller_said(0.2, tone(0.2))
    timeline.leah_played(1.0, tone(0.2))
    mixed = mono_mulaw(timeline)
    assert len(mixed) == 1.2 * SAMPLE_RATE  # no hang-up given: until the last sound
    assert mixed[: int(0.2 * SAMPLE_RATE)] == b"\xff" * int(0.2 * SAMPLE_RATE)  # silence first
