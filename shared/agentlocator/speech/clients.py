"""Build the google-cloud speech clients: the real service, or a local endpoint (insecure)."""

from __future__ import annotations

import grpc
from google.auth.credentials import AnonymousCredentials
from google.cloud import speech_v1 as speech
from google.cloud import texttospeech_v1 as tts
from google.cloud.speech_v1.services.speech.transports import SpeechGrpcAsyncIOTransport
from google.cloud.texttospeech_v1.services.text_to_speech.transports import (
    TextToSpeechGrpcAsyncIOTransport,
)


def speech_client(endpoint: str | None = None) -> speech.SpeechAsyncClient:
    """``endpoint`` host:port of a local server (no TLS, no credentials); None: Google."""
    if endpoint is None:
        return speech.SpeechAsyncClient()
    transport = SpeechGrpcAsyncIOTransport(
        host=endpoint,
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
        channel=grpc.aio.insecure_channel(endpoint),
    )
    return speech.SpeechAsyncClient(transport=transport)


def tts_client(endpoint: str | None = None) -> tts.TextToSpeechAsyncClient:
    if endpoint is None:
        return tts.TextToSpeechAsyncClient()
    transport = TextToSpeechGrpcAsyncIOTransport(
        host=endpoint,
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
        channel=grpc.aio.insecure_channel(endpoint),
    )
    return tts.TextToSpeechAsyncClient(transport=transport)
