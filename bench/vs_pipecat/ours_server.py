"""Stack (a): our media service (``media_stream_service.app``) with the shared fake services.

    .venv/bin/python bench/vs_pipecat/ours_server.py --port 8766 [--stop-ms 200]

The fakes sit behind our own ports: the recognizer behind ``SpeechToText``, the fake model
behind ``LeahBrain`` (its tokens cut by the product's ``ClauseSplitter``, and it supports
speculation: it has no side effects to hold back), the fake voice behind ``TextToSpeech``.
End of speech matched with stack (b): the turn ends on the final transcript after ``--stop-ms``
of silence (``final_silence_ms``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "shared"), str(Path(__file__).parent)]

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

import fakes  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402

from agentlocator.agent.clauses import ClauseSplitter  # noqa: E402
from agentlocator.agent.port import ConversationRef  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.config import Settings, load_settings  # noqa: E402
from agentlocator.speech.ports import Transcript  # noqa: E402
from media_stream_service.app import create_app  # noqa: E402
from media_stream_service.greeting import GreetingCache  # noqa: E402
from media_stream_service.recorder import NullCallRecorder  # noqa: E402
from media_stream_service.services import CallServices  # noqa: E402
from media_stream_service.session import SessionParams  # noqa: E402

SECRET = "bench-secret"


class FakeRecognition:
    def __init__(self) -> None:
        self._queue: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self._recognizer: fakes.FakeRecognizer | None = None

    def _emit(self, text: str, final: bool) -> None:
        self._queue.put_nowait(Transcript(text, final, stability=0.9))

    def send(self, mulaw: bytes) -> None:
        if self._recognizer is None:
            self._recognizer = fakes.FakeRecognizer(self._emit)
        self._recognizer.feed(audioop.ulaw2lin(mulaw, 2))

    async def results(self) -> AsyncIterator[Transcript]:
        while (item := await self._queue.get()) is not None:
            yield item

    async def aclose(self) -> None:
        if self._recognizer is not None:
            self._recognizer.close()
        self._queue.put_nowait(None)


class FakeSpeechToText:
    def open_stream(self) -> FakeRecognition:
        return FakeRecognition()


class FakeModelBrain:
    """The fake model behind the ``LeahBrain`` port, clause-streamed like the real one."""

    def __init__(self) -> None:
        self.requests = {"turns": 0, "speculations": 0}

    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        return str(fakes.GREETING)

    async def respond(
        self, ref: ConversationRef, caller_text: str, now: datetime
    ) -> AsyncIterator[str]:
        self.requests["turns"] += 1
        async for clause in self._reply():
            yield clause

    async def respond_speculatively(
        self, ref: ConversationRef, caller_text: str, commit: asyncio.Event, now: datetime
    ) -> AsyncIterator[str]:
        self.requests["speculations"] += 1
        async for clause in self._reply():  # nothing to hold back: it has no side effects
            yield clause

    async def _reply(self) -> AsyncIterator[str]:
        splitter = ClauseSplitter()
        async for token in fakes.llm_tokens(""):
            for clause in splitter.push(token):
                yield clause
        for clause in splitter.flush():
            yield clause


class FakeVoice:
    def __init__(self) -> None:
        self._mulaw: dict[bytes, bytes] = {}

    async def synthesize(self, text: str, voice: str | None = None) -> bytes:
        pcm = await fakes.tts_audio(text)
        if pcm not in self._mulaw:
            self._mulaw[pcm] = audioop.lin2ulaw(pcm, 2)
        return self._mulaw[pcm]


def build_app(stop_ms: int, speculate_ms: int | None) -> Starlette:
    """``speculate_ms``: the product's ``speculate_after_ms`` when None; 0 turns it off."""
    default = SessionParams()
    params = SessionParams(
        final_silence_ms=stop_ms,
        speculate_after_ms=default.speculate_after_ms if speculate_ms is None else speculate_ms,
    )

    brain = FakeModelBrain()

    @asynccontextmanager
    async def services(settings: Settings) -> AsyncIterator[CallServices]:
        tts = FakeVoice()
        built = CallServices(
            settings,
            brain,
            FakeSpeechToText(),
            tts,
            NullCallRecorder(),
            GreetingCache(tts),
            SYSTEM_CLOCK,
            session_params=params,
        )
        yield built

    async def model_requests(request: Request) -> JSONResponse:
        """How many model requests the calls made (speculations dropped ones included)."""
        return JSONResponse(brain.requests)

    settings = load_settings({"environment": "test", "stream_token_secret": SECRET})
    app = create_app(settings, services)
    app.add_route("/model_requests", model_requests)
    return app


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stop-ms", type=int, default=200)
    parser.add_argument("--speculate-ms", type=int, default=None)
    args = parser.parse_args()
    logging.getLogger("media_stream_service.latency").setLevel(logging.WARNING)
    app = build_app(args.stop_ms, args.speculate_ms)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", ws="websockets-sansio")


if __name__ == "__main__":
    main()
