"""The voice functions served over real HTTP (functions-framework apps mounted like
local_server.py), hit the way Twilio does: concurrent duplicate deliveries included."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.voice.voice_harness import (
    CALLER,
    Reply,
    TwilioWebhooks,
    call_sid,
    firestore_snapshot,
    recording_sid,
)

pytestmark = pytest.mark.emulators

DUPLICATES = 50


def test_fifty_concurrent_duplicate_deliveries_make_one_call_and_identical_twiml(
    served: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    form = served.incoming(sid)

    with ThreadPoolExecutor(max_workers=DUPLICATES) as pool:
        replies: list[Reply] = list(
            pool.map(lambda _: served.send("voice_incoming", form), range(DUPLICATES))
        )

    assert [r.status for r in replies] == [200] * DUPLICATES
    assert len({r.text for r in replies}) == 1
    assert ET.fromstring(replies[0].text.encode()).find("Connect/Stream") is not None
    assert [d.id for d in repos.client.collection("calls").stream()] == [sid]
    assert [lead.id for lead in repos.leads.query(demo_business.id).stream()] == [CALLER]
    assert repos.leads.get(demo_business.id, CALLER).sources == ["voice"]


def test_forged_signatures_over_http_are_403_and_write_nothing(
    served: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    before = firestore_snapshot(repos.client)
    sid = call_sid()
    forged = served.signature("voice_incoming", served.incoming(sid), token="not-the-token")
    replies = [
        served.send("voice_incoming", served.incoming(sid), signature=forged),
        served.send("voice_status", served.status(sid, "completed"), signature=forged),
        served.send("recording_status", served.recording(sid, recording_sid()), signature=None),
    ]
    assert [r.status for r in replies] == [403, 403, 403]
    assert firestore_snapshot(repos.client) == before


def test_a_whole_call_over_http(
    served: TwilioWebhooks,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,
) -> None:
    sid, rec = call_sid(), recording_sid()
    assert served.send("voice_incoming", served.incoming(sid)).status == 200
    assert served.send("voice_status", served.status(sid, "in-progress")).status == 200
    assert (
        served.send("voice_status", served.status(sid, "completed", CallDuration="61")).status
        == 200
    )
    twilio_standin.add_recording(rec, call_sid=sid, audio=b"mp3", duration_seconds=61)
    stored = served.send("recording_status", served.recording(sid, rec, duration="61"))
    assert stored.status == 200, stored.text
    call = repos.calls.get(sid)
    assert (call.status, call.duration_seconds) == ("completed", 61)
    assert call.recording is not None and call.recording.storage_uri == stored.json()["stored_at"]


def test_signature_checked_against_the_forwarded_public_url(
    served: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    # Twilio called https://tunnel.example.net/voice_incoming; a proxy forwarded it to us.
    sid = call_sid()
    form = served.incoming(sid)
    proxied = TwilioWebhooks(
        served.settings.model_copy(update={"public_base_url": "https://tunnel.example.net"}),
        served.post,
    )
    reply = served.send(
        "voice_incoming",
        form,
        signature=proxied.signature("voice_incoming", form),
        **{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tunnel.example.net"},
    )
    assert reply.status == 200, reply.text
    assert repos.calls.get(sid).call_sid == sid
