"""The environment Terraform gives each deployable passes Settings' own production refusal
(``agentlocator.config.problems``, issue 13): no public default secret, no emulator, no loopback
URL, the Cloud Tasks OIDC account set. Evaluated with `terraform console` on modules/platform's
settings.tf (resource attributes replaced by stand-in names, since no provider can run here)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agentlocator import config
from agentlocator.config import Settings
from tests.unit.infra.hcl import MODULES
from tests.unit.infra.settings_classes import env_name, required_secret_fields

RESOURCE_ATTRIBUTE = re.compile(
    r"\b(?:data\.)?google_[a-z0-9_]+\.([a-z0-9_]+)\.(name|email|id|number)\b"
)


def platform_environment(tmp_path: Path, billing_extra: str = "") -> dict[str, str]:
    settings_tf = (MODULES / "platform" / "settings.tf").read_text()
    settings_tf = re.sub(r'data "google_project" "this" \{[^}]*\}', "", settings_tf)
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "settings.tf").write_text(
        RESOURCE_ATTRIBUTE.sub(
            lambda m: f'"{m.group(1).replace("_", "-")}-{m.group(2)}"', settings_tf
        )
    )
    shutil.copy(MODULES / "platform" / "variables.tf", tmp_path / "variables.tf")
    (tmp_path / "terraform.tfvars").write_text(
        'project_id = "agentlocator-staging"\n'
        'web_app_origins = ["https://agentlocator-staging.web.app"]\n'
        'twilio_account_sid = "AC0123456789abcdef0123456789abcdef"\n'
        'billing = { paypal_client_id = "client", paypal_webhook_id = "WH-1", paypal_live = false,'
        ' tranzila_terminal = "agentlocator", issuer_name = "AgentLocator", '
        f'issuer_number = "515555555"{billing_extra} }}\n'
    )
    result = subprocess.run(
        ["terraform", "console"],
        input="jsonencode(local.environment)",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Error" not in result.stderr, result.stderr
    environment: dict[str, str] = json.loads(json.loads(result.stdout.strip()))
    return environment


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on PATH")
@pytest.mark.skipif(
    not hasattr(config, "problems"), reason="Settings has no production refusal yet (issue 13)"
)
def test_every_deployable_would_start_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings also read the process environment, where the test session's emulators are.
    for name in [n for n in os.environ if n.endswith("_EMULATOR_HOST")]:
        monkeypatch.delenv(name)
    environment = platform_environment(tmp_path)
    # What Secret Manager mounts: any value but the public built-in one.
    secrets = {
        env_name(field): f"secret-from-manager-{field}" for field in required_secret_fields()
    }
    assert environment["MEDIA_STREAM_URL"] == (
        "wss://media-stream-this-number.me-west1.run.app/media"
    )
    values = {**environment, **secrets}
    settings = Settings.model_validate(values)
    assert settings.environment == "production"
    # One environment for the functions and the media service (test_terraform checks both use it).
    assert config.problems(settings, values) == []  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on PATH")
def test_owners_are_reached_by_sms_and_smtp_once_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [n for n in os.environ if n.endswith("_EMULATOR_HOST")]:
        monkeypatch.delenv(name)
    unset = platform_environment(tmp_path / "unset")
    assert unset["INVOICE_LINK_DAYS"] == "30"
    assert not {"BILLING_SMS_FROM", "SMTP_HOST", "SMTP_USERNAME"} & set(unset)
    extra = (
        ', sms_from = "+97237631999", invoice_link_days = 14, smtp_host = "smtp.example.net",'
        ' smtp_port = 465, smtp_security = "ssl", smtp_username = "billing@agentlocator.co.il"'
    )
    environment = platform_environment(tmp_path / "set", extra)
    assert {k: environment[k] for k in ("BILLING_SMS_FROM", "INVOICE_LINK_DAYS", "SMTP_HOST",
                                        "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME")} == {
        "BILLING_SMS_FROM": "+97237631999", "INVOICE_LINK_DAYS": "14",
        "SMTP_HOST": "smtp.example.net", "SMTP_PORT": "465", "SMTP_SECURITY": "ssl",
        "SMTP_USERNAME": "billing@agentlocator.co.il",
    }  # fmt: skip
    secrets = {env_name(f): f"secret-{f}" for f in required_secret_fields()}
    values = {**environment, **secrets, "SMTP_PASSWORD": "from-secret-manager"}
    settings = Settings.model_validate(values)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == (
        "smtp.example.net", 465, "ssl")  # fmt: skip
    assert settings.billing_sms_from == "+97237631999" and settings.invoice_link_days == 14
    assert config.problems(settings, values) == []
