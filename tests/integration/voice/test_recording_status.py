"""recording_status: details stored on the call, audio copied to the recordings bucket through
the Twilio REST stand-in (real twilio client, real HTTP)."""

from __future__ import annotations

import pytest

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.voice.voice_harness import TwilioWebhooks, call_sid, recording_sid

pytestmark = pytest.mark.emulators

AUDIO = b"ID3\x04\x00fake-mp3-frames" + bytes(range(256)) * 8


def answered_call(hooks: TwilioWebhooks) -> str:
    sid = call_sid()
    assert hooks.send("voice_incoming", hooks.incoming(sid)).status == 200
    return sid


def test_completed_recording_is_stored_and_copied_to_the_bucket(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
    recordings_bucket: str,
    settings: Settings,
) -> None:
    sid, rec = answered_call(in_process), recording_sid()
    twilio_standin.add_recording(rec, call_sid=sid, audio=AUDIO, duration_seconds=42)

    reply = in_process.send("recording_status", in_process.recording(sid, rec))

    assert reply.status == 200, reply.text
    object_name = f"{demo_business.id}/{sid}/{rec}.mp3"
    assert reply.json()["stored_at"] == f"gs://{recordings_bucket}/{object_name}"
    recording = repos.calls.get(sid).recording
    assert recording is not None
    assert (recording.sid, recording.status, recording.duration_seconds) == (rec, "completed", 42)
    assert recording.url is not None and recording.url.endswith(rec)
    assert recording.storage_uri == f"gs://{recordings_bucket}/{object_name}"
    blob = make_storage_client(settings).bucket(recordings_bucket).get_blob(object_name)
    assert blob is not None and blob.download_as_bytes() == AUDIO
    assert blob.content_type == "audio/mpeg"
    fetches = twilio_standin.requests_to("GET", f"/Recordings/{rec}.mp3")
    assert [(f.authorized, f.status) for f in fetches] == [(True, 200)]


def test_repeated_callback_does_not_copy_again(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
) -> None:
    sid, rec = answered_call(in_process), recording_sid()
    twilio_standin.add_recording(rec, call_sid=sid, audio=AUDIO)
    first = in_process.send("recording_status", in_process.recording(sid, rec))
    again = in_process.send("recording_status", in_process.recording(sid, rec))
    assert first.status == again.status == 200
    assert first.json() == again.json()
    assert len(twilio_standin.requests_to("GET", f"/Recordings/{rec}.mp3")) == 1


def test_absent_recording_is_noted_and_nothing_is_fetched(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
) -> None:
    sid, rec = answered_call(in_process), recording_sid()
    reply = in_process.send("recording_status", in_process.recording(sid, rec, "absent", "0"))
    assert reply.status == 200
    recording = repos.calls.get(sid).recording
    assert recording is not None and recording.status == "absent"
    assert recording.storage_uri is None
    assert twilio_standin.requests == []


def test_late_in_progress_callback_does_not_undo_completed(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
) -> None:
    sid, rec = answered_call(in_process), recording_sid()
    twilio_standin.add_recording(rec, call_sid=sid, audio=AUDIO)
    in_process.send("recording_status", in_process.recording(sid, rec))
    late = in_process.send("recording_status", in_process.recording(sid, rec, "in-progress", "-1"))
    assert late.status == 200
    recording = repos.calls.get(sid).recording
    assert recording is not None
    assert (recording.status, recording.duration_seconds) == ("completed", 42)
    assert recording.storage_uri is not None


def test_twilio_refusing_the_media_leaves_the_details_stored(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
) -> None:
    # The stand-in has no such recording: Twilio answers 404 for the media.
    sid, rec = answered_call(in_process), recording_sid()
    reply = in_process.send("recording_status", in_process.recording(sid, rec))
    assert reply.status == 500
    recording = repos.calls.get(sid).recording
    assert recording is not None and recording.sid == rec and recording.storage_uri is None
    assert [r.status for r in twilio_standin.requests_to("GET", f"/Recordings/{rec}.mp3")] == [404]
