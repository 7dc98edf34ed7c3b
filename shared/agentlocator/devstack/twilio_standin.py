"""A local stand-in for the Twilio REST API, good enough for the real ``twilio.rest.Client``.

It speaks the 2010-04-01 wire format (form-encoded requests, JSON resources, Twilio's error
body, HTTP basic auth with the account SID and auth token) for the resources the product uses:

- recordings: fetch, list, delete, and the audio itself (``/Recordings/RE….mp3|.wav``);
- calls: create, fetch, update, list, and start a recording on a call;
- messages (SMS and WhatsApp): create, fetch, list.

Besides Twilio's own API, one local-only route lets a simulated call (another process) leave its
audio as the call's finished recording: ``POST /_standin/Accounts/AC…/Calls/CA…/Recording``
(form ``Audio``: base64 8 kHz μ-law), served back as ``.mp3`` and ``.wav`` like Twilio does.

State lives in memory; every request is recorded (``requests``) so tests can assert what the
product sent. Start it on a free port in a background thread::

    with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as twilio:
        twilio.add_recording("RE…", call_sid="CA…", audio=b"…")
        client = make_twilio_client(sid, token, api_base=twilio.base_url)
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.devstack.recording_media import recording_media
from agentlocator.devstack.twilio_resources import (
    API_VERSION,
    Form,
    Resource,
    ResourceBuilder,
    TwilioApiError,
    new_sid,
    one,
    twilio_date,
)

__all__ = ["RecordedRequest", "TwilioApiError", "TwilioStandin", "new_sid", "twilio_date"]

_ACCOUNT = rf"^/{API_VERSION}/Accounts/(?P<account>AC[0-9a-f]{{32}})"
_LOCAL = r"^/_standin/Accounts/(?P<account>AC[0-9a-f]{32})"
_AUDIO_TYPES = {"mp3": "audio/mpeg", "wav": "audio/x-wav"}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: Form
    form: Form
    authorized: bool
    status: int

    def value(self, name: str) -> str | None:
        values = self.form.get(name) or self.query.get(name)
        return values[0] if values else None


@dataclass
class _State:
    recordings: dict[str, Resource] = field(default_factory=dict)
    media: dict[str, dict[str, bytes]] = field(default_factory=dict)  # sid → ext → bytes
    calls: dict[str, Resource] = field(default_factory=dict)
    messages: dict[str, Resource] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)


class TwilioStandin:
    def __init__(self, account_sid: str, auth_token: str, host: str = "127.0.0.1") -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._host = host
        self._lock = threading.Lock()
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._resources = ResourceBuilder(account_sid, "http://not-started")
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> TwilioStandin:
        handler = type("_Handler", (_Handler,), {"standin": self})
        self._server = ThreadingHTTPServer((self._host, 0), handler)
        self._server.daemon_threads = True
        self._resources = ResourceBuilder(self.account_sid, self.base_url)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="twilio-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> TwilioStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the Twilio stand-in is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- what tests set up and look at -----------------------------------------------------

    def add_recording(
        self,
        sid: str,
        call_sid: str,
        audio: bytes,
        duration_seconds: int = 1,
        channels: int = 2,
        source: str = "StartCallRecordingTwiML",
    ) -> Resource:
        """A finished recording Twilio would hold for ``call_sid``, with its audio."""
        resource = self._resources.recording(sid, call_sid, "completed", duration_seconds)
        resource.update(channels=channels, source=source)
        with self._lock:
            self._state.recordings[sid] = resource
            self._state.media[sid] = {ext: audio for ext in _AUDIO_TYPES}
        return dict(resource)

    def add_call_recording(self, call_sid: str, mulaw: bytes) -> Resource:
        """The finished recording of a call whose audio was ``mulaw`` (8 kHz), as real media."""
        sid = new_sid("RE")
        duration = max(1, round(len(mulaw) / 8000))
        resource = self._resources.recording(sid, call_sid, "completed", duration)
        resource.update(channels=1, source="StartCallRecordingTwiML")
        media = recording_media(mulaw)
        with self._lock:
            self._state.recordings[sid] = resource
            self._state.media[sid] = media
        return dict(resource)

    def add_inbound_call(self, call_sid: str, from_: str, to: str) -> Resource:
        """A call Twilio received (the voice webhook's), live, so the product can update it."""
        resource = self._resources.call({"To": [to], "From": [from_]})
        resource.update(sid=call_sid, status="in-progress", direction="inbound")
        with self._lock:
            self._state.calls[call_sid] = resource
        return resource

    def end_call(self, call_sid: str, status: str = "completed") -> None:
        with self._lock:
            self._state.calls[call_sid]["status"] = status

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    def requests_to(self, method: str, path_suffix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path.endswith(path_suffix)]

    @property
    def recordings(self) -> dict[str, Resource]:
        with self._lock:
            return {sid: dict(r) for sid, r in self._state.recordings.items()}

    @property
    def calls(self) -> dict[str, Resource]:
        with self._lock:
            return {sid: dict(c) for sid, c in self._state.calls.items()}

    @property
    def messages(self) -> dict[str, Resource]:
        with self._lock:
            return {sid: dict(m) for sid, m in self._state.messages.items()}

    # --- resources ------------------------------------------------------------------------

    # --- routes: (standin, method, path params, query, form) → (status, body) ----------

    def route_recording(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        sid, ext = p["sid"], p["ext"]
        with self._lock:
            resource = self._state.recordings.get(sid)
            if resource is None:
                raise TwilioApiError(404, 20404, f"The requested resource {sid} was not found")
            if method == "DELETE" and ext == "json":
                del self._state.recordings[sid]
                self._state.media.pop(sid, None)
                return 204, None
            if method == "GET" and ext == "json":
                return 200, dict(resource)
            media = self._state.media.get(sid, {})
            if method == "GET" and ext in media:
                return 200, (_AUDIO_TYPES[ext], media[ext])
        raise TwilioApiError(405, 20004, "Method not allowed")

    def route_recordings(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        call_sid = p.get("call") or one(q, "CallSid")
        if method == "POST" and p.get("call"):
            with self._lock:
                if p["call"] not in self._state.calls:
                    raise TwilioApiError(404, 20404, f"Call {p['call']} was not found")
                resource = self._resources.recording(new_sid("RE"), p["call"], "in-progress", -1)
                resource["status_callback"] = one(f, "RecordingStatusCallback")
                self._state.recordings[resource["sid"]] = resource
            return 201, dict(resource)
        with self._lock:
            items = [
                dict(r)
                for r in self._state.recordings.values()
                if call_sid is None or r["call_sid"] == call_sid
            ]
        return 200, self._resources.page(
            "recordings", items, self._resources.uri("Recordings.json")
        )

    def route_local_recording(
        self, method: str, p: dict[str, str], q: Form, f: Form
    ) -> tuple[int, Any]:
        if method != "POST":
            raise TwilioApiError(405, 20004, "Method not allowed")
        try:
            audio = base64.b64decode(one(f, "Audio") or "", validate=True)
        except ValueError as exc:
            raise TwilioApiError(400, 21620, "Audio must be base64 μ-law") from exc
        if not audio:
            raise TwilioApiError(400, 21620, "Audio is required")
        return 201, self.add_call_recording(p["call"], audio)

    def route_calls(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        if method == "POST":
            for name in ("To", "From"):
                if not one(f, name):
                    raise TwilioApiError(400, 21201, f"No '{name}' number is specified")
            if not (one(f, "Url") or one(f, "Twiml") or one(f, "ApplicationSid")):
                raise TwilioApiError(400, 21205, "Url, Twiml or ApplicationSid is required")
            resource = self._resources.call(f)
            with self._lock:
                self._state.calls[resource["sid"]] = resource
            return 201, dict(resource)
        with self._lock:
            items = [dict(c) for c in self._state.calls.values()]
        return 200, self._resources.page("calls", items, self._resources.uri("Calls.json"))

    def route_call(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        with self._lock:
            resource = self._state.calls.get(p["sid"])
            if resource is None:
                raise TwilioApiError(404, 20404, f"Call {p['sid']} was not found")
            if method == "POST":
                if resource["status"] in ("completed", "canceled", "failed", "busy", "no-answer"):
                    raise TwilioApiError(400, 21220, "Call is not in-progress. Cannot redirect.")
                if one(f, "Status"):
                    resource["status"] = one(f, "Status")
                for name in ("Twiml", "Url"):  # a redirect: the live call continues with it
                    if one(f, name):
                        resource["_" + name.lower()] = one(f, name)
                resource["date_updated"] = twilio_date(SYSTEM_CLOCK.now())
            elif method == "DELETE":
                del self._state.calls[p["sid"]]
                return 204, None
            return 200, dict(resource)

    def route_messages(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        if method == "POST":
            if not one(f, "To"):
                raise TwilioApiError(400, 21604, "A 'To' phone number is required.")
            if not (one(f, "From") or one(f, "MessagingServiceSid")):
                raise TwilioApiError(400, 21603, "A 'From' phone number is required.")
            if not (one(f, "Body") or f.get("MediaUrl") or one(f, "ContentSid")):
                raise TwilioApiError(400, 21602, "Message body is required.")
            resource = self._resources.message(f)
            with self._lock:
                self._state.messages[resource["sid"]] = resource
            return 201, dict(resource)
        with self._lock:
            items = [dict(m) for m in self._state.messages.values()]
        return 200, self._resources.page("messages", items, self._resources.uri("Messages.json"))

    def route_message(self, method: str, p: dict[str, str], q: Form, f: Form) -> tuple[int, Any]:
        with self._lock:
            resource = self._state.messages.get(p["sid"])
            if resource is None:
                raise TwilioApiError(404, 20404, f"Message {p['sid']} was not found")
            if method == "DELETE":
                del self._state.messages[p["sid"]]
                return 204, None
            return 200, dict(resource)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._state.requests.append(request)


_ROUTES: list[tuple[re.Pattern[str], Callable[..., tuple[int, Any]]]] = [
    (re.compile(_ACCOUNT + r"/Recordings/(?P<sid>RE\w+)\.(?P<ext>json|mp3|wav)$"),
     TwilioStandin.route_recording),
    (re.compile(_ACCOUNT + r"/Recordings\.json$"), TwilioStandin.route_recordings),
    (re.compile(_ACCOUNT + r"/Calls/(?P<call>CA\w+)/Recordings\.json$"),
     TwilioStandin.route_recordings),
    (re.compile(_ACCOUNT + r"/Calls\.json$"), TwilioStandin.route_calls),
    (re.compile(_ACCOUNT + r"/Calls/(?P<sid>CA\w+)\.json$"), TwilioStandin.route_call),
    (re.compile(_ACCOUNT + r"/Messages\.json$"), TwilioStandin.route_messages),
    (re.compile(_ACCOUNT + r"/Messages/(?P<sid>(SM|MM)\w+)\.json$"), TwilioStandin.route_message),
    (re.compile(_LOCAL + r"/Calls/(?P<call>CA\w+)/Recording$"),
     TwilioStandin.route_local_recording),
]  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    standin: TwilioStandin
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return  # quiet: tests read ``requests`` instead

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        form = parse_qs(body, keep_blank_values=True)
        authorized = self._authorized()
        try:
            if not authorized:
                raise TwilioApiError(401, 20003, "Authenticate")
            status, payload = self._dispatch(method, parts.path, query, form)
        except TwilioApiError as exc:
            status, payload = exc.status, exc.body()
        self.standin.record(RecordedRequest(method, parts.path, query, form, authorized, status))
        self._respond(status, payload)

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.standin.account_sid and password == self.standin.auth_token

    def _dispatch(self, method: str, path: str, query: Form, form: Form) -> tuple[int, Any]:
        for pattern, route in _ROUTES:
            match = pattern.match(path)
            if match is None:
                continue
            if match["account"] != self.standin.account_sid:
                raise TwilioApiError(404, 20404, "The requested resource was not found")
            params = {k: v for k, v in match.groupdict().items() if v is not None}
            return route(self.standin, method, params, query, form)
        raise TwilioApiError(404, 20404, f"The requested resource {path} was not found")

    def _respond(self, status: int, payload: Any) -> None:
        if payload is None:
            content_type, data = "application/json", b""
        elif isinstance(payload, tuple):
            content_type, data = payload
        else:
            content_type, data = "application/json", json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
