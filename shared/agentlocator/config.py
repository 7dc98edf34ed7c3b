"""One typed Settings object, built once per process from the environment or from a mapping.

Every field has a default that runs the product locally against emulators with no cloud
account and no API keys. ``.env.example`` documents each variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_PROJECT_ID = "demo-agentlocator"


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
    twilio_auth_token: str = "local-twilio-auth-token"
    twilio_api_base: str | None = None
    stream_token_secret: str = "local-stream-token-secret"
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
    tasks_location: str = "me-west1"

    # WhatsApp. The approved template (Twilio Content SID "HX…") sent outside the 24-hour
    # window; unset → replies outside the window are refused (WindowClosed), never dropped.
    whatsapp_template_content_sid: str | None = None
    # Where Cloud Tasks delivers reply jobs; unset → {public_base_url}/whatsapp_send_task/.
    whatsapp_send_task_url: str | None = None
    # Cloud Tasks signs its requests with an OIDC token for this account (production only).
    whatsapp_tasks_service_account: str | None = None
    # A reply claimed by a worker that died is taken over after this long.
    whatsapp_reply_lease_seconds: int = 120
    # The Baileys bridge: one shared secret signs both directions (HMAC-SHA256).
    baileys_shared_secret: str = "local-baileys-shared-secret"
    baileys_bridge_url: str = "http://127.0.0.1:8090"
    baileys_timeout_seconds: float = 10.0

    # Billing. VAT is configurable (Israel: 18% since 2025-01-01); the issuer is the platform.
    billing_vat_percent: Decimal = Decimal("18")
    billing_issuer_id: str = "agentlocator"
    billing_issuer_name: str = "AgentLocator בע״מ"
    billing_issuer_number: str = "515555555"
    contracts_bucket: str = "agentlocator-contracts-local"
    signing_link_secret: str = "local-signing-link-secret"
    signing_link_days: int = 14
    # The platform seal (PEM); production mounts both from Secret Manager. Unset → not sealed.
    platform_seal_cert_pem: str | None = None
    platform_seal_key_pem: str | None = None
    # PayPal. api_base unset → the SDK's sandbox (or live when paypal_live) host.
    paypal_client_id: str = "local-paypal-client"
    paypal_client_secret: str = "local-paypal-secret"
    paypal_api_base: str | None = None
    paypal_live: bool = False
    paypal_webhook_id: str = "local-paypal-webhook"
    # host:port pairs whose PAYPAL-CERT-URL is accepted besides paypal.com: local/test ONLY.
    paypal_trusted_cert_hosts: str = ""
    # Tranzila.
    tranzila_terminal: str = "agentlocatortest"
    tranzila_app_key: str = "local-tranzila-app-key"
    tranzila_secret: str = "local-tranzila-secret"
    tranzila_api_base: str = "https://api.tranzila.com"
    tranzila_iframe_base: str = "https://direct.tranzila.com"

    default_timezone: str = "Asia/Jerusalem"
    recording_retention_days: int = 2

    @property
    def cors_origins(self) -> list[str]:
        return [o.strip() for o in self.web_app_origins.split(",") if o.strip()]

    @property
    def whatsapp_send_task_target(self) -> str:
        if self.whatsapp_send_task_url:
            return self.whatsapp_send_task_url
        return self.public_base_url.rstrip("/") + "/whatsapp_send_task/"

    @property
    def paypal_test_cert_hosts(self) -> tuple[str, ...]:
        return tuple(
            h.strip().lower() for h in self.paypal_trusted_cert_hosts.split(",") if h.strip()
        )

    @property
    def uses_openai(self) -> bool:
        return bool(self.openai_api_key)


def load_settings(values: Mapping[str, Any] | None = None) -> Settings:
    """Settings from the environment, or only from ``values`` when given (tests pass a dict)."""
    if values is None:
        return Settings()
    return Settings.model_validate(dict(values))
