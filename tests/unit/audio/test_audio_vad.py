"""The caller VAD: scripted state machine, then real Hebrew speech (espeak-ng) in noise."""

import pytest

from agentlocator.audio.analyzer import InboundAudioAnalyzer
from agentlocator.audio.mulaw import mulaw_silence
from agentlocator.audio.signals import mix_noise, noise_burst, overlay
from agentlocator.audio.vad import SpeechEnded, SpeechStarted, VadParams, VadState, VadStateMachine
from agentlocator.simulator.fixtures import load_utterances

PADDING_FRAMES = 25  # the fixtures carry 0.5 s of silence before the speech


def run(machine: VadStateMachine, pattern: str, start: int = 0) -> list[object]:
    events = []
    for i, ch in enumerate(pattern):
        event = machine.feed(start + i, ch == "#")
        if event is not None:
            events.append(event)
    return events


def test_state_machine_walks_quiet_starting_speaking_stopping_quiet() -> None:
    params = VadParams(onset_window=3, onset_speech=2, end_of_turn_silence=3, min_utterance=2)
    machine = VadStateMachine(params)
    params_warm = machine.params.warmup
    assert machine.feed(params_warm, True) is None
    assert machine.state is VadState.STARTING
    assert machine.feed(params_warm + 1, True) == SpeechStarted(params_warm + 1, params_warm)
    assert machine.state is VadState.SPEAKING
    assert machine.feed(params_warm + 2, False) is None
    assert machine.state is VadState.STOPPING
    assert machine.feed(params_warm + 3, False) is None
    ended = machine.feed(params_warm + 4, False)
    assert ended == SpeechEnded(params_warm + 4, params_warm + 1, 2, True)
    assert machine.state is VadState.QUIET


def test_single_frames_do_not_start_speech() -> None:
    machine = VadStateMachine()
    assert run(machine, "#....#....#....#...." * 5, start=20) == []
    assert machine.state in (VadState.QUIET, VadState.STARTING)


def test_pause_shorter_than_end_of_turn_keeps_the_turn() -> None:
    machine = VadStateMachine()
    pause = "." * (machine.params.end_of_turn_silence - 5)
    events = run(machine, "#" * 20 + pause + "#" * 20 + "." * 40, start=20)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    ended = events[1]
    assert isinstance(ended, SpeechEnded) and ended.is_turn


def test_short_burst_is_not_a_turn() -> None:
    machine = VadStateMachine()
    events = run(machine, "#" * 6 + "." * 40, start=20)
    assert isinstance(events[-1], SpeechEnded)
    assert not events[-1].is_turn


def test_warmup_frames_cannot_start_speech() -> None:
    machine = VadStateMachine()
    assert run(machine, "#" * machine.params.warmup) == []


def events_for(audio: bytes) -> list[object]:
    analyzer = InboundAudioAnalyzer()
    return [a.vad_event for a in analyzer.push(audio) if a.vad_event is not None]


@pytest.mark.parametrize("snr_db", [None, 20, 10])
@pytest.mark.parametrize("name", ["shalom", "rooms", "meeting", "ken"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hebrew_utterance_is_exactly_one_turn(name: str, snr_db: float | None, seed: int) -> None:
    audio = load_utterances()[name].mulaw + mulaw_silence(1000)
    if snr_db is not None:
        audio = mix_noise(audio, snr_db, seed=seed)
    events = events_for(audio)
    assert [type(e) for e in events] == [SpeechStarted, SpeechEnded]
    started, ended = events
    assert isinstance(started, SpeechStarted) and isinstance(ended, SpeechEnded)
    clean_start = events_for(load_utterances()[name].mulaw)[0]
    assert isinstance(clean_start, SpeechStarted)
    # never before the speech; decided within 10 frames (200 ms) of where clean audio starts it
    assert PADDING_FRAMES - 1 <= started.onset_frame <= started.frame_index
    assert started.frame_index - clean_start.onset_frame <= 10
    assert ended.is_turn
    assert ended.frame_index - ended.last_speech_frame == VadParams().end_of_turn_silence


@pytest.mark.parametrize("snr_db", [20, 10])
def test_noise_alone_never_starts_speech(snr_db: float) -> None:
    # 10 s of line noise at the level it would have next to the fixture speech (a phone line
    # is never digitally silent, so the noise runs from the first frame)
    speech = load_utterances()["rooms"].mulaw
    noisy = mix_noise(speech + mulaw_silence(10_000), snr_db, seed=7)[len(speech) :]
    assert events_for(noisy) == []


def test_a_door_slam_is_not_a_turn() -> None:
    audio = overlay(mulaw_silence(2000), noise_burst(80, dbfs=-10), at_byte=4000)
    events = events_for(audio)
    assert all(isinstance(e, SpeechEnded) and not e.is_turn for e in events[1:])
    assert not any(isinstance(e, SpeechEnded) and e.is_turn for e in events)


def test_silence_is_measured_while_stopping_and_a_turn_can_end_early() -> None:
    machine = VadStateMachine(VadParams(onset_window=3, onset_speech=2, warmup=0))
    events = [machine.feed(i, True) for i in range(12)]
    assert any(isinstance(e, SpeechStarted) for e in events)
    assert machine.silence_ms == 0
    for i in range(12, 17):
        assert machine.feed(i, False) is None
    assert machine.state is VadState.STOPPING and machine.silence_ms == 100
    machine.end_turn()  # a final transcript ended the turn: no SpeechEnded for it later
    assert machine.state is VadState.QUIET and machine.silence_ms == 0
    assert all(machine.feed(i, False) is None for i in range(17, 80))
