"""Every ``Settings`` field, classified by how a deployed process gets it. Derived from the model:
a field added to Settings and not placed here fails ``test_every_settings_field_is_classified``,
so Terraform cannot silently miss a new setting."""

from __future__ import annotations

from agentlocator.config import Settings

SECRET_SUFFIXES = ("_token", "_secret", "_key", "_password", "_pem")


def env_name(field: str) -> str:
    info = Settings.model_fields[field]
    return (info.alias or field).upper()


def secret_fields() -> set[str]:
    """Held in Secret Manager: by name, so a new ``*_secret`` is a secret without asking."""
    return {name for name in Settings.model_fields if name.endswith(SECRET_SUFFIXES)}


def required_secret_fields() -> set[str]:
    """Secrets with a local default: a deployed process must never run on the public default."""
    return {n for n in secret_fields() if Settings.model_fields[n].default is not None}


# Secrets Terraform already provides for a Settings field another branch adds (issue 13's
# MEDIA_STATS_TOKEN): allowed to be ahead of Settings, never behind. Empty it once merged.
ANNOUNCED_SECRET_ENV = {"MEDIA_STATS_TOKEN"}


def secret_env_names() -> set[str]:
    return {env_name(f) for f in secret_fields()}


def optional_secret_env_names() -> set[str]:
    return {env_name(f) for f in secret_fields() - required_secret_fields()}


# Emulator addresses and local stand-ins: must never be set in a deployed environment.
LOCAL_ONLY = {
    "firestore_emulator_host",
    "pubsub_emulator_host",
    "storage_emulator_host",
    "firebase_auth_emulator_host",
    "cloud_tasks_emulator_host",
    "twilio_api_base",
    "openai_base_url",
    "speech_endpoint",
    "tts_endpoint",
    "paypal_api_base",  # a local PayPal; unset = PayPal's own host
    "paypal_trusted_cert_hosts",  # refused in production by billing itself
    "paypal_test_root_ca",  # refused in production by billing itself
}
# Their local default would be wrong in the cloud (loopback URLs, the local project, names of
# resources Terraform creates): Terraform sets every one of them on every deployable.
DEPLOYED_ENV = {
    "environment",
    "gcp_project",
    "region",
    "public_base_url",
    "media_stream_url",
    "web_app_origins",
    "twilio_account_sid",
    "recordings_bucket",
    "call_events_topic",
    "retention_topic",
    "whatsapp_queue",
    "meetings_queue",
    "notices_queue",
    "tasks_location",
    "whatsapp_tasks_service_account",
    "baileys_bridge_url",
    "recording_retention_days",
    "contracts_bucket",
    "paypal_client_id",
    "paypal_webhook_id",
    "paypal_live",
    "tranzila_terminal",
    "billing_issuer_name",
    "billing_issuer_number",
}
# Product defaults that hold in production too (tuning); Terraform may set them.
TUNABLE = {
    "stream_token_ttl_seconds",
    "openai_model",
    "llm_timeout_seconds",
    "tts_voice",
    "whatsapp_template_content_sid",
    "whatsapp_send_task_url",
    "whatsapp_reply_lease_seconds",
    "baileys_timeout_seconds",
    "default_timezone",
    "tasks_oidc_certs_url",  # issue 13: Google's OIDC certs; overridden only by tests
    "billing_vat_percent",
    "billing_issuer_id",
    "signing_link_days",
    "invoice_link_days",
    "billing_sms_from",  # unset → invoices kept, not texted
    "smtp_host",  # unset → nothing e-mailed (billing.sms_from / smtp_* in the billing variable)
    "smtp_port",
    "smtp_security",
    "smtp_username",
    "smtp_timeout_seconds",
    "billing_email_from",
    "tranzila_api_base",
    "tranzila_iframe_base",
    "tranzila_hosted_fields_js",
}
