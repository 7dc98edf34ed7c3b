"""Issue 13, items 7 (WebSocket side) and 8: the media service against crafted frames and
hosts, over real WebSockets and HTTP to the uvicorn process."""

from __future__ import annotations

import uuid

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from agentlocator.crm.models import Business
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.telephony.media_codec import (
    encode_connected_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)
from tests.security.conftest import STATS_TOKEN, SecurityStack

pytestmark = [pytest.mark.emulators]

SUBPROTOCOL = "audio.twilio.com"


def close_code(socket: ClientConnection, timeout_s: float = 30.0) -> int | None:
    """Read until the service closes; the code it closed with (None: no close frame)."""
    try:
        while True:
            socket.recv(timeout=timeout_s)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else None


def stats(stack: SecurityStack) -> dict[str, int]:
    response = httpx.get(
        f"{stack.media_http_url}/stats", headers={"Authorization": f"Bearer {STATS_TOKEN}"}
    )
    response.raise_for_status()
    counters: dict[str, int] = response.json()["counters"]
    return counters


def test_a_stream_token_with_a_superscript_expiry_is_refused_with_1008(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    call_sid, stream_sid = "CA" + uuid.uuid4().hex, "MZ" + uuid.uuid4().hex
    parameters = {"token": "v1.².x", "business_id": demo_business.id, "caller": "+972501234567"}
    with connect(security_stack.media_url, subprotocols=[SUBPROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(encode_connected_inbound())
        socket.send(
            encode_start_inbound(
                stream_sid, call_sid, security_stack.settings.twilio_account_sid, parameters
            )
        )
        assert close_code(socket) == 1008


def test_a_binary_frame_mid_call_is_counted_and_the_call_goes_on(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    caller = "+972501234567"
    call_sid, stream = security_stack.start_call(caller, DEMO_TWILIO_NUMBER)
    stream_sid = "MZ" + uuid.uuid4().hex
    account = security_stack.settings.twilio_account_sid
    before = stats(security_stack).get("malformed_binary", 0)
    with connect(security_stack.media_url, subprotocols=[SUBPROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(encode_connected_inbound())
        socket.send(encode_start_inbound(stream_sid, call_sid, account, stream.parameters))
        socket.send(b"\x00\x01binary")
        socket.send(encode_stop_inbound(stream_sid, call_sid, account))
        assert close_code(socket) == 1000  # a normal end, not 1011
    assert stats(security_stack).get("malformed_binary", 0) == before + 1


@pytest.mark.parametrize("path", ["/healthz/", "/stats/", "/media/"])
def test_no_redirect_follows_the_host_header(security_stack: SecurityStack, path: str) -> None:
    response = httpx.get(f"{security_stack.media_http_url}{path}", headers={"Host": "evil.example"})
    assert response.status_code == 404
    assert "location" not in response.headers


def test_stats_needs_the_stats_token(security_stack: SecurityStack) -> None:
    url = f"{security_stack.media_http_url}/stats"
    assert httpx.get(url).status_code == 404
    assert httpx.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert httpx.get(url, headers={"Authorization": "Bearer ²".encode()}).status_code == 404
    allowed = httpx.get(url, headers={"Authorization": f"Bearer {STATS_TOKEN}"})
    assert allowed.status_code == 200 and "counters" in allowed.json()
