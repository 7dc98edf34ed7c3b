"""A whole call through the production wiring: Leah's real brain, Firestore and Pub/Sub emulators,
the Google speech clients against the local gRPC stand-ins."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from google.cloud.pubsub_v1 import PublisherClient, SubscriberClient
from starlette.testclient import TestClient

from agentlocator.audio.mulaw import mulaw_silence
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business, Call
from agentlocator.crm.repositories import Repositories
from agentlocator.simulator.fixtures import load_utterances, utterance
from agentlocator.simulator.twilio_side import TwilioStreamPeer
from agentlocator.speech.local_servers import LocalSpeechServers, start_local_speech_servers
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.telephony.stream_token import issue_stream_token
from media_stream_service.app import create_app
from media_stream_service.outbound import PacingParams
from media_stream_service.providers import production_services
from media_stream_service.session import SessionParams

pytestmark = pytest.mark.emulators

CALLER = "+972501234567"


@pytest.fixture
def speech_servers() -> Iterator[LocalSpeechServers]:
    servers = start_local_speech_servers()
    for u in load_utterances().values():
        servers.table.register(u.mulaw, u.text)
    yield servers
    servers.stop()


def spoken(servers: LocalSpeechServers, index: int, timeout_s: float = 20.0) -> str:
    """The text of the ``index``-th TTS request (waits for it: the brain runs in the app)."""
    deadline = time.monotonic() + timeout_s
    while len(servers.tts.requests) <= index:
        assert time.monotonic() < deadline, "Leah did not speak"
        time.sleep(0.01)
    return servers.tts.requests[index].input.text


def wait_for_stats(client: TestClient, counter: str, timeout_s: float = 30.0) -> dict[str, Any]:
    """/stats once ``counter`` is set: the socket closed, but finalizing runs in the app."""
    deadline = time.monotonic() + timeout_s
    while True:
        stats: dict[str, Any] = client.get("/stats").json()
        if stats["counters"].get(counter) or time.monotonic() > deadline:
            return stats
        time.sleep(0.05)


def start_call(repos: Repositories, business: Business, call_sid: str) -> None:
    now = SYSTEM_CLOCK.now()
    repos.calls.create_call_once(
        Call(
            call_sid=call_sid,
            business_id=business.id,
            from_phone=CALLER,
            to_phone=business.voice_numbers[0],
            started_at=now,
            created_at=now,
        )
    )


def test_a_call_is_stored_turn_by_turn_and_announced(
    settings: Settings,
    repos: Repositories,
    demo_business: Business,
    pubsub_emulator_host: str,
    speech_servers: LocalSpeechServers,
) -> None:
    call_sid = "CA" + uuid.uuid4().hex
    start_call(repos, demo_business, call_sid)
    app_settings = settings.model_copy(
        update={
            "speech_endpoint": speech_servers.address,
            "call_events_topic": f"call-events-{uuid.uuid4().hex[:8]}",
        }
    )
    token = issue_stream_token(
        app_settings.stream_token_secret,
        demo_business.id,
        call_sid,
        SYSTEM_CLOCK.now(),
        300,
        caller=CALLER,
    )
    services = partial(
        production_services, session_params=SessionParams(pacing=PacingParams(realtime=False))
    )
    with TestClient(create_app(app_settings, services)) as client:
        subscriber = SubscriberClient()
        topic = PublisherClient.topic_path(app_settings.gcp_project, app_settings.call_events_topic)
        subscription = subscriber.subscription_path(app_settings.gcp_project, f"t-{call_sid}")
        subscriber.create_subscription(name=subscription, topic=topic)
        with client.websocket_connect("/media") as ws:
            peer = TwilioStreamPeer(ws, call_sid=call_sid)
            peer.start({"token": token, "business_id": demo_business.id, "caller": CALLER})
            # the greeting is the first thing the caller hears, rendered by the TTS stand-in
            greeting = spoken(speech_servers, 0)
            assert peer.receive_audio(len(tone_speech(greeting))) == tone_speech(greeting)
            peer.echo_marks()
            peer.send_audio(utterance("rooms").mulaw + mulaw_silence(1000))
            first_clause = spoken(speech_servers, 1)
            assert peer.receive_audio(len(tone_speech(first_clause))) == tone_speech(first_clause)
            peer.echo_marks()  # the caller heard Leah's first clause, then hung up
            assert peer.hang_up() == 1000
        stats = wait_for_stats(client, "calls_ended")

    messages = repos.messages.list_for_call(demo_business.id, CALLER, call_sid)
    roles = [m.role for m in messages]
    assert roles[:2] == ["leah", "caller"]
    assert messages[0].text == greeting and not messages[0].interrupted
    assert messages[1].text == utterance("rooms").text
    assert all(m.channel == "voice" and m.call_sid == call_sid for m in messages)
    # Leah's reply, stored after the caller's turn, cut to the clause the caller heard
    assert roles[2:] == ["leah"]
    assert messages[2].text.startswith(first_clause)

    call = repos.client.collection("calls").document(call_sid).get().to_dict()
    assert call is not None
    assert call["stream_ended_by"] == "stop"
    assert call["caller_turns"] == 1

    response = subscriber.pull(subscription=subscription, max_messages=5, timeout=30)
    events = [json.loads(r.message.data) for r in response.received_messages]
    assert [e["call_sid"] for e in events] == [call_sid]
    assert events[0]["type"] == "call.ended" and events[0]["business_id"] == demo_business.id
    assert response.received_messages[0].message.attributes["event_type"] == "call.ended"
    assert stats["counters"]["calls_ended"] == 1
    assert stats["info"]["speech_mode"] == "endpoint"
