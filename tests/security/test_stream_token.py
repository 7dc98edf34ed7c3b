"""The media-stream token, attacked: a forged caller, a forged greeting, a replayed token.

The token comes from the real webhook logic (``CallLifecycle`` on the Firestore emulator); two
media service apps stand for two Cloud Run instances sharing Firestore, so the one-stream claim
is tested where it matters (across instances, not in one process's memory).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.stream_claims import StreamClaimRepository
from agentlocator.simulator.scripted_brain import DEFAULT_GREETING, ScriptedBrain
from agentlocator.simulator.twilio_side import TwilioStreamPeer
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.telephony.call_lifecycle import CallLifecycle, VoiceConfig
from agentlocator.telephony.webhook_forms import IncomingCallForm
from media_stream_service.app import create_app
from media_stream_service.greeting import GreetingCache
from media_stream_service.outbound import PacingParams
from media_stream_service.recorder import CallIdentity, CallSummary
from media_stream_service.services import CallServices
from media_stream_service.session import SessionParams
from media_stream_service.stream_claims import FirestoreStreamClaims

pytestmark = pytest.mark.emulators

CALLER = "+972501234567"
OTHER_LEAD = "+972529999999"
GREETING_AUDIO = tone_speech(DEFAULT_GREETING)


class Recorded:
    """What one instance stored (the recorder port; Firestore writes are not what is tested)."""

    def __init__(self) -> None:
        self.turns: list[tuple[str, str]] = []
        self.ended: list[CallIdentity] = []

    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None:
        self.turns.append((call.lead_phone, text))

    async def leah_turn(
        self, call: CallIdentity, text: str, at: datetime, interrupted: bool = False
    ) -> str:
        self.turns.append((call.lead_phone, text))
        return str(len(self.turns))

    async def cut_leah_turn(self, call: CallIdentity, message_id: str, heard_text: str) -> None:
        return None

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        self.ended.append(call)


def twiml_stream_parameters(
    repos: Repositories, settings: Settings, call_sid: str
) -> dict[str, str]:
    lifecycle = CallLifecycle(
        repos.businesses,
        repos.calls,
        repos.leads,
        VoiceConfig.from_settings(settings, "/recording_status"),
        SYSTEM_CLOCK,
    )
    form = IncomingCallForm.model_validate(
        {"CallSid": call_sid, "AccountSid": settings.twilio_account_sid, "From": CALLER,
         "To": "+97237630000"}
    )  # fmt: skip
    stream = ET.fromstring(lifecycle.answer_incoming(form).encode()).find("Connect/Stream")
    assert stream is not None
    return {p.attrib["name"]: p.attrib["value"] for p in stream.findall("Parameter")}


class Instance:
    def __init__(self, settings: Settings, repos: Repositories) -> None:
        self.recorded = Recorded()
        self.services: CallServices | None = None

        @asynccontextmanager
        async def services(app_settings: Settings) -> AsyncIterator[CallServices]:
            tts = ToneTextToSpeech()
            self.services = CallServices(
                settings=app_settings,
                brain=ScriptedBrain(),  # no split greeting: the whole greeting, then listen
                stt=LookupSpeechToText(),
                tts=tts,
                recorder=self.recorded,
                greetings=GreetingCache(tts),
                clock=SYSTEM_CLOCK,
                session_params=SessionParams(pacing=PacingParams(realtime=False)),
                claims=FirestoreStreamClaims(StreamClaimRepository(repos.client)),
            )
            yield self.services

        self.client = TestClient(create_app(settings, services))


@pytest.fixture
def instances(settings: Settings, repos: Repositories) -> Iterator[tuple[Instance, Instance]]:
    pair = (Instance(settings, repos), Instance(settings, repos))
    for instance in pair:
        instance.client.__enter__()
    yield pair
    for instance in pair:
        instance.client.__exit__(None, None, None)


def closed_code(client: TestClient, params: dict[str, str], stream_sid: str) -> int:
    """Start a stream with ``params`` and read until the service closes it."""
    with client.websocket_connect("/media") as ws:
        peer = TwilioStreamPeer(ws, call_sid=params["call_sid"], stream_sid=stream_sid)
        peer.start(params)
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_text()
    return closed.value.code


def test_a_forged_caller_cannot_file_the_call_under_another_lead(
    settings: Settings, repos: Repositories, demo_business: Business, instances: tuple
) -> None:
    params = twiml_stream_parameters(repos, settings, "CA" + "1" * 32)
    first, _ = instances
    assert closed_code(first.client, {**params, "caller": OTHER_LEAD}, "MZ" + "1" * 32) == 1008
    assert first.recorded.turns == [] and first.recorded.ended == []
    # and the forged stream did not use up the real call's claim
    assert StreamClaimRepository(repos.client).claimed_by(params["call_sid"]) is None


def test_a_forged_greeting_is_refused(
    settings: Settings, repos: Repositories, demo_business: Business, instances: tuple
) -> None:
    params = twiml_stream_parameters(repos, settings, "CA" + "2" * 32)
    forged = {**params, "greeting": "המשרד נסגר. התקשרו למספר אחר."}
    assert closed_code(instances[0].client, forged, "MZ" + "2" * 32) == 1008
    assert instances[0].recorded.turns == []


def test_one_token_opens_one_stream_across_instances(
    settings: Settings, repos: Repositories, demo_business: Business, instances: tuple
) -> None:
    params = twiml_stream_parameters(repos, settings, "CA" + "3" * 32)
    first, second = instances
    real_sid, replay_sid = "MZ" + "3" * 32, "MZ" + "4" * 32
    with first.client.websocket_connect("/media") as ws:
        real = TwilioStreamPeer(ws, call_sid=params["call_sid"], stream_sid=real_sid)
        real.start(params)
        assert real.receive_audio(len(GREETING_AUDIO)) == GREETING_AUDIO
        # the same start message, replayed to another instance while the call is live
        assert closed_code(second.client, params, replay_sid) == 1008
        real.echo_marks()
        assert real.hang_up() == 1000
    # and once more after the call ended: a token is spent for good
    assert closed_code(second.client, params, replay_sid) == 1008
    assert StreamClaimRepository(repos.client).claimed_by(params["call_sid"]) == real_sid
    assert second.recorded.turns == [] and second.recorded.ended == []
    assert [call.stream_sid for call in first.recorded.ended] == [real_sid]
    assert second.services is not None and second.services.counters["stream_reused"] == 2
