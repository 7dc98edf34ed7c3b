"""The caller simulator against the service on a real socket (uvicorn + websockets), real time."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.simulator.caller import RealtimeCall
from agentlocator.simulator.fixtures import load_utterances, utterance
from agentlocator.simulator.scripted_brain import ScriptedBrain
from agentlocator.simulator.serving import serve_in_thread
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
from agentlocator.telephony.stream_token import issue_stream_token
from media_stream_service.app import create_app
from media_stream_service.greeting import GreetingCache
from media_stream_service.services import CallServices
from tests.unit.media.conftest import ListRecorder

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
