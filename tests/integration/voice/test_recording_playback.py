"""The staff app plays a call's recording: the CRM API's call carries a signed, expiring link,
and ``call_recording`` streams the archived copy from the Storage emulator behind it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import functions_framework
import pytest
import recording_play

from agentlocator.api.schemas.calls import CallOut
from agentlocator.clock import FixedClock
from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Business, Call, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony.recording_links import RecordingLinks
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    functions_env,
    recordings_bucket,
    twilio_standin,
)
from tests.integration.voice.voice_harness import MAIN

pytestmark = pytest.mark.emulators

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
AUDIO = b"\xff\xf3mp3-frames" * 64


@pytest.fixture
def stored_call(
    functions_env: Settings,  # noqa: F811
    repos: Repositories,
    demo_business: Business,
    recordings_bucket: str,  # noqa: F811
) -> Call:
    name = f"{demo_business.id}/CA{'8' * 32}/RE{'8' * 32}.mp3"
    blob = make_storage_client(functions_env).bucket(recordings_bucket).blob(name)
    blob.upload_from_string(AUDIO, content_type="audio/mpeg")
    call = Call(
        call_sid="CA" + "8" * 32,
        business_id=demo_business.id,
        from_phone="+972501234567",
        to_phone="+97237630000",
        status="completed",
        status_rank=4,
        started_at=NOW,
        created_at=NOW,
        recording=Recording(
            sid="RE" + "8" * 32,
            url="https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + "8" * 32,
            status="completed",
            storage_uri=f"gs://{recordings_bucket}/{name}",
        ),
    )
    repos.calls.create_call_once(call)
    return call


def _get(link: str, monkeypatch: pytest.MonkeyPatch, now: datetime) -> tuple[int, bytes, str]:
    monkeypatch.setattr(recording_play, "clock", FixedClock(now))
    recording_play.links.cache_clear()
    client = functions_framework.create_app("call_recording", MAIN).test_client()
    parts = urlsplit(link)
    reply = client.get("/", query_string=parts.query)
    return reply.status_code, reply.get_data(), reply.content_type


def test_the_apps_link_plays_the_archived_recording_until_it_expires(
    stored_call: Call,
    functions_env: Settings,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    links = RecordingLinks.from_settings(functions_env)
    links = RecordingLinks(links.base_url, links.secret, clock=FixedClock(NOW))
    link = links.link(stored_call)
    assert link is not None and link.startswith(functions_env.public_base_url + "/call_recording?")
    out = CallOut.of(stored_call, link)
    assert out.recording is not None and out.recording.url == link and out.recording.available

    status, body, content_type = _get(link, monkeypatch, NOW + timedelta(minutes=5))
    assert (status, body, content_type) == (200, AUDIO, "audio/mpeg")

    expired = _get(link, monkeypatch, NOW + timedelta(hours=2))
    assert expired[0] == 403 and expired[2] == "application/json"
    query = parse_qs(urlsplit(link).query)
    forged = link.replace(query["c"][0], "CA" + "9" * 32)
    assert _get(forged, monkeypatch, NOW)[0] == 403


def test_a_purged_recording_has_no_link(stored_call: Call, functions_env: Settings) -> None:  # noqa: F811
    purged = stored_call.model_copy(
        update={"recording": stored_call.recording.model_copy(update={"purged_at": NOW})}  # type: ignore[union-attr]
    )
    assert RecordingLinks.from_settings(functions_env).link(purged) is None
    out = CallOut.of(purged, None)
    assert out.recording is not None and not out.recording.available
