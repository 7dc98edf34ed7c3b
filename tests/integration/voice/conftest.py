"""The voice functions against the emulators: Firestore, the Storage emulator and the local
Twilio REST stand-in, configured through the environment exactly as in production."""

from __future__ import annotations

from collections.abc import Iterator

import functions_framework
import pytest
import runtime
import voice
from google.api_core.exceptions import Conflict
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.voice.voice_harness import MAIN, TARGETS, TwilioWebhooks

IN_PROCESS_BASE_URL = "https://voice.agentlocator.test"
BUCKET = "agentlocator-recordings-test"


def _reset_function_caches() -> None:
    for cached in (
        runtime.settings,
        runtime.repos,
        voice.call_lifecycle,
        voice.recording_lifecycle,
    ):
        cached.cache_clear()


@pytest.fixture
def twilio_standin(settings: Settings) -> Iterator[TwilioStandin]:
    with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as standin:
        yield standin


@pytest.fixture
def recordings_bucket(settings: Settings) -> str:
    client = make_storage_client(settings)
    try:
        client.create_bucket(BUCKET)
    except Conflict:
        pass
    for blob in client.list_blobs(BUCKET):
        blob.delete()
    return BUCKET


def _configure(
    monkeypatch: pytest.MonkeyPatch, public_base_url: str, standin: TwilioStandin, bucket: str
) -> Settings:
    monkeypatch.setenv("PUBLIC_BASE_URL", public_base_url)
    monkeypatch.setenv("TWILIO_API_BASE", standin.base_url)
    monkeypatch.setenv("RECORDINGS_BUCKET", bucket)
    monkeypatch.setenv("MEDIA_STREAM_URL", "wss://media.agentlocator.test/media")
    _reset_function_caches()
    return runtime.settings()


@pytest.fixture
def functions_env(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    twilio_standin: TwilioStandin,
    recordings_bucket: str,
) -> Iterator[Settings]:
    """Settings the functions read (public URL, stand-in, bucket), caches rebuilt around it."""
    yield _configure(monkeypatch, IN_PROCESS_BASE_URL, twilio_standin, recordings_bucket)
    _reset_function_caches()


@pytest.fixture
def in_process(functions_env: Settings) -> TwilioWebhooks:
    """Each target as functions-framework builds it, called through Flask's test client."""
    clients = {
        target: functions_framework.create_app(target, MAIN).test_client() for target in TARGETS
    }
    return TwilioWebhooks(
        functions_env,
        post=lambda target, path, data, headers: clients[target].post(
            path, data=data, headers=headers
        ),
    )


@pytest.fixture
def served(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    twilio_standin: TwilioStandin,
    recordings_bucket: str,
) -> Iterator[TwilioWebhooks]:
    """The three targets served over real HTTP on a free port, mounted like local_server.py."""
    mounts = {f"/{t}": functions_framework.create_app(t, MAIN) for t in TARGETS}
    app = DispatcherMiddleware(lambda environ, start: [], mounts)  # type: ignore[arg-type]
    with serve_wsgi(app) as base_url:
        config = _configure(monkeypatch, base_url, twilio_standin, recordings_bucket)
        try:
            yield TwilioWebhooks.over_http(config)
        finally:
            _reset_function_caches()
