"""The /media WebSocket end to end in-process: Twilio JSON in, Leah's audio and marks out."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from agentlocator.audio.mulaw import mulaw_silence
from agentlocator.simulator.fixtures import utterance
from agentlocator.simulator.scripted_brain import DEFAULT_GREETING
from agentlocator.simulator.twilio_side import ClosedByService, TwilioStreamPeer
from agentlocator.speech.local import LookupRecognitionStream, LookupSpeechToText
from agentlocator.speech.ports import Transcript
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.telephony import texts_he
from agentlocator.telephony.media_codec import OutboundClear, OutboundMedia
from tests.unit.media.conftest import CALL_SID, Harness

GREETING_AUDIO = tone_speech(DEFAULT_GREETING)


def test_greeting_plays_right_after_start(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media", subprotocols=["audio.twilio.com"]) as ws:
        assert ws.accepted_subprotocol == "audio.twilio.com"
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        assert peer.receive_audio(len(GREETING_AUDIO)) == GREETING_AUDIO
        assert peer.leah.marks[0] == "t1:1"
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert harness.recorder.turns == [("leah", DEFAULT_GREETING, False)]
    call, summary = harness.recorder.ended[0]
    assert call.call_sid == CALL_SID and call.lead_phone == "+972501234567"
    assert summary.ended_by == "stop"


def test_caller_turn_gets_leahs_reply(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    rooms = utterance("rooms")
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        peer.send_audio(rooms.mulaw + mulaw_silence(1000))
        first = tone_speech("ארבעה חדרים, מצוין.")
        second = tone_speech("באיזה תקציב?")
        assert peer.receive_audio(len(first)) == first
        assert peer.receive_audio(len(second)) == second
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert harness.brain.heard[0][1] == rooms.text
    assert harness.recorder.turns == [
        ("leah", DEFAULT_GREETING, False),
        ("caller", rooms.text, False),
        ("leah", "ארבעה חדרים, מצוין. באיזה תקציב?", False),
    ]
    summary = harness.recorder.ended[0][1]
    assert (summary.caller_turns, summary.leah_turns, summary.barge_ins) == (1, 2, 0)


def test_barge_in_clears_and_cuts_leah_to_what_was_heard(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        total_marks = len(peer.leah.marks)
        peer.echo_marks(total_marks // 2)  # the caller heard half the greeting, then talks
        peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
        peer.receive_until(lambda e: isinstance(e, OutboundClear))
        reply = tone_speech("ארבעה חדרים, מצוין.")
        assert peer.receive_audio(len(reply)) == reply  # then the caller's turn is answered
        assert peer.hang_up() == 1000
    heard_words = DEFAULT_GREETING.split()[
        : len(DEFAULT_GREETING.split()) * (total_marks // 2) // total_marks
    ]
    turns = harness.recorder.turns
    assert turns[0] == ("leah", " ".join(heard_words), True)
    assert turns[1] == ("caller", utterance("rooms").text, False)
    assert harness.recorder.ended[0][1].barge_ins == 1


def test_short_noise_and_echo_do_not_interrupt(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    from agentlocator.audio.signals import attenuate, noise_burst, overlay

    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        echo = attenuate(GREETING_AUDIO, 25)[:16000]
        peer.send_audio(overlay(echo, noise_burst(60, dbfs=-8), at_byte=8000))
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert harness.recorder.turns == [("leah", DEFAULT_GREETING, False)]
    assert harness.recorder.ended[0][1].barge_ins == 0


@pytest.mark.parametrize(
    "params",
    [
        {},  # no token at all
        {"token": "v1.1.forged", "business_id": "demo-realestate", "caller": "+972501234567"},
        "other-call",  # a real token, issued for another CallSid
        "bad-caller",
    ],
)
def test_bad_or_missing_token_closes_without_touching_data(
    harness: Harness, client_for: Callable[[], TestClient], params: object
) -> None:
    if params == "other-call":
        params = harness.params(call_sid="CA99999999999999999999999999999999")
    elif params == "bad-caller":
        params = {**harness.params(), "caller": "not a phone"}
    assert isinstance(params, dict)
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(params)
        peer.send_audio(utterance("ken").mulaw)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008
    assert harness.recorder.turns == [] and harness.recorder.ended == []
    assert harness.tts.requests == [] and harness.brain.heard == []
    assert harness.services is not None
    assert harness.services.counters["handshake_rejected"] == 1


def test_media_before_start_is_rejected(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        TwilioStreamPeer(ws).send_audio(mulaw_silence(20))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008
    assert harness.recorder.ended == []


def test_malformed_messages_are_counted_and_the_call_goes_on(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        peer.send_raw("{not json")
        peer.send_raw('{"event":"media","media":{"payload":"***"}}')
        peer.send_raw('{"event":"teleport"}')
        peer.send_dtmf("5")
        peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
        reply = tone_speech("ארבעה חדרים, מצוין.")
        assert peer.receive_audio(len(reply)) == reply
        assert peer.hang_up() == 1000
    assert harness.services is not None
    counters = harness.services.counters
    assert counters["malformed_bad_json"] == 1
    assert counters["malformed_bad_base64"] == 1
    assert counters["malformed_unknown_event"] == 1
    assert harness.recorder.ended[0][1].malformed_messages == 3


def test_dropped_socket_finalizes_the_call(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
    # leaving the block dropped the socket without a "stop"; the app finalizes in the background
    deadline = time.monotonic() + 10
    while not harness.recorder.ended and time.monotonic() < deadline:
        time.sleep(0.01)
    # no mark was echoed: the greeting may or may not have been heard; it is kept, unconfirmed
    # (issue 19: nothing the caller may have heard is lost)
    assert harness.recorder.turns == [("leah", DEFAULT_GREETING, True)]
    assert harness.recorder.unconfirmed == {0}
    assert len(harness.recorder.ended) == 1
    assert harness.recorder.ended[0][1].ended_by == "disconnect"


def test_greeting_is_rendered_once_for_many_calls(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    client = client_for()
    for n in range(3):
        with client.websocket_connect("/media") as ws:
            sid = f"CA0000000000000000000000000000000{n}"
            peer = TwilioStreamPeer(ws, call_sid=sid)
            peer.start(harness.params(call_sid=sid))
            assert isinstance(peer.receive(), OutboundMedia)
            assert peer.hang_up() == 1000
    assert harness.tts.requests.count(DEFAULT_GREETING) == 1
    assert len(harness.recorder.ended) == 3


def test_speech_under_the_echo_threshold_while_leah_talks_is_not_a_turn(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    from agentlocator.audio.signals import attenuate

    # as quiet as Leah's echo: even if the recognizer transcribes it, Leah must not answer it
    soft = attenuate(utterance("rooms").mulaw, 24)
    harness.stt.table.register(soft, "ארבעה חדרים")
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))  # none of it echoed yet: Leah is still talking
        peer.send_audio(soft + mulaw_silence(1000))
        peer.echo_marks()  # the greeting finished playing
        peer.send_audio(utterance("ken").mulaw + mulaw_silence(1000))
        reply = tone_speech("ארבעה חדרים, מצוין.")
        assert peer.receive_audio(len(reply)) == reply
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert harness.recorder.ended[0][1].barge_ins == 0
    assert harness.brain.heard[0][1] == utterance("ken").text
    assert harness.recorder.turns[:2] == [
        ("leah", DEFAULT_GREETING, False),
        ("caller", utterance("ken").text, False),
    ]


def test_leahs_own_track_is_not_taken_for_the_caller(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    from agentlocator.audio.frames import split_frames
    from agentlocator.telephony.media_codec import encode_media_inbound

    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        for i, frame in enumerate(split_frames(utterance("rooms").mulaw + mulaw_silence(1000))):
            peer.send_raw(
                encode_media_inbound(peer.stream_sid, frame, i, i * 20).replace(
                    '"track": "inbound"', '"track": "outbound"'
                )
            )
        assert peer.hang_up() == 1000
    assert harness.brain.heard == []
    assert [role for role, _, _ in harness.recorder.turns] == ["leah"]


def test_a_stream_in_another_audio_format_is_refused(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    from agentlocator.telephony.media_codec import encode_start_inbound

    start = encode_start_inbound("MZ1", CALL_SID, "AC1", harness.params()).replace(
        '"sampleRate": 8000', '"sampleRate": 16000'
    )
    with client_for().websocket_connect("/media") as ws:
        ws.send_text(start)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008
    assert harness.tts.requests == []


class InterimOnlyStream:
    """A recognizer that never finalizes (it happens on noisy lines): interim results only."""

    def __init__(self, inner: LookupRecognitionStream) -> None:
        self.inner = inner

    def send(self, mulaw: bytes) -> None:
        self.inner.send(mulaw)

    async def results(self) -> AsyncIterator[Transcript]:
        async for t in self.inner.results():
            if not t.is_final:
                yield t

    async def aclose(self) -> None:
        await self.inner.aclose()


class InterimOnlySpeechToText:
    def __init__(self, inner: LookupSpeechToText) -> None:
        self.inner = inner

    def open_stream(self) -> InterimOnlyStream:
        return InterimOnlyStream(self.inner.open_stream())


def test_without_a_final_the_last_interim_is_answered_after_the_grace(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    harness.stt = InterimOnlySpeechToText(harness.stt)  # type: ignore[assignment]
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
        reply = tone_speech("ארבעה חדרים, מצוין.")
        assert peer.receive_audio(len(reply)) == reply
        assert peer.hang_up() == 1000
    interim = " ".join(utterance("rooms").text.split()[:2])  # two thirds of four words
    assert harness.brain.heard[0][1] == interim
    assert harness.recorder.turns[1] == ("caller", interim, False)


def test_a_caller_gone_before_start_is_counted_quietly(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    client = client_for()
    with client.websocket_connect("/media") as ws:
        ws.close()
    deadline = time.monotonic() + 10
    assert harness.services is not None
    while not harness.services.counters["handshake_abandoned"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert harness.services.counters["handshake_abandoned"] == 1
    assert harness.recorder.ended == []


@pytest.mark.parametrize(("lookup_fails", "expected"), [(False, "he-IL-Wavenet-D"), (True, None)])
def test_leah_speaks_in_the_business_voice(
    harness: Harness, client_for: Callable[[], TestClient], lookup_fails: bool, expected: str | None
) -> None:
    async def voice_for(business_id: str) -> str | None:
        if lookup_fails:
            raise RuntimeError("firestore unavailable")
        return {"demo-realestate": "he-IL-Wavenet-D"}.get(business_id)

    harness.voice_for = voice_for
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
        peer.receive_audio(len(tone_speech("ארבעה חדרים, מצוין.")))
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert len(harness.tts.voices) >= 2  # the greeting and the reply
    assert set(harness.tts.voices) == {expected}


def test_leahs_turn_is_stored_when_she_starts_and_confirmed_once_heard(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        # the audio went out but Twilio has not echoed its mark: stored, not confirmed heard
        deadline = time.monotonic() + 5
        while not harness.recorder.turns and time.monotonic() < deadline:
            time.sleep(0.01)
        assert harness.recorder.turns == [("leah", DEFAULT_GREETING, False)]
        assert harness.recorder.unconfirmed == {0}
        peer.echo_marks()
        assert peer.hang_up() == 1000
    assert harness.recorder.unconfirmed == set()
    assert harness.recorder.streams_started[0].call_sid == CALL_SID


def test_a_caller_who_hangs_up_before_the_mark_leaves_the_turn_unconfirmed(
    harness: Harness, client_for: Callable[[], TestClient]
) -> None:
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        assert peer.hang_up() == 1000  # no mark echoed: nobody confirmed hearing the greeting
    # what was sent is kept (it may have been heard), marked not confirmed
    assert harness.recorder.turns == [("leah", DEFAULT_GREETING, True)]
    assert harness.recorder.unconfirmed == {0}


def _expect_close(peer: TwilioStreamPeer) -> int:
    while True:
        try:
            peer.receive()
        except ClosedByService as closed:
            return closed.code


@pytest.mark.parametrize(
    ("press_zero", "reason"), [(True, "dtmf"), (False, "words")], ids=["dtmf-0", "words"]
)
def test_asking_for_a_person_says_so_stores_it_and_closes_the_stream(
    harness: Harness, client_for: Callable[[], TestClient], press_zero: bool, reason: str
) -> None:
    ask = "אפשר לדבר עם נציג בבקשה"
    if not press_zero:
        harness.stt = LookupSpeechToText()
        harness.stt.table.register(utterance("rooms").mulaw, ask)
    line = tone_speech(texts_he.HANDOFF_CONNECTING)
    with client_for().websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws)
        peer.start(harness.params())
        peer.receive_audio(len(GREETING_AUDIO))
        peer.echo_marks()
        if press_zero:
            peer.send_dtmf("5")  # any other key does nothing
            peer.send_dtmf("0")
            peer.send_dtmf("0")  # a second press while transferring is ignored
        else:
            peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
        assert peer.receive_audio(len(line)) == line
        peer.echo_marks()
        assert _expect_close(peer) == 1000
    deadline = time.monotonic() + 5
    while not harness.recorder.ended and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [r for _, r in harness.recorder.handoffs] == [reason]
    assert harness.recorder.ended[0][1].ended_by == "handoff"
    assert ("leah", texts_he.HANDOFF_CONNECTING, False) in harness.recorder.turns
    assert harness.brain.heard == []  # a person answers this, not Leah
