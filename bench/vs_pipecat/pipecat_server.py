# mypy: disable-error-code="misc,untyped-decorator"
# (Pipecat and FastAPI live in .venv-pipecat, not in the venv mypy runs in: their types are Any.)
"""Stack (b): a Pipecat 1.14 Twilio pipeline with the shared fake services. Runs under
``.venv-pipecat/bin/python`` (Pipecat is not in the product's requirements).

    transport.input() → FakeSTT → user aggregator (Silero VAD) → FakeLLM → FakeTTS
        → transport.output() → assistant aggregator

End of speech matched with stack (a): Silero VAD ``stop_secs`` = ``--stop-secs``, no extra
user-speech timeout, and the turn waits for the final transcript (as ours does). Speech start
``start_secs`` 0.1 s (ours: 5 of 8 frames). Interruptions on (Pipecat's default).

    .venv-pipecat/bin/python bench/vs_pipecat/pipecat_server.py --port 8765
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncGenerator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fakes  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, WebSocket  # noqa: E402
from loguru import logger  # noqa: E402
from pipecat.audio.vad.silero import SileroVADAnalyzer  # noqa: E402
from pipecat.audio.vad.vad_analyzer import VADParams  # noqa: E402
from pipecat.frames.frames import (  # noqa: E402
    Frame,
    InterimTranscriptionFrame,
    LLMContextFrame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSSpeakFrame,
)
from pipecat.pipeline.pipeline import Pipeline  # noqa: E402
from pipecat.pipeline.runner import PipelineRunner  # noqa: E402
from pipecat.pipeline.task import PipelineParams, PipelineTask  # noqa: E402
from pipecat.processors.aggregators.llm_context import LLMContext  # noqa: E402
from pipecat.processors.aggregators.llm_response_universal import (  # noqa: E402
    LLMContextAggregatorPair,
    LLMUserAggregatorParams,
)
from pipecat.processors.frame_processor import FrameDirection  # noqa: E402
from pipecat.runner.utils import parse_telephony_websocket  # noqa: E402
from pipecat.serializers.twilio import TwilioFrameSerializer  # noqa: E402
from pipecat.services.llm_service import LLMService  # noqa: E402
from pipecat.services.stt_service import STTService  # noqa: E402
from pipecat.services.tts_service import TTSService  # noqa: E402
from pipecat.transports.websocket.fastapi import (  # noqa: E402
    FastAPIWebsocketParams,
    FastAPIWebsocketTransport,
)
from pipecat.turns.user_stop.speech_timeout_user_turn_stop_strategy import (  # noqa: E402
    SpeechTimeoutUserTurnStopStrategy,
)
from pipecat.turns.user_turn_strategies import UserTurnStrategies  # noqa: E402
from pipecat.utils.time import time_now_iso8601  # noqa: E402

STOP_SECS = 0.2


class FakeSTT(STTService):
    """The shared recognizer: interims while speaking, the final 300 ms after speech ends."""

    def __init__(self) -> None:
        super().__init__(ttfs_p99_latency=fakes.STT_FINAL_AFTER_S)
        self._recognizer: fakes.FakeRecognizer | None = None

    def _emit(self, text: str, final: bool) -> None:
        now = time_now_iso8601()
        frame: Frame
        if final:
            frame = TranscriptionFrame(text, "caller", now, finalized=True)
        else:
            frame = InterimTranscriptionFrame(text, "caller", now)
        asyncio.ensure_future(self.push_frame(frame))

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame | None, None]:
        if self._recognizer is None:
            self._recognizer = fakes.FakeRecognizer(self._emit)
        self._recognizer.feed(audio)
        yield None


class FakeLLM(LLMService):
    """The shared model: first token at 400 ms, then one every 30 ms."""

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, LLMContextFrame):
            await self.push_frame(LLMFullResponseStartFrame())
            async for token in fakes.llm_tokens(""):
                await self.push_frame(LLMTextFrame(token))
            await self.push_frame(LLMFullResponseEndFrame())
        else:
            await self.push_frame(frame, direction)


class FakeTTS(TTSService):
    """The shared voice: the whole clip 200 ms after the request."""

    def __init__(self) -> None:
        super().__init__(push_start_frame=True, push_stop_frames=True, sample_rate=8000)

    async def run_tts(self, text: str, context_id: str) -> AsyncGenerator[Frame, None]:
        pcm = await fakes.tts_audio(text)

        async def chunks() -> AsyncGenerator[bytes, None]:
            yield pcm

        async for frame in self._stream_audio_frames_from_iterator(
            chunks(), in_sample_rate=8000, context_id=context_id
        ):
            yield frame


app = FastAPI()


@app.get("/healthz")
async def healthz() -> str:
    return "ok"


@app.websocket("/media")
async def media(websocket: WebSocket) -> None:
    await websocket.accept()
    _, call_data = await parse_telephony_websocket(websocket)
    serializer = TwilioFrameSerializer(
        stream_sid=call_data["stream_id"],
        call_sid=call_data["call_id"],
        params=TwilioFrameSerializer.InputParams(auto_hang_up=False),
    )
    transport = FastAPIWebsocketTransport(
        websocket=websocket,
        params=FastAPIWebsocketParams(
            audio_in_enabled=True, audio_out_enabled=True, serializer=serializer
        ),
    )
    context = LLMContext([{"role": "system", "content": "את לאה."}])
    aggregators = LLMContextAggregatorPair(
        context,
        user_params=LLMUserAggregatorParams(
            vad_analyzer=SileroVADAnalyzer(
                sample_rate=8000, params=VADParams(start_secs=0.1, stop_secs=STOP_SECS)
            ),
            user_turn_strategies=UserTurnStrategies(
                stop=[SpeechTimeoutUserTurnStopStrategy(user_speech_timeout=0.0)]
            ),
        ),
    )
    pipeline = Pipeline(
        [
            transport.input(),
            FakeSTT(),
            aggregators.user(),
            FakeLLM(),
            FakeTTS(),
            transport.output(),
            aggregators.assistant(),
        ]
    )
    task = PipelineTask(
        pipeline,
        params=PipelineParams(audio_in_sample_rate=8000, audio_out_sample_rate=8000),
    )

    @transport.event_handler("on_client_connected")
    async def greet(transport: object, client: object) -> None:
        await task.queue_frames([TTSSpeakFrame(fakes.GREETING)])

    @transport.event_handler("on_client_disconnected")
    async def bye(transport: object, client: object) -> None:
        await task.cancel()

    await PipelineRunner(handle_sigint=False).run(task)


def main() -> None:
    global STOP_SECS
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stop-secs", type=float, default=STOP_SECS)
    args = parser.parse_args()
    STOP_SECS = args.stop_secs
    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", ws="websockets-sansio")


if __name__ == "__main__":
    main()
