"""One typed Settings object, built once per process from the environment or from a mapping.

Every field has a default that runs the product locally against emulators with no cloud
account and no API keys. ``.env.example`` documents each variable. Those defaults are public:
outside local/test ``require_deployable`` refuses to start on any of them (see ``problems``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_PROJECT_ID = "demo-agentlocator"
# Google's public keys for the OIDC tokens Cloud Tasks attaches (x509 PEM by key id).
GOOGLE_OIDC_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
# Environments where the built-in secrets and emulators are allowed.
LOCAL_ENVIRONMENTS = frozenset({"local", "test"})
# Built-in values that are public (they are in this repository): never acceptable in production.
PUBLIC_DEFAULT_SECRETS = {
    "twilio_auth_token": "local-twilio-auth-token",
    "stream_token_secret": "local-stream-token-secret",
    "baileys_shared_secret": "local-baileys-shared-secret",
    "signing_link_secret": "local-signing-link-secret",
    "paypal_client_secret": "local-paypal-secret",
    "paypal_webhook_id": "local-paypal-webhook",
    "tranzila_secret": "local-tranzila-secret",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="", extra="ignore", frozen=True, populate_by_name=True
    )

    environment: Literal["local", "test", "production"] = "local"
    gcp_project: str = Field(default=LOCAL_PROJECT_ID, alias="GOOGLE_CLOUD_PROJECT")
    region: str = "me-west1"

    # Emulators: set → the client talks to the emulator (the google SDKs read the same variables).
    firestore_emulator_host: str | None = None
    pubsub_emulator_host: str | None = None
    storage_emulator_host: str | None = None
    firebase_auth_emulator_host: str | None = None
    cloud_tasks_emulator_host: str | None = None

    # Public URLs: Twilio signs the URL it called, so behind a proxy we rebuild it from this base.
    public_base_url: str = "http://127.0.0.1:8080"
    media_stream_url: str = "ws://127.0.0.1:8081/media"
    web_app_origins: str = "http://127.0.0.1:5173,http://localhost:5173"

    # Twilio. The local default points the REST client at the local stand-in.
    twilio_account_sid: str = "AC00000000000000000000000000000000"
    twilio_auth_token: str = PUBLIC_DEFAULT_SECRETS["twilio_auth_token"]
    twilio_api_base: str | None = None
    stream_token_secret: str = PUBLIC_DEFAULT_SECRETS["stream_token_secret"]
    stream_token_ttl_seconds: int = 300

    # Leah's brain: no key → the offline Hebrew engine.
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = 1.5

    # Speech. "google" needs credentials (or a local endpoint); "offline" uses the local stand-ins.
    speech_endpoint: str | None = None
    tts_endpoint: str | None = None
    tts_voice: str = "he-IL-Wavenet-A"

    # Storage, queues and topics.
    recordings_bucket: str | None = "agentlocator-recordings-local"
    call_events_topic: str = "call-events"
    retention_topic: str = "recording-retention"
    whatsapp_queue: str = "whatsapp-replies"
    meetings_queue: str = "meeting-reminders"  # a booked meeting's reminder, the day before
    notices_queue: str = "notices"  # messages to agents and leads, sent durably off the turn
    tasks_location: str = "me-west1"

    # WhatsApp. The approved template (Twilio Content SID "HX…") sent outside the 24-hour
    # window; unset → replies outside the window are refused (WindowClosed), never dropped.
    whatsapp_template_content_sid: str | None = None
    # Where Cloud Tasks delivers reply jobs; unset → {public_base_url}/whatsapp_send_task/.
    whatsapp_send_task_url: str | None = None
    # Cloud Tasks signs its requests with an OIDC token for this account; when set, the send
    # task admits only a token Google signed for it (audience: the task URL). Required in
    # production; unset locally, where the Tasks emulator sends no token.
    whatsapp_tasks_service_account: str | None = None
    tasks_oidc_certs_url: str = GOOGLE_OIDC_CERTS_URL
    # A reply claimed by a worker that died is taken over after this long.
    whatsapp_reply_lease_seconds: int = 120
    # The Baileys bridge: one shared secret signs both directions (HMAC-SHA256).
    baileys_shared_secret: str = PUBLIC_DEFAULT_SECRETS["baileys_shared_secret"]
    baileys_bridge_url: str = "http://127.0.0.1:8090"
    baileys_timeout_seconds: float = 10.0

    # The media service's /stats: unset → served only in local/test; set → bearer token needed.
    media_stats_token: str | None = None
    # Billing. VAT is configurable (Israel: 18% since 2025-01-01); the issuer is the platform.
    billing_vat_percent: Decimal = Decimal("18")
    billing_issuer_id: str = "agentlocator"
    billing_issuer_name: str = "AgentLocator בע״מ"
    billing_issuer_number: str = "515555555"
    contracts_bucket: str = "agentlocator-contracts-local"
    signing_link_secret: str = PUBLIC_DEFAULT_SECRETS["signing_link_secret"]
    signing_link_days: int = 14
    # The Twilio number invoices are texted from (with a download link valid this many days).
    # Unset → invoices are kept but not sent; outside production only a Twilio stand-in
    # (TWILIO_API_BASE) receives them.
    billing_sms_from: str | None = None
    invoice_link_days: int = 30
    # E-mail to office owners (invoices, credit notes, payment notices) over SMTP. Unset host →
    # nothing is e-mailed. "starttls" (port 587) or "ssl" (465) outside local runs; "none" is
    # for a local sink. Outside production only a loopback host (a local sink) receives mail.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = 20.0
    billing_email_from: str = "AgentLocator <billing@agentlocator.co.il>"
    # The platform seal (PEM); production mounts both from Secret Manager. Unset → not sealed.
    platform_seal_cert_pem: str | None = None
    platform_seal_key_pem: str | None = None
    # PayPal. api_base unset → the SDK's sandbox (or live when paypal_live) host.
    paypal_client_id: str = "local-paypal-client"
    paypal_client_secret: str = PUBLIC_DEFAULT_SECRETS["paypal_client_secret"]
    paypal_api_base: str | None = None
    paypal_live: bool = False
    paypal_webhook_id: str = PUBLIC_DEFAULT_SECRETS["paypal_webhook_id"]
    # host:port pairs whose PAYPAL-CERT-URL is accepted besides paypal.com: local/test ONLY.
    paypal_trusted_cert_hosts: str = ""
    # A PEM root CA that replaces the public roots for PayPal's webhook certificate chain (a
    # local CA the tests make): local/test ONLY. Unset → certifi's public roots.
    paypal_test_root_ca: str = ""
    # Tranzila.
    tranzila_terminal: str = "agentlocatortest"
    tranzila_app_key: str = "local-tranzila-app-key"
    tranzila_secret: str = PUBLIC_DEFAULT_SECRETS["tranzila_secret"]
    tranzila_api_base: str = "https://api.tranzila.com"
    tranzila_iframe_base: str = "https://direct.tranzila.com"
    # Tranzila's hosted-fields script (a local stand-in serves the same contract in tests).
    tranzila_hosted_fields_js: str = "https://hf.tranzila.com/assets/js/thostedf.js"

    default_timezone: str = "Asia/Jerusalem"
    recording_retention_days: int = 2

    @property
    def is_local(self) -> bool:
        return self.environment in LOCAL_ENVIRONMENTS

    @property
    def cors_origins(self) -> list[str]:
        return [o.strip() for o in self.web_app_origins.split(",") if o.strip()]

    @property
    def whatsapp_send_task_target(self) -> str:
        if self.whatsapp_send_task_url:
            return self.whatsapp_send_task_url
        return self.public_base_url.rstrip("/") + "/whatsapp_send_task/"

    @property
    def notice_task_target(self) -> str:
        return self.public_base_url.rstrip("/") + "/notice_task/"

    @property
    def paypal_test_cert_hosts(self) -> tuple[str, ...]:
        return tuple(
            h.strip().lower() for h in self.paypal_trusted_cert_hosts.split(",") if h.strip()
        )

    @property
    def uses_openai(self) -> bool:
        return bool(self.openai_api_key)


class UnsafeSettings(RuntimeError):
    """The process must not start: the message lists every problem found, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "refusing to start outside local/test:\n" + "\n".join(f"  - {p}" for p in problems)
        )
        self.problems = problems


def _is_loopback(url: str) -> bool:
    return _is_loopback_host(urlsplit(url).hostname or "")


def _is_loopback_host(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host in {"", "localhost"} or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def problems(settings: Settings, environ: Mapping[str, str] | None = None) -> list[str]:
    """Why ``settings`` (and the process ``environ``, which the google SDKs read on their own)
    must not run outside local/test; empty in local/test or when all is well."""
    if settings.is_local:
        # Cloud Run (and Cloud Functions gen2) set K_SERVICE: a deployed service that forgot
        # ENVIRONMENT would otherwise run as "local", on every public default.
        service = (environ or {}).get("K_SERVICE")
        if service:
            return [f"ENVIRONMENT is {settings.environment!r} on deployed service {service!r}"]
        return []
    found: list[str] = []
    for name, public_value in PUBLIC_DEFAULT_SECRETS.items():
        value = getattr(settings, name)
        if not value or value == public_value:
            found.append(f"{name.upper()} is empty or the public built-in default")
    emulators = {
        name.upper()
        for name in Settings.model_fields
        if name.endswith("_emulator_host") and getattr(settings, name)
    }
    emulators.update(k for k, v in (environ or {}).items() if k.endswith("_EMULATOR_HOST") and v)
    found.extend(f"{name} is set (emulators are for local/test only)" for name in sorted(emulators))
    for name in ("public_base_url", "media_stream_url"):
        if _is_loopback(getattr(settings, name)):
            found.append(f"{name.upper()} points at a loopback host")
    if settings.smtp_host and _is_loopback_host(settings.smtp_host):
        found.append("SMTP_HOST points at a loopback host (a local mail sink)")
    if settings.smtp_host and settings.smtp_security == "none":
        found.append("SMTP_SECURITY is none (mail and its password would travel in clear)")
    if settings.paypal_trusted_cert_hosts:
        found.append("PAYPAL_TRUSTED_CERT_HOSTS is set (certificates come from paypal.com only)")
    if settings.paypal_test_root_ca:
        found.append("PAYPAL_TEST_ROOT_CA is set (PayPal's chain ends at a public root)")
    if not settings.whatsapp_tasks_service_account:
        found.append("WHATSAPP_TASKS_SERVICE_ACCOUNT is unset (the send task needs its OIDC token)")
    return found


def smtp_host_allowed(settings: Settings) -> bool:
    """Outside production, mail goes only to a local sink (a loopback host): a developer's run
    never e-mails a real office owner."""
    if not settings.smtp_host:
        return False
    return settings.environment == "production" or _is_loopback_host(settings.smtp_host)


def require_deployable(settings: Settings, environ: Mapping[str, str] | None = None) -> Settings:
    """Return ``settings`` when they may run here; raise ``UnsafeSettings`` naming each problem.
    Every entry point calls this at start (functions runtime, media service)."""
    found = problems(settings, environ)
    if found:
        raise UnsafeSettings(found)
    return settings


def load_settings(values: Mapping[str, Any] | None = None) -> Settings:
    """Settings from the environment, or only from ``values`` when given (tests pass a dict)."""
    if values is None:
        return Settings()
    return Settings.model_validate(dict(values))
