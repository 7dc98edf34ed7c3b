"""Round 2 (PROBES_ROUND2.md 33-35): Twilio's webhooks with a query string the signature did not
cover, a replayed ``completed`` callback, and the media WebSocket flooded or fed oversize frames."""

from __future__ import annotations

import base64
import contextlib
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.simulator.webhook import incoming_call_form
from agentlocator.telephony.media_codec import (
    encode_connected_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)
from tests.security.conftest import SecurityStack
from tests.security.test_media_service import SUBPROTOCOL, close_code, stats

pytestmark = [pytest.mark.emulators]

CALLER = "+972501234567"


@pytest.mark.parametrize("extra", ["?business_id=other-office", "?To=%2B97239990000", "?x=1"])
def test_a_signature_does_not_cover_a_query_string_added_later(
    security_stack: SecurityStack, demo_business: Business, extra: str
) -> None:
    account = security_stack.settings.twilio_account_sid
    form = incoming_call_form("CA" + uuid.uuid4().hex, CALLER, DEMO_TWILIO_NUMBER, account)
    url = security_stack.url("voice_incoming")
    signature = security_stack.twilio_signature(url, form)
    response = httpx.post(
        url + extra, data=form, headers={"X-Twilio-Signature": signature}, timeout=30
    )
    assert response.status_code == 403, response.text
    assert response.json()["message_he"]


def test_a_replayed_completed_callback_changes_nothing(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    call_sid, _ = security_stack.start_call(CALLER, DEMO_TWILIO_NUMBER)
    account = security_stack.settings.twilio_account_sid
    base = {"CallSid": call_sid, "AccountSid": account, "From": CALLER, "To": DEMO_TWILIO_NUMBER}
    done = {**base, "CallStatus": "completed", "CallDuration": "42"}
    first = security_stack.post_signed("voice_status", done)
    assert first.status_code < 300, first.text
    stored = repos.calls.get_for_business(demo_business.id, call_sid)
    for replay in (done, {**base, "CallStatus": "in-progress"}, {**done, "CallDuration": "9999"}):
        again = security_stack.post_signed("voice_status", replay)
        assert again.status_code < 300, again.text
    after = repos.calls.get_for_business(demo_business.id, call_sid)
    assert (after.status, after.duration_seconds) == (stored.status, stored.duration_seconds)


@contextlib.contextmanager
def started_call(stack: SecurityStack) -> Iterator[tuple[ClientConnection, str, str, str]]:
    """A media socket past a valid ``start``: (socket, stream sid, call sid, account sid)."""
    call_sid, stream = stack.start_call(CALLER, DEMO_TWILIO_NUMBER)
    stream_sid = "MZ" + uuid.uuid4().hex
    account = stack.settings.twilio_account_sid
    with connect(stack.media_url, subprotocols=[SUBPROTOCOL], max_size=None) as socket:  # type: ignore[list-item]
        socket.send(encode_connected_inbound())
        socket.send(encode_start_inbound(stream_sid, call_sid, account, stream.parameters))
        yield socket, stream_sid, call_sid, account


@pytest.mark.parametrize(
    "first",
    ["x" * 2_000_000, b"\x00" * 1000, json.dumps({"event": "start", "start": "x" * 500_000})],
    ids=["2MB-text", "binary", "huge-start"],
)
def test_junk_before_start_is_refused_with_a_policy_close(
    security_stack: SecurityStack, first: str | bytes
) -> None:
    with connect(security_stack.media_url, subprotocols=[SUBPROTOCOL], max_size=None) as socket:  # type: ignore[list-item]
        socket.send(first)
        assert close_code(socket) in (1008, 1009)
    assert httpx.get(f"{security_stack.media_http_url}/healthz").status_code == 200


def test_a_flood_of_junk_mid_call_is_counted_and_the_call_ends_normally(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    before = stats(security_stack)
    with started_call(security_stack) as (socket, stream_sid, call_sid, account):
        for _ in range(2000):
            socket.send("not json")
        socket.send(encode_stop_inbound(stream_sid, call_sid, account))
        assert close_code(socket) == 1000
    after = stats(security_stack)
    assert sum(after.values()) > sum(before.values())


def test_an_oversize_media_frame_mid_call_is_malformed_not_fatal(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    """Twilio sends 20 ms (160 bytes) per frame; a 4 MB payload is nobody's audio."""
    payload = base64.b64encode(b"\xff" * 4_000_000).decode()
    media = {
        "event": "media",
        "streamSid": "",
        "sequenceNumber": "3",
        "media": {"track": "inbound", "chunk": "1", "timestamp": "20", "payload": payload},
    }
    with started_call(security_stack) as (socket, stream_sid, call_sid, account):
        media["streamSid"] = stream_sid
        socket.send(json.dumps(media))
        socket.send(encode_stop_inbound(stream_sid, call_sid, account))
        assert close_code(socket) == 1000
