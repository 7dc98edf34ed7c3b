"""The WhatsApp path on this machine: our handlers served on a local port, the Cloud Tasks
emulator calling the send task, and the Twilio REST stand-in receiving Leah's replies."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import flask
import notices as notice_functions
import requests
import whatsapp as whatsapp_functions
from runtime import json_errors
from twilio.request_validator import RequestValidator

from agentlocator.agent.port import LeahBrain
from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from agentlocator.notices.delivery import NoticeDelivery
from agentlocator.notices.wiring import notice_delivery
from agentlocator.whatsapp import bridge_signing
from agentlocator.whatsapp.wiring import WhatsAppComponents, build_components

BRIDGE_SECRET = "test-bridge-secret"


@dataclass
class FunctionsServer:
    """A Flask app routing /<target>/ to the WhatsApp handlers, like functions/local_server.py."""

    components: WhatsAppComponents | None = None
    notices: NoticeDelivery | None = None
    task_statuses: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> flask.Flask:
        app = flask.Flask("whatsapp-functions")

        def parts() -> WhatsAppComponents:
            assert self.components is not None
            return self.components

        @app.post("/whatsapp_inbound/")
        def inbound() -> Any:
            return json_errors(whatsapp_functions.twilio_inbound)(flask.request, parts())

        @app.post("/baileys_inbound/")
        def bridge() -> Any:
            return json_errors(whatsapp_functions.bridge_inbound)(flask.request, parts())

        @app.post("/notice_task/")
        def notice() -> Any:  # the agent's notices Leah queues (a booking, a callback…)
            assert self.notices is not None
            deliveries = self.notices
            return json_errors(notice_functions.deliver_task)(
                flask.request, parts().settings, lambda: deliveries, None
            )

        @app.post("/whatsapp_send_task/")
        def send_task() -> Any:
            response = json_errors(whatsapp_functions.send_task)(flask.request, parts())
            with self._lock:
                self.task_statuses.append(response.status_code)
            return response

        return app


class BridgeStandin:
    """Speaks the bridge's ``POST /send`` protocol (HMAC-checked) and records what it got."""

    def __init__(self, secret: str, clock: Clock) -> None:
        self.secret = secret
        self.clock = clock  # the bridge checks freshness by the same clock our side signs with
        self.sent: list[dict[str, Any]] = []
        self.failures_left = 0  # answer this many sends with 503 (WhatsApp disconnected)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    bridge_signing.verify(
                        outer.secret,
                        body,
                        self.headers.get(bridge_signing.TIMESTAMP_HEADER),
                        self.headers.get(bridge_signing.SIGNATURE_HEADER),
                        outer.clock.now().timestamp(),
                    )
                except Exception:
                    self.send_response(401)
                    self.end_headers()
                    return
                if outer.failures_left > 0:
                    outer.failures_left -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                message = json.loads(body)
                outer.sent.append(message)
                reply = json.dumps({"id": f"3EB0{len(outer.sent):016X}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class WhatsAppHarness:
    settings: Settings
    components: WhatsAppComponents
    twilio: TwilioStandin
    bridge: BridgeStandin
    server: FunctionsServer
    base_url: str

    def url(self, target: str) -> str:
        return f"{self.base_url}/{target}/"

    def twilio_signature(self, url: str, form: Mapping[str, str]) -> str:
        return str(RequestValidator(self.settings.twilio_auth_token).compute_signature(url, form))

    def post_twilio(
        self, form: Mapping[str, str], *, signature: str | None = "sign"
    ) -> requests.Response:
        url = self.url("whatsapp_inbound")
        headers = {}
        if signature == "sign":
            headers["X-Twilio-Signature"] = self.twilio_signature(url, form)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return requests.post(url, data=dict(form), headers=headers, timeout=30)

    def post_bridge(
        self, payload: Mapping[str, Any], secret: str = BRIDGE_SECRET
    ) -> requests.Response:
        body = json.dumps(dict(payload), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            **bridge_signing.sign(secret, body, self.components.clock.now().timestamp()).as_dict(),
        }
        return requests.post(self.url("baileys_inbound"), data=body, headers=headers, timeout=30)

    def twilio_replies(self) -> list[dict[str, Any]]:
        return [
            {k: r.value(k) for k in ("From", "To", "Body", "ContentSid", "ContentVariables")}
            for r in self.twilio.requests_to("POST", "/Messages.json")
        ]

    def wait_until(self, done: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def wait_for_task_successes(self, count: int) -> None:
        self.wait_until(
            lambda: self.server.task_statuses.count(200) >= count, f"{count} send tasks to succeed"
        )


@contextmanager
def whatsapp_harness(
    settings: Settings,
    repos: Repositories,
    brain: LeahBrain | None,
    clock: Clock = SYSTEM_CLOCK,
    extra: Mapping[str, Any] | None = None,
) -> Iterator[WhatsAppHarness]:
    """Everything running for one test; a fresh queue so no other test's tasks reach us."""
    server = FunctionsServer()
    with serve_wsgi(server.app()) as base_url:
        twilio = TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token).start()
        bridge = BridgeStandin(BRIDGE_SECRET, clock)
        try:
            test_settings = settings.model_copy(
                update={
                    "public_base_url": base_url,
                    "twilio_api_base": twilio.base_url,
                    "whatsapp_queue": f"wa-test-{uuid.uuid4().hex[:10]}",
                    "notices_queue": f"notices-test-{uuid.uuid4().hex[:10]}",
                    "baileys_shared_secret": BRIDGE_SECRET,
                    "baileys_bridge_url": bridge.base_url,
                    **(extra or {}),
                }
            )
            components = build_components(test_settings, repos, brain=brain, clock=clock)
            server.components = components
            server.notices = notice_delivery(repos, test_settings, clock)
            yield WhatsAppHarness(test_settings, components, twilio, bridge, server, base_url)
        finally:
            twilio.stop()
            bridge.stop()
