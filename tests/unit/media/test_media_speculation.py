"""Leah starts her reply on the interim transcript; the brain changes nothing until confirmed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from starlette.testclient import TestClient

from agentlocator.agent.port import ConversationRef
from agentlocator.audio.mulaw import mulaw_silence, mulaw_to_pcm, pcm_dbfs
from agentlocator.simulator.fixtures import utterance
from agentlocator.simulator.scripted_brain import DEFAULT_GREETING, ScriptedBrain
from agentlocator.simulator.twilio_side import TwilioStreamPeer
from agentlocator.speech.ports import Transcript
from agentlocator.speech.tone_tts import tone_speech
from tests.unit.media.conftest import Harness

INTERIM = "ארבעה חדרים"
FIRST, SECOND = "מצוין,", "באיזה תקציב?"


# the final comes well after the speech (wall clock): the speculation surely starts before it, even
# on a loaded machine (the frames themselves are sent at once)
FINAL_AFTER_S = 0.6


class EnergyRecognition:
    """Interim ``INTERIM`` while there is speech; ``final`` ``FINAL_AFTER_S`` after it ends."""

    def __init__(self, final: str) -> None:
        self.final = final
        self._queue: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self._timer: asyncio.TimerHandle | None = None

    def send(self, mulaw: bytes) -> None:
        if pcm_dbfs(mulaw_to_pcm(mulaw)) < -40:
            return
        self._queue.put_nowait(Transcript(INTERIM, is_final=False, stability=0.9))
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(
            FINAL_AFTER_S, self._queue.put_nowait, Transcript(self.final, True)
        )

    async def results(self) -> AsyncIterator[Transcript]:
        while (item := await self._queue.get()) is not None:
            yield item

    async def aclose(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._queue.put_nowait(None)


class EnergySpeechToText:
    def __init__(self, final: str) -> None:
        self.final = final

    def open_stream(self) -> EnergyRecognition:
        return EnergyRecognition(self.final)


class SpeculatingBrain(ScriptedBrain):
    def __init__(self) -> None:
        super().__init__(replies=[[FIRST, SECOND]] * 3)
        self.speculations: list[asyncio.Event] = []
        self.committed: list[str] = []

    async def respond_speculatively(
        self, ref: ConversationRef, caller_text: str, commit: asyncio.Event, now: datetime
    ) -> AsyncIterator[str]:
        self.speculations.append(commit)
        yield FIRST
        await commit.wait()  # a real brain's tools and writes wait here
        self.committed.append(caller_text)
        yield SECOND


def speech_then_silence(name: str, silence_ms: int) -> bytes:
    audio = utterance(name).mulaw
    last_loud = max(
        i for i in range(0, len(audio), 160) if pcm_dbfs(mulaw_to_pcm(audio[i : i + 160])) > -40
    )
    return audio[: last_loud + 160] + mulaw_silence(silence_ms)


def wait_until(done: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_a_confirmed_speculation_is_the_reply(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    brain = harness.brain = SpeculatingBrain()
    harness.stt = EnergySpeechToText(final=INTERIM)  # type: ignore[assignment]
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(tone_speech(DEFAULT_GREETING)))
        peer.echo_marks()
        peer.send_audio(utterance("rooms").mulaw + mulaw_silence(600))
        assert peer.receive_audio(len(tone_speech(FIRST))) == tone_speech(FIRST)
        assert peer.receive_audio(len(tone_speech(SECOND))) == tone_speech(SECOND)
        peer.echo_marks()
        assert peer.hang_up() == 1000
    # pauses between words start speculations the next word drops; the one after the last
    # word is confirmed
    assert brain.speculations[-1].is_set()
    assert not any(commit.is_set() for commit in brain.speculations[:-1])
    assert brain.committed == [INTERIM]
    assert brain.heard == []  # no second, unspeculated request
    assert harness.recorder.turns[1:] == [
        ("caller", INTERIM, False),
        ("leah", f"{FIRST} {SECOND}", False),
    ]


def test_a_speculation_the_final_transcript_contradicts_changes_nothing(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    brain = harness.brain = SpeculatingBrain()
    final = "ארבעה חדרים בתל אביב"
    harness.stt = EnergySpeechToText(final=final)  # type: ignore[assignment]
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(tone_speech(DEFAULT_GREETING)))
        peer.echo_marks()
        # 300 ms of silence after the speech: short of the VAD's end of turn, so the turn ends
        # on the final transcript (not on the interim after the grace)
        peer.send_audio(speech_then_silence("rooms", 300))
        assert peer.receive_audio(len(tone_speech(FIRST))) == tone_speech(FIRST)
        peer.echo_marks()
        assert peer.hang_up() == 1000
    wait_until(lambda: bool(harness.recorder.ended))
    assert brain.speculations and not any(commit.is_set() for commit in brain.speculations)
    assert brain.committed == []
    assert [text for _, text in brain.heard] == [final]  # answered anew, on the final text
    assert ("caller", final, False) in harness.recorder.turns


def test_a_confirmed_speculation_stops_when_its_turn_is_cut() -> None:
    from media_stream_service.speculation import Speculation

    steps: list[str] = []

    async def reply(commit: asyncio.Event) -> AsyncIterator[str]:
        yield FIRST
        try:
            await asyncio.sleep(10)  # the model still generating
            steps.append("tool ran")
            yield SECOND
        except asyncio.CancelledError:
            steps.append("stopped")
            raise

    async def render(clause: str) -> bytes:
        return clause.encode()

    async def cut_after_first_clause() -> None:
        speculation = Speculation(INTERIM, reply, render, 0.0)
        played = speculation.confirmed()
        assert await anext(played) == (FIRST, FIRST.encode())
        await played.aclose()  # the caller barged in
        await asyncio.sleep(0.05)

    asyncio.run(cut_after_first_clause())
    assert steps == ["stopped"]
