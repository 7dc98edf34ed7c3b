"""Outside local/test the process refuses to start on public defaults, emulators or loopback
URLs, and names every problem in one error (issue 13, item 2)."""

from __future__ import annotations

from typing import Any

import pytest

from agentlocator.config import UnsafeSettings, load_settings, problems, require_deployable

SAFE_PRODUCTION: dict[str, Any] = {
    "environment": "production",
    "GOOGLE_CLOUD_PROJECT": "agentlocator-prod",
    "public_base_url": "https://me-west1-agentlocator-prod.cloudfunctions.net",
    "media_stream_url": "wss://media-abc123.a.run.app/media",
    "twilio_auth_token": "a-real-token-from-secret-manager",
    "stream_token_secret": "a-real-stream-secret",
    "baileys_shared_secret": "a-real-bridge-secret",
    "signing_link_secret": "a-real-signing-secret",
    "paypal_client_secret": "a-real-paypal-secret",
    "paypal_webhook_id": "WH-REAL",
    "tranzila_secret": "a-real-tranzila-secret",
    "whatsapp_tasks_service_account": "tasks-invoker@agentlocator-prod.iam.gserviceaccount.com",
}


@pytest.fixture(autouse=True)
def no_settings_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings also read the process environment, where the test session's emulators are and
    where session fixtures put other values (the API tests' PayPal stand-in): only the dict
    each test passes may count."""
    import os

    from agentlocator.config import Settings

    fields = {name.upper() for name in Settings.model_fields}
    for name in list(os.environ):
        if name.endswith("_EMULATOR_HOST") or name.upper() in fields:
            monkeypatch.delenv(name)


def test_production_with_real_secrets_and_public_urls_starts() -> None:
    settings = load_settings(SAFE_PRODUCTION)
    assert require_deployable(settings, {}) is settings


def test_production_on_the_built_in_defaults_names_every_problem_at_once() -> None:
    settings = load_settings({"environment": "production"})
    with pytest.raises(UnsafeSettings) as caught:
        require_deployable(settings, {})
    message = str(caught.value)
    for name in (
        "TWILIO_AUTH_TOKEN",
        "STREAM_TOKEN_SECRET",
        "BAILEYS_SHARED_SECRET",
        "SIGNING_LINK_SECRET",
        "PAYPAL_CLIENT_SECRET",
        "PAYPAL_WEBHOOK_ID",
        "TRANZILA_SECRET",
        "PUBLIC_BASE_URL",
        "MEDIA_STREAM_URL",
        "WHATSAPP_TASKS_SERVICE_ACCOUNT",
    ):
        assert name in message
    assert len(caught.value.problems) == 10


def test_production_refuses_extra_trusted_paypal_certificate_hosts() -> None:
    settings = load_settings({**SAFE_PRODUCTION, "paypal_trusted_cert_hosts": "127.0.0.1:9999"})
    assert problems(settings, {}) == [
        "PAYPAL_TRUSTED_CERT_HOSTS is set (certificates come from paypal.com only)"
    ]


def test_production_refuses_a_test_root_for_paypal_certificates() -> None:
    pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    settings = load_settings({**SAFE_PRODUCTION, "paypal_test_root_ca": pem})
    assert problems(settings, {}) == [
        "PAYPAL_TEST_ROOT_CA is set (PayPal's chain ends at a public root)"
    ]


@pytest.mark.parametrize(
    "variable",
    [
        "firebase_auth_emulator_host",
        "firestore_emulator_host",
        "pubsub_emulator_host",
        "storage_emulator_host",
        "cloud_tasks_emulator_host",
    ],
)
def test_production_refuses_any_emulator_setting(variable: str) -> None:
    settings = load_settings({**SAFE_PRODUCTION, variable: "127.0.0.1:9099"})
    assert problems(settings, {}) == [
        f"{variable.upper()} is set (emulators are for local/test only)"
    ]


def test_production_refuses_an_emulator_variable_only_the_sdks_read() -> None:
    settings = load_settings(SAFE_PRODUCTION)
    found = problems(settings, {"DATASTORE_EMULATOR_HOST": "127.0.0.1:8081"})
    assert found == ["DATASTORE_EMULATOR_HOST is set (emulators are for local/test only)"]


@pytest.mark.parametrize(
    "url", ["http://localhost:8080", "http://127.0.0.2", "http://[::1]:8080", "http://0.0.0.0"]
)
def test_production_refuses_a_loopback_public_base_url(url: str) -> None:
    settings = load_settings({**SAFE_PRODUCTION, "public_base_url": url})
    assert problems(settings, {}) == ["PUBLIC_BASE_URL points at a loopback host"]


@pytest.mark.parametrize("environment", ["local", "test"])
def test_local_and_test_run_on_the_defaults(environment: str) -> None:
    settings = load_settings({"environment": environment, "firestore_emulator_host": "x:1"})
    assert require_deployable(settings, {"FIREBASE_AUTH_EMULATOR_HOST": "x:2"}) is settings


def test_a_deployed_service_that_forgot_its_environment_refuses_to_start() -> None:
    settings = load_settings({})  # ENVIRONMENT unset: "local"
    with pytest.raises(UnsafeSettings) as caught:
        require_deployable(settings, {"K_SERVICE": "whatsapp-send-task"})
    assert caught.value.problems == [
        "ENVIRONMENT is 'local' on deployed service 'whatsapp-send-task'"
    ]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1", "[::1]", "mail.localhost"])
def test_production_refuses_a_loopback_smtp_host(host: str) -> None:
    settings = load_settings({**SAFE_PRODUCTION, "smtp_host": host})
    assert problems(settings, {}) == ["SMTP_HOST points at a loopback host (a local mail sink)"]


def test_production_refuses_mail_in_clear() -> None:
    settings = load_settings({**SAFE_PRODUCTION, "smtp_host": "smtp.example.net",
                              "smtp_security": "none"})  # fmt: skip
    assert problems(settings, {}) == [
        "SMTP_SECURITY is none (mail and its password would travel in clear)"
    ]
    real = load_settings({**SAFE_PRODUCTION, "smtp_host": "smtp.example.net"})
    assert problems(real, {}) == []


def test_local_runs_mail_only_a_local_sink() -> None:
    from agentlocator.config import smtp_host_allowed

    assert smtp_host_allowed(load_settings({"smtp_host": "127.0.0.1"}))
    assert not smtp_host_allowed(load_settings({"smtp_host": "smtp.example.net"}))
    assert not smtp_host_allowed(load_settings({}))
    production = load_settings({**SAFE_PRODUCTION, "smtp_host": "smtp.example.net"})
    assert smtp_host_allowed(production)
