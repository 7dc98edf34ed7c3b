"""The media service killed (SIGKILL, no ``finally``) 3 s into Leah's answer: every Leah turn the
caller received audio of stays stored, the interrupted one marked not confirmed heard, and
Twilio's final status callback closes the stream nobody closed.

Issue 19: the caller had heard two Leah turns, but only the greeting and the caller's line were
stored (Leah's turn was written only once fully sent), and the call stayed open.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agentlocator.config import Settings
from agentlocator.crm.models import Business, Call
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.processes import ManagedProcess, free_port, venv_bin
from agentlocator.simulator.caller import RealtimeCall
from agentlocator.simulator.fixtures import utterance
from agentlocator.speech.local_servers import register_remote_utterance
from agentlocator.telephony.stream_token import issue_stream_token
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    functions_env,
    in_process,
    recordings_bucket,
    twilio_standin,
)
from tests.integration.voice.voice_harness import TwilioWebhooks

pytestmark = [pytest.mark.emulators, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
SECRET = "killed-mid-answer-secret"
CALLER = "+972507770001"


@pytest.fixture
def media_service(settings: Settings, tmp_path: Path) -> Iterator[ManagedProcess]:
    port = free_port()
    service = ManagedProcess(
        "media",
        [
            venv_bin("uvicorn"),
            "media_stream_service.app:create_app",
            "--factory",
            "--port",
            str(port),
        ],
        "127.0.0.1",
        port,
        ready_url=f"http://127.0.0.1:{port}/healthz",
        env={
            "SPEECH_ENDPOINT": "offline",
            "STREAM_TOKEN_SECRET": SECRET,
            "PYTHONPATH": os.pathsep.join(str(ROOT / p) for p in ("shared", ".")),
        },
        log_path=tmp_path / "media.log",
        cwd=ROOT,
    )
    service.start()
    try:
        service.wait_ready(60)
        yield service
    finally:
        service.stop()


def test_killed_mid_answer_keeps_every_turn_the_caller_heard(
    media_service: ManagedProcess,
    in_process: TwilioWebhooks,  # noqa: F811
    repos: Repositories,
    demo_business: Business,
) -> None:
    sid = "CA" + "7" * 32
    reply = in_process.send("voice_incoming", in_process.incoming(sid, caller=CALLER))
    assert reply.status == 200
    info = httpx.get(f"http://{media_service.address}/stats", timeout=10).json()["info"]
    rooms = utterance("rooms")
    register_remote_utterance(info["speech_endpoint"], rooms.mulaw, rooms.text)
    token = issue_stream_token(SECRET, demo_business.id, sid, repos.calls.get(sid).started_at, 300)
    params = {"token": token, "business_id": demo_business.id, "caller": CALLER}

    call = RealtimeCall(f"ws://{media_service.address}/media", sid, params)
    with call:
        assert call.wait_until_leah_is_quiet(timeout_s=60)  # the greeting, heard in full
        said_at = call.say(rooms.mulaw)
        assert call.wait_until_leah_speaks(since=said_at, timeout_s=30)
        answer_started = time.monotonic()
        time.sleep(1.5)  # Leah is mid-answer: the caller has heard part of it
        assert media_service.process is not None
        os.killpg(media_service.process.pid, signal.SIGKILL)
        media_service.process.wait(10)
        # audio of the answer (a pause between clauses may split it in the caller's count)
        heard_answer = sum(
            len(audio)
            for audio, at in zip(call.heard.turns, call.heard.first_audio_at, strict=True)
            if at > said_at
        )
    assert heard_answer > 0
    assert time.monotonic() - answer_started < 10

    turns = repos.messages.list_for_call(demo_business.id, CALLER, sid)
    assert [m.role for m in turns] == ["leah", "caller", "leah"], turns
    greeting, caller_line, answer = turns
    assert greeting.heard_confirmed and greeting.text
    assert caller_line.text == rooms.text
    assert answer.text and not answer.heard_confirmed

    stored: Call = repos.calls.get(sid)
    assert stored.stream_started_at is not None and stored.stream_ended_at is None
    done = in_process.send(
        "voice_status", in_process.status(sid, "completed", CallDuration="9", SequenceNumber="3")
    )
    assert done.status == 200
    ended = repos.calls.get(sid)
    assert (ended.status, ended.duration_seconds) == ("completed", 9)
    assert ended.stream_ended_by == "status_callback" and ended.stream_ended_at is not None
