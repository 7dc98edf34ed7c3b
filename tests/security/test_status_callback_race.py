"""Issue 13 item 4, replayed over HTTP: concurrent signed status and recording callbacks for one
call against the served voice functions (real HTTP, Firestore emulator, Storage emulator, the
Twilio REST stand-in). Before the fix the read-modify-write transaction aborted under contention:
21 of 24 requests got an HTML 500 and the call stayed ``in-progress``.

Self-contained: it reuses the voice integration fixtures (imported below) rather than a
tests/security/conftest.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    recordings_bucket,
    served,
    twilio_standin,
)
from tests.integration.voice.voice_harness import Reply, TwilioWebhooks, call_sid, recording_sid

pytestmark = [pytest.mark.emulators, pytest.mark.slow]

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SEQUENCE = ("initiated", "ringing", "in-progress", "completed")
AUDIO = b"ID3\x04\x00race-mp3" + bytes(range(256)) * 4


def rfc2822(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def status_form(hooks: TwilioWebhooks, sid: str, index: int) -> dict[str, str]:
    status = SEQUENCE[index]
    extra = {"SequenceNumber": str(index), "Timestamp": rfc2822(T0 + timedelta(seconds=index))}
    if status == "completed":
        extra["CallDuration"] = "58"
    return hooks.status(sid, status, **extra)


def all_at_once(jobs: list[Callable[[], Reply]]) -> list[Reply]:
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda job: job(), jobs))


def assert_json(replies: list[Reply]) -> None:
    for reply in replies:
        assert reply.content_type.startswith("application/json"), reply.text[:200]
        assert "<html" not in reply.text.lower()


@pytest.mark.parametrize("round_", range(3))
def test_each_status_twice_out_of_order_all_at_once_ends_completed(
    served: TwilioWebhooks,  # noqa: F811
    repos: Repositories,
    demo_business: Business,
    round_: int,
) -> None:
    sid = call_sid()
    assert served.send("voice_incoming", served.incoming(sid)).status == 200
    forms = [status_form(served, sid, i) for i in range(len(SEQUENCE))] * 2
    random.Random(round_).shuffle(forms)

    replies = all_at_once([lambda f=form: served.send("voice_status", f) for form in forms])

    assert [r.status for r in replies] == [200] * len(forms), [r.text for r in replies]
    assert_json(replies)
    call = repos.calls.get(sid)
    assert (call.status, call.duration_seconds) == ("completed", 58)
    assert call.answered_at == T0 + timedelta(seconds=2)
    assert call.ended_at == T0 + timedelta(seconds=3)
    assert call.last_callback_sequence == 3
    assert call.status_times == {s: T0 + timedelta(seconds=i) for i, s in enumerate(SEQUENCE)}


def test_twenty_duplicate_completed_callbacks_make_one_final_state(
    served: TwilioWebhooks,  # noqa: F811
    repos: Repositories,
    demo_business: Business,
) -> None:
    sid = call_sid()
    served.send("voice_incoming", served.incoming(sid))
    served.send("voice_status", status_form(served, sid, 2))
    form = status_form(served, sid, 3)

    replies = all_at_once([lambda: served.send("voice_status", form)] * 20)

    assert [r.status for r in replies] == [200] * 20
    assert {r.json()["status"] for r in replies} == {"completed"}
    call = repos.calls.get(sid)
    assert (call.status, call.duration_seconds, call.ended_at) == (
        "completed",
        58,
        T0 + timedelta(seconds=3),
    )


def test_twenty_duplicate_recording_callbacks_make_one_recording(
    served: TwilioWebhooks,  # noqa: F811
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
    recordings_bucket: str,  # noqa: F811
    settings: Settings,
) -> None:
    sid, rec = call_sid(), recording_sid()
    served.send("voice_incoming", served.incoming(sid))
    twilio_standin.add_recording(rec, call_sid=sid, audio=AUDIO, duration_seconds=42)
    late = served.recording(sid, rec, "in-progress", "-1")
    forms = [served.recording(sid, rec)] * 16 + [late] * 4
    random.Random(7).shuffle(forms)

    replies = all_at_once([lambda f=form: served.send("recording_status", f) for form in forms])

    assert [r.status for r in replies] == [200] * 20, [r.text for r in replies]
    assert_json(replies)
    object_name = f"{demo_business.id}/{sid}/{rec}.mp3"
    recording = repos.calls.get(sid).recording
    assert recording is not None
    assert (recording.sid, recording.status, recording.duration_seconds) == (rec, "completed", 42)
    assert recording.storage_uri == f"gs://{recordings_bucket}/{object_name}"
    blobs = list(make_storage_client(settings).list_blobs(recordings_bucket))
    assert [b.name for b in blobs] == [object_name]
    assert blobs[0].download_as_bytes() == AUDIO


def test_an_unexpected_failure_is_a_logged_json_500_not_an_html_page(
    served: TwilioWebhooks,  # noqa: F811
    demo_business: Business,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A recording Twilio no longer has: the copy fails inside the handler with a REST error.
    sid, rec = call_sid(), recording_sid()
    served.send("voice_incoming", served.incoming(sid))

    reply = served.send("recording_status", served.recording(sid, rec))

    assert reply.status == 500
    assert_json([reply])
    assert reply.json() == {"error": "InternalError", "message": "internal error"}
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)
