"""The deployed targets themselves (functions-framework apps over functions/main.py), wired
from the environment the way Cloud Functions runs them."""

from __future__ import annotations

from collections.abc import Iterator

import functions_framework
import pytest
import runtime
import whatsapp as whatsapp_functions
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER

pytestmark = pytest.mark.emulators
MAIN = "functions/main.py"


@pytest.fixture
def env_wired(
    settings: Settings, demo_business: Business, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://functions.example.test")
    monkeypatch.setenv("WHATSAPP_QUEUE", "wa-targets-smoke")
    for cached in (runtime.settings, runtime.repos, whatsapp_functions.components):
        cached.cache_clear()
    yield
    for cached in (runtime.settings, runtime.repos, whatsapp_functions.components):
        cached.cache_clear()


def client(target: str) -> FlaskClient:
    return functions_framework.create_app(target, MAIN).test_client()


def test_whatsapp_inbound_target_checks_the_signature_against_the_public_url(
    env_wired: None, repos: Repositories, demo_business: Business
) -> None:
    form = {
        "MessageSid": "SM" + "c" * 32,
        "From": "whatsapp:+972509998877",
        "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
        "Body": "שלום",
        "NumMedia": "0",
    }
    token = runtime.settings().twilio_auth_token
    good = RequestValidator(token).compute_signature("https://functions.example.test/", form)
    wrong_url = RequestValidator(token).compute_signature("http://localhost/", form)

    forged = client("whatsapp_inbound").post(
        "/", data=form, headers={"X-Twilio-Signature": wrong_url}
    )
    assert forged.status_code == 403
    assert list(repos.leads.query(demo_business.id).stream()) == []

    signed = client("whatsapp_inbound").post("/", data=form, headers={"X-Twilio-Signature": good})
    assert signed.status_code == 200
    assert signed.data.decode().endswith("<Response></Response>")
    assert repos.leads.get(demo_business.id, "+972509998877").sources == ["whatsapp"]


def test_send_task_and_bridge_targets_are_registered_and_guarded(env_wired: None) -> None:
    assert client("whatsapp_send_task").post("/", json={}).status_code == 403
    assert client("baileys_inbound").post("/", json={"id": "x"}).status_code == 403
