"""WhatsApp-only settings, read from the same environment as ``agentlocator.config.Settings``.

They live here until the lead folds them into the one Settings class (config.py is not this
feature's file); names match the environment variables one to one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from agentlocator.config import Settings


class WhatsAppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    # The approved template sent outside the 24-hour window (Twilio Content API "HX…" SID);
    # unset → replies outside the window fail with WindowClosed instead of being dropped.
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

    def send_task_url(self, settings: Settings) -> str:
        if self.whatsapp_send_task_url:
            return self.whatsapp_send_task_url
        return settings.public_base_url.rstrip("/") + "/whatsapp_send_task/"


def load_whatsapp_settings(values: Mapping[str, Any] | None = None) -> WhatsAppSettings:
    """From the environment, or only from ``values`` when given (tests pass a dict)."""
    if values is None:
        return WhatsAppSettings()
    return WhatsAppSettings.model_validate(dict(values))
