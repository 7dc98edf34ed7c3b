"""Test peers for the retention purge: a fault-injecting proxy in front of the Twilio REST
stand-in, a WSGI wrapper that records every push delivery, and bulk seeding of calls,
recordings and stored copies."""

from __future__ import annotations

import http.client
import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from agentlocator.crm.models import Call, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin


class TwilioFaults:
    """Forwards every request to the Twilio stand-in, except that a DELETE of a recording
    chosen with ``fail_next_delete`` is answered once with Twilio's 500 error body."""

    def __init__(self, upstream: str) -> None:
        self._upstream = urlsplit(upstream)
        self._lock = threading.Lock()
        self._failing: set[str] = set()
        self.injected: list[str] = []
        handler = type("_Handler", (_ProxyHandler,), {"faults": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> TwilioFaults:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail_next_delete(self, recording_sid: str) -> None:
        with self._lock:
            self._failing.add(recording_sid)

    def take_fault(self, method: str, path: str) -> bool:
        if method != "DELETE" or "/Recordings/" not in path:
            return False
        sid = path.rsplit("/", 1)[-1].removesuffix(".json")
        with self._lock:
            if sid not in self._failing:
                return False
            self._failing.discard(sid)
            self.injected.append(sid)
            return True

    def forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self._upstream.netloc, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


class _ProxyHandler(BaseHTTPRequestHandler):
    faults: TwilioFaults
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.faults.take_fault(method, self.path):
            payload = json.dumps(
                {
                    "code": 20500,
                    "message": "Internal Server Error",
                    "more_info": "https://www.twilio.com/docs/errors/20500",
                    "status": 500,
                }
            ).encode()
            status, headers = 500, [("Content-Type", "application/json")]
        else:
            forwarded = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            status, headers, payload = self.faults.forward(method, self.path, forwarded, body)
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@dataclass(frozen=True)
class Delivery:
    path: str
    status: str
    body: bytes
    headers: dict[str, str]


class DeliveryLog:
    """WSGI middleware: remembers each request the function app answered (Pub/Sub pushes)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()
        self.deliveries: list[Delivery] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        seen: dict[str, str] = {}

        def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            seen["status"] = status
            return start_response(status, headers, *rest)

        result = list(self._app(environ, capture))
        request_headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        with self._lock:
            self.deliveries.append(
                Delivery(environ.get("PATH_INFO", ""), seen["status"], body, request_headers)
            )
        return result

    def wait_for(self, count: int, timeout: float = 240.0) -> list[Delivery]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.deliveries) >= count:
                    return list(self.deliveries)
            time.sleep(0.05)
        raise TimeoutError(f"{count} deliveries expected, {len(self.deliveries)} arrived")


@dataclass(frozen=True)
class SeededRecording:
    call_sid: str
    business_id: str
    recording_sid: str
    storage_uri: str | None
    old: bool


def plan_recordings(
    count: int, businesses: list[str], now: datetime, stored_every: int, bucket: str
) -> list[SeededRecording]:
    """``count`` recordings spread over ``businesses``; even ones older than 48 h (49–94 h),
    odd ones younger (1–46 h); every ``stored_every``-th also has a Cloud Storage copy."""
    plan = []
    for i in range(count):
        business = businesses[i % len(businesses)]
        call_sid = f"CA{i:032x}"
        stored = i % stored_every == 0
        uri = f"gs://{bucket}/recordings/{business}/{call_sid}.mp3" if stored else None
        plan.append(SeededRecording(call_sid, business, f"RE{i:032x}", uri, old=i % 2 == 0))
    return plan


def recording_time(index: int, old: bool, now: datetime) -> datetime:
    # Spread over 45 h (7919 s is prime, so consecutive indexes land far apart).
    spread = timedelta(seconds=(index * 7919) % (45 * 3600))
    return now - (timedelta(hours=49) if old else timedelta(hours=1)) - spread


def seed(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    plan: list[SeededRecording],
    now: datetime,
    upload: Callable[[Callable[[SeededRecording], None], list[SeededRecording]], None],
) -> None:
    """Write the calls (Firestore batches of 500), the Twilio recordings and the stored copies."""
    for start in range(0, len(plan), 500):
        batch = repos.client.batch()
        for index, item in enumerate(plan[start : start + 500], start):
            at = recording_time(index, item.old, now)
            call = Call(
                call_sid=item.call_sid,
                business_id=item.business_id,
                from_phone="+972501234567",
                to_phone="+97237630000",
                status="completed",
                status_rank=4,
                started_at=at,
                created_at=at,
                recording=Recording(
                    sid=item.recording_sid,
                    status="completed",
                    storage_uri=item.storage_uri,
                    started_at=at,
                    url=f"{twilio.base_url}/Recordings/{item.recording_sid}",
                ),
            )
            batch.set(repos.client.collection("calls").document(item.call_sid), call.to_firestore())
        batch.commit()
    for item in plan:
        twilio.add_recording(item.recording_sid, call_sid=item.call_sid, audio=b"\xff" * 16)
    stored = [item for item in plan if item.storage_uri]

    def put(item: SeededRecording) -> None:
        assert item.storage_uri is not None
        name = item.storage_uri.split("/", 3)[3]
        bucket.blob(name).upload_from_string(b"\xff" * 16, content_type="audio/mpeg")

    upload(put, stored)


def purged_call_sids(repos: Repositories) -> set[str]:
    calls = repos.client.collection("calls").select(["recording"]).stream()
    return {s.id for s in calls if ((s.to_dict() or {}).get("recording") or {}).get("purged_at")}
