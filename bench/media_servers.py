"""The two servers bench_media.py runs in child processes: the media service with zero-latency
providers, and a bare WebSocket handler (the transport's own cost, and a round-trip echo)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.simulator.fixtures import load_utterances

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"
BENCH_SCRIPT = Path(__file__).with_name("bench_media.py")


def build_app(mode: str) -> Any:
    if mode == "bare":
        return bare_app()
    from agentlocator.simulator.scripted_brain import ScriptedBrain
    from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech
    from media_stream_service.app import create_app
    from media_stream_service.greeting import GreetingCache
    from media_stream_service.recorder import NullCallRecorder
    from media_stream_service.services import CallServices

    stt = LookupSpeechToText()
    for u in load_utterances().values():
        stt.table.register(u.mulaw, u.text)

    @asynccontextmanager
    async def services(settings: Settings) -> AsyncIterator[CallServices]:
        tts = ToneTextToSpeech()
        built = CallServices(
            settings,
            ScriptedBrain(replies=[["מצוין.", "באיזה אזור?"]] * 1000),
            stt,
            tts,
            NullCallRecorder(),
            GreetingCache(tts),
            SYSTEM_CLOCK,
        )
        await built.greetings.prewarm([ScriptedBrain().greeting_text])
        monitor = asyncio.create_task(loop_lag_monitor(built))
        yield built
        monitor.cancel()

    settings = load_settings({"environment": "test", "stream_token_secret": SECRET})
    return create_app(settings, services)


async def loop_lag_monitor(services: Any) -> None:
    """How late the event loop wakes up: every ms of it delays every call's frames."""
    loop = asyncio.get_running_loop()
    while True:
        before = loop.time()
        await asyncio.sleep(0.01)
        services.stats.add("loop_lag", (loop.time() - before - 0.01) * 1000)


def bare_app() -> Any:
    """The transport alone: accept, parse each Twilio message, answer nothing (and an echo for
    the round-trip baseline)."""
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route, WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    from agentlocator.telephony.media_codec import decode_inbound

    async def media(ws: WebSocket) -> None:
        await ws.accept()
        try:
            while True:
                text = await ws.receive_text()
                if text == "ping":
                    await ws.send_text("pong")
                    continue
                decode_inbound(text)
        except WebSocketDisconnect:
            pass

    async def healthz(request: Any) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(routes=[WebSocketRoute("/media", media), Route("/healthz", healthz)])


def serve(mode: str, port: int) -> None:
    import logging

    import uvicorn

    app = build_app(mode)
    logging.getLogger("media_stream_service.latency").setLevel(logging.WARNING)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, mode: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, str(BENCH_SCRIPT), "--serve", mode, "--port", str(self.port)], cwd=ROOT
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.base}/healthz", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"{mode} server did not start") from None
                time.sleep(0.1)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/media"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = httpx.get(f"{self.base}/stats", timeout=5).json()
        return result

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
