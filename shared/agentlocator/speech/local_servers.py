"""Local stand-ins for Google Speech-to-Text and Text-to-Speech that speak the real gRPC protocol.

Generic gRPC handlers with the SDK's own message classes, so the real google-cloud clients talk to
them unchanged (insecure channel, anonymous credentials). Used by the adapter tests and by the
offline mode of ``make run``.

- STT ``StreamingRecognize``: checks the config like the service does (MULAW, 8000 Hz, he-IL),
  recognizes by lookup (``agentlocator.speech.lookup``), sends interim results only when asked,
  and ends a stream that exceeds ``max_stream_seconds`` of audio with OUT_OF_RANGE, like Google.
  A side method ``/agentlocator.local.Lookup/Register`` lets a simulator in another process
  register its utterances (request: JSON ``{"transcript", "audio_b64"}``).
- TTS ``SynthesizeSpeech``: a WAV-headed MULAW body as the real one returns; the voice is the
  deterministic tone (``tone_tts``) or, in the offline mode, espeak-ng's Hebrew voice.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from google.cloud import speech_v1 as speech
from google.cloud import texttospeech_v1 as tts
from google.protobuf import duration_pb2

from agentlocator.audio.mulaw import SAMPLE_RATE
from agentlocator.speech.lookup import LookupRecognizer, UtteranceTable
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.speech.wav import wav_mulaw

GOOGLE_STREAM_LIMIT_SECONDS = 305.0


@dataclass
class SttServerLog:
    streams: int = 0
    configs: list[speech.StreamingRecognitionConfig] = field(default_factory=list)
    audio_bytes_per_stream: list[int] = field(default_factory=list)


class LocalSpeechServicer:
    def __init__(self, table: UtteranceTable, max_stream_seconds: float) -> None:
        self.table = table
        self.max_stream_seconds = max_stream_seconds
        self.log = SttServerLog()
        self._lock = threading.Lock()

    def streaming_recognize(
        self, requests: Iterator[speech.StreamingRecognizeRequest], context: grpc.ServicerContext
    ) -> Iterator[speech.StreamingRecognizeResponse]:
        first = next(requests, None)
        if first is None or "streaming_config" not in first:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "first request must carry the config")
        assert first is not None
        config = first.streaming_config
        rc = config.config
        if (
            rc.encoding != speech.RecognitionConfig.AudioEncoding.MULAW
            or rc.sample_rate_hertz != SAMPLE_RATE
            or rc.language_code.lower() != "he-il"
        ):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "expected MULAW 8000 Hz he-IL")
        with self._lock:
            self.log.streams += 1
            self.log.configs.append(config)
            self.log.audio_bytes_per_stream.append(0)
            index = self.log.streams - 1
        recognizer = LookupRecognizer(self.table)
        received = 0
        for request in requests:
            if request.audio_content == b"" and "streaming_config" in request:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, "config sent twice")
            received += len(request.audio_content)
            with self._lock:
                self.log.audio_bytes_per_stream[index] = received
            if received / SAMPLE_RATE > self.max_stream_seconds:
                context.abort(
                    grpc.StatusCode.OUT_OF_RANGE,
                    f"Exceeded maximum allowed stream duration of {self.max_stream_seconds:.0f}"
                    " seconds.",
                )
            for transcript in recognizer.push(request.audio_content):
                if not transcript.is_final and not config.interim_results:
                    continue
                offset = duration_pb2.Duration()
                offset.FromMilliseconds(received * 1000 // SAMPLE_RATE)
                yield speech.StreamingRecognizeResponse(
                    results=[
                        speech.StreamingRecognitionResult(
                            alternatives=[
                                speech.SpeechRecognitionAlternative(
                                    transcript=transcript.text,
                                    confidence=0.92 if transcript.is_final else 0.0,
                                )
                            ],
                            is_final=transcript.is_final,
                            stability=0.0 if transcript.is_final else transcript.stability,
                            result_end_time=offset,
                            language_code="he-il",
                        )
                    ]
                )

    def register(self, request: bytes, context: grpc.ServicerContext) -> bytes:
        body = json.loads(request)
        self.table.register(base64.b64decode(body["audio_b64"]), str(body["transcript"]))
        return b"{}"


def espeak_speech(text: str) -> bytes:
    """Hebrew speech from espeak-ng + sox as 8 kHz μ-law (robotic but real; offline mode)."""
    wav = subprocess.run(
        ["espeak-ng", "-v", "he", "--stdout", text], check=True, capture_output=True, timeout=20
    ).stdout
    return subprocess.run(
        ["sox", "-D", "-t", "wav", "-", "-r", "8000", "-c", "1", "-t", "ul", "-"],
        input=wav,
        check=True,
        capture_output=True,
        timeout=20,
    ).stdout


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


class LocalTextToSpeechServicer:
    def __init__(self, render: Callable[[str], bytes]) -> None:
        self.render = render
        self.requests: list[tts.SynthesizeSpeechRequest] = []

    def synthesize_speech(
        self, request: tts.SynthesizeSpeechRequest, context: grpc.ServicerContext
    ) -> tts.SynthesizeSpeechResponse:
        self.requests.append(request)
        config = request.audio_config
        if config.audio_encoding != tts.AudioEncoding.MULAW or config.sample_rate_hertz not in (
            0,
            SAMPLE_RATE,
        ):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "this stand-in renders MULAW 8000 Hz")
        if not request.input.text:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "input.text is empty")
        return tts.SynthesizeSpeechResponse(
            audio_content=wav_mulaw(self.render(request.input.text))
        )


@dataclass
class LocalSpeechServers:
    server: grpc.Server
    address: str  # host:port serving both services
    stt: LocalSpeechServicer
    tts: LocalTextToSpeechServicer

    @property
    def table(self) -> UtteranceTable:
        return self.stt.table

    def stop(self) -> None:
        self.server.stop(grace=0.5).wait()


def start_local_speech_servers(
    host: str = "127.0.0.1",
    port: int = 0,
    table: UtteranceTable | None = None,
    render: Callable[[str], bytes] = tone_speech,
    max_stream_seconds: float = GOOGLE_STREAM_LIMIT_SECONDS,
    workers: int = 64,
) -> LocalSpeechServers:
    """Both services on one port (a streaming call holds a worker thread for its lifetime)."""
    stt = LocalSpeechServicer(table or UtteranceTable(), max_stream_seconds)
    voice = LocalTextToSpeechServicer(render)
    speech_handler = grpc.method_handlers_generic_handler(
        "google.cloud.speech.v1.Speech",
        {
            "StreamingRecognize": grpc.stream_stream_rpc_method_handler(
                stt.streaming_recognize,
                request_deserializer=speech.StreamingRecognizeRequest.deserialize,
                response_serializer=speech.StreamingRecognizeResponse.serialize,
            )
        },
    )
    tts_handler = grpc.method_handlers_generic_handler(
        "google.cloud.texttospeech.v1.TextToSpeech",
        {
            "SynthesizeSpeech": grpc.unary_unary_rpc_method_handler(
                voice.synthesize_speech,
                request_deserializer=tts.SynthesizeSpeechRequest.deserialize,
                response_serializer=tts.SynthesizeSpeechResponse.serialize,
            )
        },
    )
    lookup_handler = grpc.method_handlers_generic_handler(
        "agentlocator.local.Lookup",
        {"Register": grpc.unary_unary_rpc_method_handler(stt.register)},
    )
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers))
    server.add_generic_rpc_handlers((speech_handler, tts_handler, lookup_handler))
    bound = server.add_insecure_port(f"{host}:{port}")
    server.start()
    return LocalSpeechServers(server, f"{host}:{bound}", stt, voice)


def register_remote_utterance(address: str, mulaw: bytes, transcript: str) -> None:
    """Register an utterance with a running local STT server (the simulator, another process)."""
    body = json.dumps({"transcript": transcript, "audio_b64": base64.b64encode(mulaw).decode()})
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary("/agentlocator.local.Lookup/Register")
        call(body.encode(), timeout=10)
