"""The production services factory: Firestore recorder, Pub/Sub, Leah's brain, Google speech.

Speech modes (``SPEECH_ENDPOINT``):
- unset in production, or ``google``: Google Cloud Speech/TTS with the instance's credentials;
- ``host:port``: the google clients against that endpoint without TLS (a local stand-in);
- ``offline`` (or unset outside production, e.g. ``make run``): start the local stand-ins in this
  process (``agentlocator.speech.local_servers``; espeak-ng's Hebrew voice when installed). The
  stand-in recognizes only utterances registered with it (the simulator does that).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from google.api_core.exceptions import AlreadyExists
from google.cloud.pubsub_v1 import PublisherClient

from agentlocator.agent.factory import build_brain
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.stream_claims import StreamClaimRepository
from agentlocator.meetings.wiring import meeting_notices
from agentlocator.speech.clients import speech_client, tts_client
from agentlocator.speech.google_stt import GoogleSpeechToText
from agentlocator.speech.google_tts import GoogleTextToSpeech
from agentlocator.speech.local_servers import (
    LocalSpeechServers,
    espeak_available,
    espeak_speech,
    start_local_speech_servers,
)
from agentlocator.speech.tone_tts import tone_speech
from agentlocator.telephony.call_summaries import CallSummaries
from agentlocator.telephony.notify import agent_notifier
from agentlocator.telephony.summary_llm import LlmCallSummarizer
from media_stream_service.greeting import GreetingCache
from media_stream_service.recorder import FirestoreCallRecorder
from media_stream_service.services import CallServices
from media_stream_service.session import SessionParams
from media_stream_service.stream_claims import FirestoreStreamClaims

log = logging.getLogger(__name__)

OFFLINE_SPEECH_PORT = 8093  # fixed so a simulator in another process can register utterances


def speech_mode(settings: Settings) -> str:
    endpoint = settings.speech_endpoint
    if endpoint == "offline" or (endpoint is None and settings.environment != "production"):
        return "offline"
    if endpoint in (None, "google"):
        return "google"
    return "endpoint"


def _start_offline_speech() -> LocalSpeechServers:
    render = espeak_speech if espeak_available() else tone_speech
    try:
        return start_local_speech_servers(port=OFFLINE_SPEECH_PORT, render=render)
    except RuntimeError:  # port taken (a second instance): any free port
        return start_local_speech_servers(render=render)


class BusinessVoices:
    """Business id → its ``tts_voice``, cached for ``ttl_s`` (a voice change shows up within it)."""

    def __init__(self, repos: Repositories, ttl_s: float = 300.0) -> None:
        self._repos = repos
        self._ttl_s = ttl_s
        self._cache: dict[str, tuple[float, str]] = {}

    async def __call__(self, business_id: str) -> str | None:
        now = time.monotonic()
        cached = self._cache.get(business_id)
        if cached is not None and now - cached[0] < self._ttl_s:
            return cached[1]
        business = await asyncio.to_thread(self._repos.businesses.get, business_id)
        self._cache[business_id] = (now, business.tts_voice)
        return business.tts_voice


def call_summaries(repos: Repositories, settings: Settings) -> CallSummaries:
    """Summaries from the LLM when configured (else offline), sent to the assigned agent; a
    meeting booked in the call is confirmed to the caller."""
    notices = meeting_notices(repos, settings)
    return CallSummaries(
        repos,
        LlmCallSummarizer.from_settings(settings),
        after=(agent_notifier(repos, settings), notices.after_call if notices else None),
    )


def _ensure_topic(publisher: PublisherClient, topic_path: str) -> None:
    try:
        publisher.create_topic(name=topic_path)
    except AlreadyExists:
        pass


@asynccontextmanager
async def production_services(
    settings: Settings, session_params: SessionParams | None = None
) -> AsyncIterator[CallServices]:
    repos = await asyncio.to_thread(Repositories.from_settings, settings, SYSTEM_CLOCK)
    mode = speech_mode(settings)
    local: LocalSpeechServers | None = None
    stt_endpoint, tts_endpoint = settings.speech_endpoint, settings.tts_endpoint
    if mode == "offline":
        local = await asyncio.to_thread(_start_offline_speech)
        stt_endpoint = tts_endpoint = local.address
        log.info("offline speech stand-ins on %s", local.address)
    elif mode == "google":
        stt_endpoint = tts_endpoint = None
    else:
        tts_endpoint = tts_endpoint or stt_endpoint
    publisher = PublisherClient()
    topic_path = publisher.topic_path(settings.gcp_project, settings.call_events_topic)
    if settings.environment != "production":
        await asyncio.to_thread(_ensure_topic, publisher, topic_path)
    tts = GoogleTextToSpeech(tts_client(tts_endpoint), voice=settings.tts_voice)
    services = CallServices(
        settings=settings,
        brain=build_brain(repos, settings),
        stt=GoogleSpeechToText(speech_client(stt_endpoint)),
        tts=tts,
        recorder=FirestoreCallRecorder(
            repos, publisher, topic_path, summaries=call_summaries(repos, settings)
        ),
        greetings=GreetingCache(tts),
        clock=repos.clock,
        session_params=session_params or SessionParams(),
        voice_for=BusinessVoices(repos),
        claims=FirestoreStreamClaims(StreamClaimRepository(repos.client)),
    )
    services.info["speech_mode"] = mode
    services.info["speech_endpoint"] = stt_endpoint or "google"
    try:
        yield services
    finally:
        if local is not None:
            await asyncio.to_thread(local.stop)
