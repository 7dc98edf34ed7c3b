"""In-process harness for the media service: TestClient + zero-latency providers.

The call recorder here is a list (it implements the service's own ``CallRecorder`` port); the
Firestore/Pub/Sub recorder is exercised in tests/integration/media against the emulators.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from starlette.testclient import TestClient

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.simulator.fixtures import load_utterances
from agentlocator.simulator.scripted_brain import ScriptedBrain
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
from agentlocator.telephony.stream_token import issue_stream_token
from media_stream_service.app import create_app
from media_stream_service.greeting import GreetingCache
from media_stream_service.outbound import PacingParams
from media_stream_service.recorder import CallIdentity, CallSummary
from media_stream_service.services import CallServices
from media_stream_service.session import SessionParams

CALL_SID = "CA00000000000000000000000000000001"
BUSINESS_ID = "demo-realestate"
CALLER = "+972501234567"


@dataclass
class ListRecorder:
    turns: list[tuple[str, str, bool]] = field(default_factory=list)  # (role, text, interrupted)
    ended: list[tuple[CallIdentity, CallSummary]] = field(default_factory=list)

    async def caller_turn(self, call: CallIdentity, text: str, at: datetime) -> None:
        self.turns.append(("caller", text, False))

    unconfirmed: set[int] = field(default_factory=set)  # Leah's turns not confirmed heard
    streams_started: list[CallIdentity] = field(default_factory=list)
    handoffs: list[tuple[CallIdentity, str]] = field(default_factory=list)

    async def leah_turn(
        self,
        call: CallIdentity,
        text: str,
        at: datetime,
        interrupted: bool = False,
        heard_confirmed: bool = True,
    ) -> str:
        self.turns.append(("leah", text, interrupted))
        if not heard_confirmed:
            self.unconfirmed.add(len(self.turns) - 1)
        return str(len(self.turns) - 1)

    async def update_leah_turn(
        self,
        call: CallIdentity,
        message_id: str,
        text: str,
        interrupted: bool,
        heard_confirmed: bool,
    ) -> None:
        self.turns[int(message_id)] = ("leah", text, interrupted)
        if heard_confirmed:
            self.unconfirmed.discard(int(message_id))
        else:
            self.unconfirmed.add(int(message_id))

    async def handoff_requested(self, call: CallIdentity, reason: str, at: datetime) -> None:
        self.handoffs.append((call, reason))

    async def stream_started(self, call: CallIdentity, at: datetime) -> None:
        self.streams_started.append(call)

    async def call_ended(self, call: CallIdentity, summary: CallSummary) -> None:
        self.ended.append((call, summary))


@dataclass
class Harness:
    settings: Settings
    brain: ScriptedBrain
    stt: LookupSpeechToText
    tts: ToneTextToSpeech
    recorder: ListRecorder
    services: CallServices | None = None
    voice_for: Callable[[str], Awaitable[str | None]] | None = None

    def params(self, call_sid: str = CALL_SID, token: str | None = None) -> dict[str, str]:
        if token is None:
            token = issue_stream_token(
                self.settings.stream_token_secret,
                BUSINESS_ID,
                call_sid,
                SYSTEM_CLOCK.now(),
                300,
                caller=CALLER,
            )
        return {"token": token, "business_id": BUSINESS_ID, "caller": CALLER}


@pytest.fixture
def harness() -> Harness:
    stt = LookupSpeechToText()
    for u in load_utterances().values():
        stt.table.register(u.mulaw, u.text)
    return Harness(
        settings=load_settings({"environment": "test", "stream_token_secret": "unit-secret"}),
        brain=ScriptedBrain(replies=[["ארבעה חדרים, מצוין.", "באיזה תקציב?"]]),
        stt=stt,
        tts=ToneTextToSpeech(),
        recorder=ListRecorder(),
    )


@pytest.fixture
def client_for(harness: Harness) -> Iterator[Callable[[], TestClient]]:
    clients: list[TestClient] = []

    def make() -> TestClient:
        @asynccontextmanager
        async def services(settings: Settings) -> AsyncIterator[CallServices]:
            harness.services = CallServices(
                settings=settings,
                brain=harness.brain,
                stt=harness.stt,
                tts=harness.tts,
                recorder=harness.recorder,
                greetings=GreetingCache(harness.tts),
                clock=SYSTEM_CLOCK,
                session_params=SessionParams(
                    pacing=PacingParams(realtime=False), stt_final_grace_ms=300
                ),
                voice_for=harness.voice_for,
            )
            yield harness.services

        client = TestClient(create_app(harness.settings, services))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
