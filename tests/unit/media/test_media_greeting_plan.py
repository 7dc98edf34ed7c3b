"""The greeting's opening comes with the stream: first audio with no brain (Firestore) read."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime

from starlette.testclient import TestClient

from agentlocator.agent.port import ConversationRef
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.simulator.scripted_brain import ScriptedBrain
from agentlocator.simulator.twilio_side import TwilioStreamPeer
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.telephony.stream_token import issue_stream_token
from tests.unit.media.conftest import BUSINESS_ID, CALL_SID, CALLER, Harness

OPENING = "שלום, כאן לאה מנדל״ן השרון."
FOLLOW_UP = "דנה, טוב לשמוע ממך שוב. במה אפשר לעזור היום?"


class SplitBrain(ScriptedBrain):
    """Says the caller's part only once the test releases it (a slow Firestore load)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.full_greetings = 0

    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        self.full_greetings += 1
        return await super().greeting(ref, now)

    async def greeting_follow_up(self, ref: ConversationRef, now: datetime) -> str:
        # the test thread releases it: wait on that threading.Event without blocking the loop
        await asyncio.to_thread(self.release.wait, 10)
        return FOLLOW_UP


def greeting_params(harness: Harness, voice: str | None = "he-IL-Wavenet-C") -> dict[str, str]:
    signed = {"greeting": OPENING, **({"voice": voice} if voice else {})}
    token = issue_stream_token(
        harness.settings.stream_token_secret,
        BUSINESS_ID,
        CALL_SID,
        SYSTEM_CLOCK.now(),
        300,
        caller=CALLER,
        signed=signed,
    )
    return {"token": token, "business_id": BUSINESS_ID, "caller": CALLER, **signed}


def test_the_opening_plays_before_the_callers_part_is_known(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    brain = harness.brain = SplitBrain()
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(greeting_params(harness))
        # the brain has not answered: this audio needed no Firestore read
        assert peer.receive_audio(len(tone_speech(OPENING))) == tone_speech(OPENING)
        brain.release.set()
        assert peer.receive_audio(len(tone_speech(FOLLOW_UP))) == tone_speech(FOLLOW_UP)
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert brain.full_greetings == 0
    assert harness.recorder.turns == [("leah", f"{OPENING} {FOLLOW_UP}", False)]
    assert set(harness.tts.voices) == {"he-IL-Wavenet-C"}  # the business voice, from the stream


def test_a_forged_opening_is_refused(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    harness.brain = SplitBrain()
    params = {**greeting_params(harness), "greeting": "המשרד סגור, התקשרו למתחרים."}
    with client_for().websocket_connect("/media") as ws:
        TwilioStreamPeer(ws).start(params)
        assert ws.receive()["type"] == "websocket.close"
    assert harness.recorder.turns == [] and harness.tts.requests == []
