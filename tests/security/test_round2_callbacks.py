"""Round 2 (PROBES_ROUND2.md 25-32): the payment providers' callbacks and the WhatsApp bridge in
both directions (its inbound webhook here, its own /send endpoint in Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agentlocator.billing.tranzila import NotifyRejected, PendingOrder, Transaction, confirm_notify
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.whatsapp import bridge_signing
from tests.security.conftest import SecurityStack
from tests.security.test_round2_signing import assert_json_error

pytestmark = [pytest.mark.emulators]

LEAD = "+972501234567"
HERE = Path(__file__).parent


# --- PayPal, Tranzila, the daily billing run -------------------------------------------------


def test_a_forged_paypal_webhook_is_refused_as_json(security_stack: SecurityStack) -> None:
    headers = {
        "PAYPAL-TRANSMISSION-ID": str(uuid.uuid4()),
        "PAYPAL-TRANSMISSION-TIME": "2026-11-30T10:00:00Z",
        "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/CERT-forged",
        "PAYPAL-AUTH-ALGO": "SHA256withRSA",
        "PAYPAL-TRANSMISSION-SIG": "AAAA",
        "Content-Type": "application/json",
    }
    body = {"id": "WH-forged", "event_type": "PAYMENT.SALE.COMPLETED", "resource": {}}
    response = httpx.post(
        security_stack.url("paypal_webhook"), json=body, headers=headers, timeout=30
    )
    assert response.status_code in (400, 403), response.text
    assert_json_error(response, response.status_code)


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // 65536):
        yield b"x" * 65536


@pytest.mark.parametrize("target", ["paypal_webhook", "tranzila_notify", "billing_daily"])
def test_an_oversize_callback_body_is_a_400_even_when_chunked(
    security_stack: SecurityStack, target: str
) -> None:
    """Without a Content-Length (chunked), the size check must still hold."""
    response = httpx.post(
        security_stack.url(target),
        content=_chunks(2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert assert_json_error(response, 400)["field"] == "body"


@pytest.mark.parametrize(
    "params",
    [
        {"order": "../x", "nonce": "n"},
        {"order": "a/b", "nonce": "n"},
        {"order": "__x__", "nonce": "n"},
        {"order": "²", "nonce": "n"},
        {"order": "ordér", "nonce": "é"},
        {"order": "", "nonce": ""},
    ],
)
def test_tranzila_notify_with_odd_order_ids_is_a_403(
    security_stack: SecurityStack, params: dict[str, str]
) -> None:
    response = httpx.post(
        security_stack.url("tranzila_notify"),
        params=params,
        data={"Response": "000", "index": "1", "sum": "1.00"},
        timeout=30,
    )
    assert_json_error(response, 403)


def test_a_non_ascii_tranzila_nonce_is_rejected_not_a_crash() -> None:
    """Pure: ``compare_digest`` on a str with ``é`` raises TypeError (a 500 once the order is
    real); the notify must be rejected like any wrong nonce."""
    order = PendingOrder("ord1", "a" * 32, "term", 100)
    queried = Transaction("7", "term", 100, "000", "C1", None, None, None)
    with pytest.raises(NotifyRejected):
        confirm_notify(order, "é" * 32, {"index": "7"}, queried)


def test_billing_daily_by_get_is_a_405(security_stack: SecurityStack) -> None:
    response = httpx.get(security_stack.url("billing_daily"), timeout=30)
    assert response.status_code == 405
    assert "html" not in response.headers.get("content-type", "")


# --- the bridge's inbound webhook ---------------------------------------------------------------


def _signed(stack: SecurityStack, body: bytes) -> dict[str, str]:
    headers = bridge_signing.sign(
        stack.settings.baileys_shared_secret, body, SYSTEM_CLOCK.now().timestamp()
    ).as_dict()
    return {**headers, "Content-Type": "application/json"}


def test_a_replayed_bridge_message_is_a_duplicate(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    payload = {"id": uuid.uuid4().hex.upper(), "from": LEAD, "to": DEMO_TWILIO_NUMBER, "text": "hi"}
    body = json.dumps(payload).encode()
    headers = _signed(security_stack, body)
    url = security_stack.url("baileys_inbound")
    first = httpx.post(url, content=body, headers=headers, timeout=60)
    assert first.status_code == 200, first.text
    again = httpx.post(url, content=body, headers=headers, timeout=60)
    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True


def test_an_oversize_bridge_body_is_a_400_before_any_hmac(security_stack: SecurityStack) -> None:
    body = b'{"text":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = httpx.post(
        security_stack.url("baileys_inbound"),
        content=body,
        headers=_signed(security_stack, body),
        timeout=60,
    )
    assert assert_json_error(response, 400)["field"] == "body"


# --- the bridge's own /send (Node) --------------------------------------------------------------


@pytest.fixture
def bridge() -> Iterator[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs node")
    process = subprocess.Popen(
        [node, str(HERE / "bridge_send_server.mjs"), "bridge-secret"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def _sent(bridge: str) -> int:
    return int(httpx.get(f"{bridge}/__sent", timeout=10).json()["sent"])


def test_a_replayed_send_to_the_bridge_sends_once(bridge: str) -> None:
    body = json.dumps({"to": LEAD, "text": "הפגישה נקבעה"}).encode()
    headers = bridge_signing.sign("bridge-secret", body, SYSTEM_CLOCK.now().timestamp()).as_dict()
    first = httpx.post(f"{bridge}/send", content=body, headers=headers, timeout=10)
    assert first.status_code == 200, first.text
    replay = httpx.post(f"{bridge}/send", content=body, headers=headers, timeout=10)
    assert replay.status_code in (401, 409), replay.text
    assert _sent(bridge) == 1


@pytest.mark.parametrize("signature", ["sha256=00", "sha256=" + "é" * 64, "", "x" * 10_000])
def test_odd_send_signatures_are_a_401(bridge: str, signature: str) -> None:
    body = json.dumps({"to": LEAD, "text": "x"}).encode()
    headers = {
        bridge_signing.TIMESTAMP_HEADER: str(int(SYSTEM_CLOCK.now().timestamp())),
        bridge_signing.SIGNATURE_HEADER: signature.encode("utf-8"),
    }
    response = httpx.post(f"{bridge}/send", content=body, headers=headers, timeout=10)
    assert response.status_code == 401, response.text
    assert _sent(bridge) == 0
