"""The caller simulator against the service on a real socket (uvicorn + websockets), real time."""

from __future__ import annotations

import time
from array import array
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from agentlocator.audio.mulaw import SAMPLE_RATE, mulaw_to_pcm
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.simulator.caller import RealtimeCall
from agentlocator.simulator.fixtures import load_utterances, utterance
from agentlocator.simulator.scripted_brain import ScriptedBrain
from agentlocator.simulator.serving import serve_in_thread
from agentlocator.simulator.timeline import stereo_wav
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
from agentlocator.telephony.stream_token import issue_stream_token
from media_stream_service.app import create_app
from media_stream_service.greeting import GreetingCache
from media_stream_service.services import CallServices
from tests.unit.media.conftest import ListRecorder
from tests.unit.telephony.test_simulator_timeline import active_spans, channels

LONG_REPLY = "מצוין, יש לנו כמה דירות ארבעה חדרים בתל אביב שאולי יתאימו לך"


def test_simulated_caller_talks_and_barges_in_over_a_real_socket() -> None:
    settings = load_settings({"environment": "test", "stream_token_secret": "sim-secret"})
    stt = LookupSpeechToText()
    for u in load_utterances().values():
        stt.table.register(u.mulaw, u.text)
    brain = ScriptedBrain(replies=[[LONG_REPLY], ["בסדר גמור."]], greeting="שלום, כאן לאה")
    recorder = ListRecorder()

    @asynccontextmanager
    async def services(s: Settings) -> AsyncIterator[CallServices]:
        tts = ToneTextToSpeech()
        yield CallServices(s, brain, stt, tts, recorder, GreetingCache(tts), SYSTEM_CLOCK)

    call_sid = "CA" + "5" * 32
    caller = "+972501234567"
    token = issue_stream_token("sim-secret", "biz", call_sid, SYSTEM_CLOCK.now(), 60, caller=caller)
    params = {"token": token, "business_id": "biz", "caller": caller}
    with serve_in_thread(create_app(settings, services)) as address:
        with RealtimeCall(f"ws://{address}/media", call_sid, params) as call:
            assert call.wait_until_leah_is_quiet()
            call.say(utterance("rooms").mulaw)
            while not call.leah_is_talking:  # Leah starts her long reply...
                time.sleep(0.01)
            time.sleep(1.0)  # ...and after a second the caller talks over her
            ken_started = call.say(utterance("ken").mulaw)
            assert call.wait_until_leah_is_quiet()
        assert len(call.heard.clears_at) == 1
        assert call.heard.clears_at[0] > ken_started

    roles = [(role, interrupted) for role, _, interrupted in recorder.turns]
    assert roles == [
        ("leah", False),
        ("caller", False),
        ("leah", True),
        ("caller", False),
        ("leah", False),
    ]
    cut = recorder.turns[2][1]
    assert cut and LONG_REPLY.startswith(cut) and cut != LONG_REPLY
    assert recorder.turns[3][1] == utterance("ken").text
    assert recorder.ended[0][1].barge_ins == 1
    assert len(call.heard.turns) == 3  # greeting, the cut reply, the answer to "כן"


def test_the_simulated_call_is_recorded_in_stereo_where_each_side_spoke() -> None:
    """Caller left, Leah right, silence where nobody talks: the caller's line where it was said,
    each of Leah's turns from when her audio started playing, her cut reply silent from the
    barge-in's ``clear`` on, and the file as long as the call."""
    settings = load_settings({"environment": "test", "stream_token_secret": "sim-secret"})
    stt = LookupSpeechToText()
    for u in load_utterances().values():
        stt.table.register(u.mulaw, u.text)
    brain = ScriptedBrain(replies=[[LONG_REPLY], ["בסדר גמור."]], greeting="שלום, כאן לאה")

    @asynccontextmanager
    async def services(s: Settings) -> AsyncIterator[CallServices]:
        tts = ToneTextToSpeech()
        yield CallServices(s, brain, stt, tts, ListRecorder(), GreetingCache(tts), SYSTEM_CLOCK)

    call_sid = "CA" + "6" * 32
    caller = "+972501234567"
    token = issue_stream_token("sim-secret", "biz", call_sid, SYSTEM_CLOCK.now(), 60, caller=caller)
    params = {"token": token, "business_id": "biz", "caller": caller}
    rooms, ken = utterance("rooms").mulaw, utterance("ken").mulaw
    with serve_in_thread(create_app(settings, services)) as address:
        with RealtimeCall(f"ws://{address}/media", call_sid, params) as call:
            assert call.wait_until_leah_is_quiet()
            rooms_at = call.say(rooms)
            while not call.leah_is_talking:
                time.sleep(0.01)
            time.sleep(1.0)
            ken_at = call.say(ken)
            assert call.wait_until_leah_is_quiet()

    timeline = call.timeline
    _, caller, leah = channels(stereo_wav(timeline))
    assert len(caller) == len(leah) == round(timeline.duration_s * SAMPLE_RATE)
    assert timeline.ended_s is not None and timeline.duration_s >= timeline.ended_s

    # the caller: each line where it was said (its own leading silence kept)
    for said_at, audio, span in zip(
        (rooms_at, ken_at), (rooms, ken), _merged(active_spans(caller)), strict=True
    ):
        own = _merged(active_spans(array("h", mulaw_to_pcm(audio))))
        expected = (call.call_time(said_at) + own[0][0], call.call_time(said_at) + own[-1][1])
        assert abs(span[0] - expected[0]) <= 0.03 and abs(span[1] - expected[1]) <= 0.03

    # Leah: a turn starts where her audio started playing; the cut reply stops at the clear
    turns = _merged(active_spans(leah), gap_s=0.1)  # her turns: tones with no pause inside
    starts = [call.call_time(at) for at in call.heard.first_audio_at]
    assert len(turns) == len(starts) == 3
    for span, start in zip(turns, starts, strict=True):
        assert abs(span[0] - start) <= 0.06
    cleared = call.call_time(call.heard.clears_at[0])
    assert turns[1][1] <= cleared + 0.03  # nothing of the cut reply after the clear
    assert turns[1][0] < call.call_time(ken_at) < turns[1][1]  # the barge-in overlaps her


def _merged(spans: list[tuple[float, float]], gap_s: float = 0.4) -> list[tuple[float, float]]:
    """Spans closer than ``gap_s`` (pauses inside a sentence) as one."""
    out: list[tuple[float, float]] = []
    for start, end in spans:
        if out and start - out[-1][1] < gap_s:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
