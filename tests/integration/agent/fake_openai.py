"""A local HTTP server that speaks the OpenAI chat-completions protocol (streamed SSE chunks,
tool calls), so the real ``openai`` client can be tested against scripted model behaviour."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the scripted model does for one request."""

    text: str = ""
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    delay_seconds: float = 0.0
    status: int = 200


Script = Callable[[dict[str, Any]], Reply]


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-local",
        "object": "chat.completion.chunk",
        "created": 1_764_000_000,  # any fixed time: the SDK only parses it
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to send

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length))
        self.server.requests.append(request)
        reply = self.server.script(request)
        if reply.delay_seconds:
            time.sleep(reply.delay_seconds)
        if reply.status != 200:
            payload = json.dumps({"error": {"message": "scripted failure", "type": "server_error"}})
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload.encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(_chunk({"role": "assistant", "content": ""}))
        # Stream text in small pieces, as the real API does.
        for i in range(0, len(reply.text), 7):
            self.wfile.write(_chunk({"content": reply.text[i : i + 7]}))
            self.wfile.flush()
        for index, (name, args) in enumerate(reply.tool_calls):
            arguments = json.dumps(args, ensure_ascii=False)
            self.wfile.write(_chunk({"tool_calls": [{
                "index": index, "id": f"call_{index}", "type": "function",
                "function": {"name": name, "arguments": ""},
            }]}))  # fmt: skip
            half = len(arguments) // 2
            for part in (arguments[:half], arguments[half:]):
                self.wfile.write(_chunk({"tool_calls": [{
                    "index": index, "function": {"arguments": part},
                }]}))  # fmt: skip
        self.wfile.write(_chunk({}, "tool_calls" if reply.tool_calls else "stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.requests: list[dict[str, Any]] = []


@contextmanager
def fake_openai(script: Script) -> Iterator[_Server]:
    server = _Server(script)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: _Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/v1"
