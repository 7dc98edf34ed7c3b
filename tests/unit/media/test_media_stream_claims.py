"""One stream per token, and the caller bound by the token (the handler's side)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from agentlocator.simulator.fixtures import utterance
from agentlocator.simulator.scripted_brain import DEFAULT_GREETING
from agentlocator.simulator.twilio_side import TwilioStreamPeer
from agentlocator.speech.tone_tts import tone_speech
from media_stream_service.recorder import CallIdentity
from media_stream_service.stream_claims import InstanceStreamClaims
from tests.unit.media.conftest import CALLER, Harness

GREETING_AUDIO = tone_speech(DEFAULT_GREETING)


def wait_for_counter(harness: Harness, name: str, timeout_s: float = 5.0) -> int:
    assert harness.services is not None
    deadline = time.monotonic() + timeout_s
    while not harness.services.counters[name] and time.monotonic() < deadline:
        time.sleep(0.01)
    return harness.services.counters[name]


def test_a_forged_caller_parameter_is_refused(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    # a real token for this call, with the caller swapped for another lead's phone
    params = {**harness.params(), "caller": "+972529999999"}
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(params)
        peer.send_audio(utterance("ken").mulaw)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008
    assert harness.recorder.turns == [] and harness.recorder.ended == []
    assert harness.brain.heard == []


def test_a_second_stream_with_the_same_token_is_closed_and_stores_nothing(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    client = client_for()
    params = harness.params()
    with client.websocket_connect("/media") as first:
        real = TwilioStreamPeer(first)
        real.start(params)
        assert real.receive_audio(len(GREETING_AUDIO)) == GREETING_AUDIO
        with client.websocket_connect("/media") as second:
            replay = TwilioStreamPeer(second, stream_sid="MZ" + "9" * 32)
            replay.start(params)
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:  # it may have sent a chunk of the greeting before the claim lost
                    second.receive_text()
        assert closed.value.code == 1008
        real.echo_marks()
        assert real.hang_up() == 1000
    assert wait_for_counter(harness, "stream_reused") == 1
    assert harness.recorder.turns == [("leah", DEFAULT_GREETING, False)]
    assert [call.stream_sid for call, _ in harness.recorder.ended] == [real.stream_sid]


def test_a_stream_whose_claim_fails_is_closed(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    class BrokenClaims:
        async def claim(self, call: CallIdentity, at: datetime, token_expires: int = 0) -> bool:
            raise ConnectionError("firestore unreachable")

    client = client_for()
    assert harness.services is not None
    harness.services.claims = BrokenClaims()
    with client.websocket_connect("/media") as ws:
        TwilioStreamPeer(ws).start(harness.params())
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    assert closed.value.code == 1008
    assert harness.recorder.ended == []


def test_instance_claims_admit_one_stream_per_call_sid() -> None:
    claims = InstanceStreamClaims()
    call = CallIdentity("biz", CALLER, "CA1", "MZ1")
    replay = CallIdentity("biz", CALLER, "CA1", "MZ2")
    other = CallIdentity("biz", CALLER, "CA2", "MZ3")
    at = datetime.fromisoformat("2026-11-30T10:00:00+00:00")

    async def claim_all() -> list[bool]:
        return [await claims.claim(c, at) for c in (call, replay, other)]

    assert asyncio.run(claim_all()) == [True, False, True]


def test_a_later_token_for_the_same_call_may_claim_it_again_once() -> None:
    """Leah taking a call back after an unanswered handoff opens a new stream with a new token:
    one claim per token, not one per CallSid for ever (that refused the call back with 1008)."""
    claims = InstanceStreamClaims()
    first = CallIdentity("biz", CALLER, "CA1", "MZ1")
    back = CallIdentity("biz", CALLER, "CA1", "MZ2")
    back_replayed = CallIdentity("biz", CALLER, "CA1", "MZ3")
    at = datetime.fromisoformat("2026-11-30T10:00:00+00:00")

    async def claim_all() -> list[bool]:
        return [
            await claims.claim(first, at, 1_000),
            await claims.claim(back, at, 2_000),
            await claims.claim(back_replayed, at, 2_000),
            await claims.claim(first, at, 1_000),
        ]

    assert asyncio.run(claim_all()) == [True, True, False, False]
