"""A human when the caller wants one, through the signed webhooks, the Firestore emulator and the
Twilio REST stand-in: DTMF 0 on a real media stream, then the transfer answered, unanswered
(voicemail + callback task, or back to Leah), warm (the agent's leg placed over REST with the
whispered summary), and out of hours (a callback task)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import functions_framework
import handoff
import pytest
from starlette.testclient import TestClient

from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_AGENT_PHONES
from agentlocator.crm.tasks import Task, TaskRepository
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.simulator.scripted_brain import ScriptedBrain
from agentlocator.simulator.twilio_side import ClosedByService, TwilioStreamPeer
from agentlocator.simulator.webhook import parse_stream_twiml
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
from agentlocator.telephony import texts_he
from media_stream_service.app import create_app
from media_stream_service.greeting import GreetingCache
from media_stream_service.outbound import PacingParams
from media_stream_service.recorder import FirestoreCallRecorder
from media_stream_service.services import CallServices
from media_stream_service.session import SessionParams
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    functions_env,
    recordings_bucket,
    twilio_standin,
)
from tests.integration.voice.voice_harness import MAIN, TARGETS, TwilioWebhooks, call_sid

pytestmark = pytest.mark.emulators

OPEN = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # Tuesday 10:00 in Tel Aviv
CLOSED = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)  # Saturday
HANDOFF_TARGETS = ("voice_handoff", "voice_dial_result")


@pytest.fixture
def hooks(functions_env: Settings) -> Iterator[TwilioWebhooks]:  # noqa: F811
    handoff.handoff_service.cache_clear()
    clients = {
        target: functions_framework.create_app(target, MAIN).test_client()
        for target in TARGETS + HANDOFF_TARGETS
    }
    yield TwilioWebhooks(
        functions_env,
        post=lambda target, path, data, headers: clients[target].post(
            path, data=data, headers=headers
        ),
    )
    handoff.handoff_service.cache_clear()


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(handoff, "clock", FixedClock(moment))
        handoff.handoff_service.cache_clear()

    set_now(OPEN)
    return set_now


def _asked_for_person(hooks: TwilioWebhooks, repos: Repositories, reason: str = "dtmf") -> str:
    """A call Leah answered whose caller then asked for a person (as the media service stores)."""
    sid = call_sid()
    assert hooks.send("voice_incoming", hooks.incoming(sid)).status == 200
    repos.calls.update_fields(sid, {"handoff_requested_at": OPEN, "handoff_reason": reason})
    return sid


def _callback_tasks(repos: Repositories, business: Business) -> list[Task]:
    tasks = TaskRepository(repos.client).for_lead(business.id, "+972501234567")
    return [t for t in tasks if t.source == "callback"]


def _form(hooks: TwilioWebhooks, sid: str, **extra: str) -> dict[str, str]:
    return {**hooks.incoming(sid), "CallStatus": "in-progress", **extra}


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode())


def test_dtmf_zero_on_the_stream_closes_it_and_the_connect_action_dials_the_agent(
    hooks: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    at: Callable[[datetime], None],
) -> None:
    sid = call_sid()
    answer = hooks.send("voice_incoming", hooks.incoming(sid))
    connect = _xml(answer.text).find("Connect")
    assert connect is not None and connect.attrib["action"] == hooks.url("voice_handoff")
    stream = parse_stream_twiml(answer.text)

    tts = ToneTextToSpeech()

    @asynccontextmanager
    async def services(settings: Settings) -> AsyncIterator[CallServices]:
        yield CallServices(
            settings,
            ScriptedBrain(greeting="שלום"),
            LookupSpeechToText(),
            tts,
            FirestoreCallRecorder(repos, None, None),
            GreetingCache(tts),
            FixedClock(OPEN),
            SessionParams(pacing=PacingParams(realtime=False)),
        )

    with TestClient(create_app(hooks.settings, services)) as client:
        with client.websocket_connect("/media") as ws:
            peer = TwilioStreamPeer(ws, call_sid=sid)
            peer.start(stream.parameters)
            peer.receive_until(lambda e: e.__class__.__name__ == "OutboundMark")
            peer.echo_marks()
            peer.send_dtmf("0")
            peer.receive_until(lambda e: e.__class__.__name__ == "OutboundMark")
            peer.echo_marks()
            with pytest.raises(ClosedByService) as closed:
                while True:
                    peer.receive()
            assert closed.value.code == 1000
    call = repos.calls.get(sid)
    assert call.handoff_reason == "dtmf" and call.stream_ended_by == "handoff"

    reply = hooks.send("voice_handoff", _form(hooks, sid))
    dial = _xml(reply.text).find("Dial")
    assert dial is not None, reply.text
    assert dial.attrib["action"] == hooks.url("voice_dial_result")
    assert dial.attrib["timeout"] == "20"
    assert [n.text for n in dial.findall("Number")] == [DEMO_AGENT_PHONES[0]]
    assert texts_he.HANDOFF_PLEASE_HOLD in reply.text


def test_answered_transfer_ends_with_the_agent(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    sid = _asked_for_person(hooks, repos, "words")
    hooks.send("voice_handoff", _form(hooks, sid))
    done = hooks.send("voice_dial_result", _form(hooks, sid, DialCallStatus="completed"))
    root = _xml(done.text)
    assert [child.tag for child in root] == ["Hangup"]
    assert repos.calls.get(sid).handoff_step == "done"
    assert _callback_tasks(repos, demo_business) == []


def test_unanswered_transfer_takes_a_message_and_makes_one_callback_task(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    sid = _asked_for_person(hooks, repos)
    hooks.send("voice_handoff", _form(hooks, sid))
    replies = [
        hooks.send("voice_dial_result", _form(hooks, sid, DialCallStatus="no-answer"))
        for _ in range(2)  # Twilio retried the action
    ]
    root = _xml(replies[0].text)
    assert [child.tag for child in root] == ["Say", "Record", "Hangup"]
    assert texts_he.HANDOFF_NO_ANSWER in replies[0].text
    tasks = _callback_tasks(repos, demo_business)
    assert [(t.lead_id, t.notes, t.done) for t in tasks] == [
        ("+972501234567", texts_he.CALLBACK_NOTE_NO_ANSWER, False)
    ]


def test_unanswered_transfer_can_go_back_to_leah(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    repos.businesses.update(demo_business.id, {"handoff_no_answer": "leah"})
    sid = _asked_for_person(hooks, repos)
    hooks.send("voice_handoff", _form(hooks, sid))
    back = hooks.send("voice_dial_result", _form(hooks, sid, DialCallStatus="busy"))
    root = _xml(back.text)
    assert [child.tag for child in root] == ["Say", "Connect"]
    assert texts_he.HANDOFF_BACK_TO_LEAH in back.text
    assert parse_stream_twiml(back.text).parameters["call_sid"] == sid


def test_warm_transfer_whispers_the_summary_to_the_agent_once(
    hooks: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
    at: Callable[..., None],
) -> None:
    repos.businesses.update(demo_business.id, {"handoff_mode": "warm"})
    sid = _asked_for_person(hooks, repos)
    replies = [hooks.send("voice_handoff", _form(hooks, sid)) for _ in range(2)]
    assert replies[0].text == replies[1].text
    conference = _xml(replies[0].text).find("Dial/Conference")
    assert conference is not None and conference.text == f"handoff-{sid}"
    assert conference.attrib["startConferenceOnEnter"] == "false"

    placed = twilio_standin.requests_to("POST", "/Calls.json")
    assert [(r.status, r.value("To"), r.value("From")) for r in placed] == [
        (201, DEMO_AGENT_PHONES[0], demo_business.voice_numbers[0])
    ]
    whisper = _xml(placed[0].value("Twiml") or "")
    said = whisper.find("Gather/Say")  # the agent joins with a key (test_warm_transfer.py)
    assert said is not None and said.text and said.text.startswith("לאה מעבירה אליך פונה.")


def test_out_of_hours_the_request_becomes_a_callback_task(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    at(CLOSED)
    sid = _asked_for_person(hooks, repos)
    reply = hooks.send("voice_handoff", _form(hooks, sid))
    assert texts_he.HANDOFF_CLOSED in reply.text
    assert _xml(reply.text).find("Dial") is None
    tasks = _callback_tasks(repos, demo_business)
    assert [(t.notes, t.lead_id) for t in tasks] == [
        (texts_he.CALLBACK_NOTE_CLOSED, "+972501234567")
    ]


def test_a_stream_that_died_without_a_request_gets_an_apology(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    sid = call_sid()
    hooks.send("voice_incoming", hooks.incoming(sid))
    reply = hooks.send("voice_handoff", _form(hooks, sid))
    assert texts_he.TECHNICAL_DIFFICULTY in reply.text


def test_a_forged_handoff_request_is_refused(
    hooks: TwilioWebhooks, repos: Repositories, demo_business: Business, at: Callable[..., None]
) -> None:
    sid = _asked_for_person(hooks, repos)
    reply = hooks.send("voice_handoff", _form(hooks, sid), signature="forged")
    assert reply.status == 403
    assert repos.calls.get(sid).handoff_step is None
