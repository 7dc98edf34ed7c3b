"""Every voice webhook: forged or missing signatures → 403 and nothing written; bad fields →
400 naming the field."""

from __future__ import annotations

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from tests.integration.voice.voice_harness import (
    TwilioWebhooks,
    call_sid,
    firestore_snapshot,
    recording_sid,
)

pytestmark = pytest.mark.emulators


def forms(hooks: TwilioWebhooks, sid: str) -> dict[str, dict[str, str]]:
    return {
        "voice_incoming": hooks.incoming(sid),
        "voice_status": hooks.status(sid, "completed", CallDuration="30"),
        "recording_status": hooks.recording(sid, recording_sid()),
    }


@pytest.mark.parametrize("target", ["voice_incoming", "voice_status", "recording_status"])
def test_forged_or_missing_signatures_are_403_and_write_nothing(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business, target: str
) -> None:
    existing = call_sid()
    assert in_process.send("voice_incoming", in_process.incoming(existing)).status == 200
    before = firestore_snapshot(repos.client)
    for sid in (existing, call_sid()):
        form = forms(in_process, sid)[target]
        forged = {
            "no header": None,
            "empty": "",
            "garbage": "bm90IGEgc2lnbmF0dXJl",
            "other token": in_process.signature(target, form, token="stolen-or-guessed"),
            "other endpoint": in_process.signature("voice_status", form)
            if target != "voice_status"
            else in_process.signature("voice_incoming", form),
            "tampered form": in_process.signature(target, {**form, "From": "+972529999999"}),
        }
        for name, signature in forged.items():
            reply = in_process.send(target, form, signature=signature)
            assert reply.status == 403, (name, reply.text)
            assert reply.json()["error"] == "BadSignature"
    assert firestore_snapshot(repos.client) == before


def test_forged_request_with_bad_fields_is_403_not_400(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    reply = in_process.send("voice_incoming", {"CallSid": "nope"}, signature="forged")
    assert reply.status == 403


@pytest.mark.parametrize(
    ("target", "change", "field"),
    [
        ("voice_incoming", {"CallSid": "CA-not-a-sid"}, "CallSid"),
        ("voice_incoming", {"To": None}, "To"),
        ("voice_incoming", {"From": None}, "From"),
        ("voice_incoming", {"AccountSid": None}, "AccountSid"),
        ("voice_status", {"CallStatus": "teleported"}, "CallStatus"),
        ("voice_status", {"CallStatus": None}, "CallStatus"),
        ("voice_status", {"CallDuration": "a minute"}, "CallDuration"),
        ("voice_status", {"Timestamp": "yesterday"}, "Timestamp"),
        ("recording_status", {"RecordingSid": None}, "RecordingSid"),
        ("recording_status", {"RecordingUrl": "not a url"}, "RecordingUrl"),
        ("recording_status", {"RecordingStatus": "lost"}, "RecordingStatus"),
        ("recording_status", {"RecordingDuration": "-9"}, "RecordingDuration"),
    ],
)
def test_missing_or_malformed_fields_are_400_naming_the_field(
    in_process: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    target: str,
    change: dict[str, str | None],
    field: str,
) -> None:
    sid = call_sid()
    assert in_process.send("voice_incoming", in_process.incoming(sid)).status == 200
    before = firestore_snapshot(repos.client)
    form = forms(in_process, sid)[target]
    for name, value in change.items():
        if value is None:
            form.pop(name)
        else:
            form[name] = value
    reply = in_process.send(target, form)
    assert reply.status == 400, reply.text
    assert reply.json()["field"] == field
    assert firestore_snapshot(repos.client) == before


def test_callbacks_for_a_call_we_never_answered_are_404(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    stranger = call_sid()
    status = in_process.send("voice_status", in_process.status(stranger, "completed"))
    recording = in_process.send("recording_status", in_process.recording(stranger, recording_sid()))
    assert status.status == recording.status == 404
    assert stranger not in status.text
    assert list(repos.client.collection("calls").stream()) == []
