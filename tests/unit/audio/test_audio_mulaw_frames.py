import pytest

from agentlocator.audio.frames import FrameSplitter, split_frames
from agentlocator.audio.mulaw import (
    MULAW_FRAME_BYTES,
    PCM_FRAME_BYTES,
    SILENCE_DBFS,
    mulaw_duration_ms,
    mulaw_silence,
    mulaw_to_pcm,
    pcm_dbfs,
    pcm_to_mulaw,
)
from agentlocator.audio.signals import attenuate, tone


def test_mulaw_roundtrip_is_stable() -> None:
    original = tone(100)
    assert pcm_to_mulaw(mulaw_to_pcm(original)) == original
    assert len(mulaw_to_pcm(original[:MULAW_FRAME_BYTES])) == PCM_FRAME_BYTES


def test_levels() -> None:
    assert pcm_dbfs(mulaw_to_pcm(mulaw_silence(20))) == SILENCE_DBFS
    assert pcm_dbfs(b"") == SILENCE_DBFS
    loud = pcm_dbfs(mulaw_to_pcm(tone(100, dbfs=-12)))
    assert loud == pytest.approx(-12, abs=0.5)
    quieter = pcm_dbfs(mulaw_to_pcm(attenuate(tone(100, dbfs=-12), 20)))
    assert quieter == pytest.approx(-32, abs=0.7)


def test_duration_and_silence() -> None:
    assert mulaw_duration_ms(mulaw_silence(500)) == 500
    assert set(mulaw_silence(20)) == {0xFF}


def test_splitter_yields_whole_frames_across_odd_chunks() -> None:
    audio = bytes(range(256)) * 5  # 1280 bytes = 8 frames
    splitter = FrameSplitter()
    frames = []
    for start in range(0, len(audio), 97):
        frames.extend(splitter.push(audio[start : start + 97]))
    assert len(frames) == 8
    assert b"".join(frames) == audio
    assert splitter.pending_bytes == 0


def test_splitter_keeps_partial_tail() -> None:
    splitter = FrameSplitter()
    assert list(splitter.push(b"\x00" * 200)) == [b"\x00" * 160]
    assert splitter.pending_bytes == 40


def test_split_frames_pads_last_frame() -> None:
    frames = split_frames(b"\x01" * 170)
    assert [len(f) for f in frames] == [160, 160]
    assert frames[1] == b"\x01" * 10 + b"\xff" * 150


def test_splitter_rejects_zero_frame() -> None:
    with pytest.raises(ValueError):
        FrameSplitter(0)
