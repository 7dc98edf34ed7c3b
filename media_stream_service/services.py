"""Everything a call needs, built once per instance in the app's lifespan.

``CallServices`` is what the handler reads from ``app.state``; a factory builds it (and tears it
down), so tests and the bench pass their own providers and production builds Google's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from agentlocator.agent.port import LeahBrain
from agentlocator.clock import Clock
from agentlocator.config import Settings
from agentlocator.speech.ports import SpeechToText, TextToSpeech
from media_stream_service.greeting import GreetingCache
from media_stream_service.recorder import CallRecorder
from media_stream_service.session import SessionParams
from media_stream_service.stream_claims import InstanceStreamClaims, StreamClaims
from media_stream_service.tracing import LatencyStats


@dataclass
class CallServices:
    settings: Settings
    brain: LeahBrain
    stt: SpeechToText
    tts: TextToSpeech
    recorder: CallRecorder
    greetings: GreetingCache
    clock: Clock  # the wall clock Leah decides by and calls are stamped with
    session_params: SessionParams = SessionParams()
    stats: LatencyStats = field(default_factory=LatencyStats)
    counters: Counter[str] = field(default_factory=Counter)
    info: dict[str, str] = field(default_factory=dict)  # shown on /stats (speech mode, endpoint)
    # business id → its TTS voice (None: the session's default voice)
    voice_for: Callable[[str], Awaitable[str | None]] | None = None
    # one stream per token; production claims in Firestore (across instances)
    claims: StreamClaims = field(default_factory=InstanceStreamClaims)

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] += n


ServicesFactory = Callable[[Settings], AbstractAsyncContextManager[CallServices]]
ServicesIterator = AsyncIterator[CallServices]
