"""Billing end to end on the emulators: the CRM API and the provider callbacks served over real
HTTP with a fixed clock, a local PayPal and a local Tranzila speaking their wire protocols,
Firebase Auth / Firestore / Storage emulators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import billing_hooks
import crm
import firebase_admin
import flask
import pytest
import requests
from runtime import json_errors
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from agentlocator.api.app import CrmApi
from agentlocator.api.firebase import (
    FirebaseTokenVerifier,
    FirebaseUserDirectory,
    firebase_app,
)
from agentlocator.api.services import Services
from agentlocator.billing.provisioning import TenantsProvisioner
from agentlocator.billing.wiring import Billing, build_billing
from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.mail_sink import MailSink
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.api.world import PASSWORD, Person, mint
from tests.integration.billing import fake_paypal, fake_tranzila
from tests.integration.billing.fake_paypal import FakePayPal, pem_pair, self_signed
from tests.integration.billing.fake_tranzila import FakeTranzila

NOW = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)  # any date works: every time comes from the clock
POOL = ["+97237631001", "+97237631002", "+97237631003"]  # Twilio numbers waiting for offices
METHODS = ["GET", "POST", "PATCH", "DELETE", "OPTIONS"]
INVOICES_FROM = "+97237631999"  # the platform's number invoices are texted from
MAIL_FROM = "AgentLocator <billing@agentlocator.test>"
SMTP_LOGIN = ("billing-mailer", "smtp-test-password")


class LateApp:
    """A WSGI app whose target is set per test (the server itself lives for the session)."""

    def __init__(self) -> None:
        self.target: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.target(environ, start_response)


@pytest.fixture(scope="session")
def paypal_server() -> Iterator[FakePayPal]:
    fake = FakePayPal()
    with serve_wsgi(fake) as url:
        fake.base_url = url
        yield fake


@pytest.fixture(scope="session")
def tranzila_server() -> Iterator[FakeTranzila]:
    fake = FakeTranzila()
    with serve_wsgi(fake) as url:
        fake.base_url = url
        yield fake


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailSink]:
    """A real SMTP server (aiosmtpd) on loopback that wants the platform's login."""
    with MailSink(credentials=SMTP_LOGIN) as sink:
        yield sink


@pytest.fixture
def mail(mail_server: MailSink) -> MailSink:
    mail_server.clear()
    return mail_server


@pytest.fixture
def twilio(settings: Settings) -> Iterator[TwilioStandin]:
    with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as standin:
        yield standin


@pytest.fixture(scope="session")
def seal_pems() -> tuple[bytes, bytes]:
    key, cert = self_signed("AgentLocator platform seal (test)")
    return pem_pair(key, cert)


@pytest.fixture(scope="session")
def billing_server() -> Iterator[tuple[str, LateApp]]:
    late = LateApp()
    with serve_wsgi(late) as url:
        yield url, late


@pytest.fixture(scope="session")
def auth_app(session_settings: Settings, auth_emulator_host: str) -> firebase_admin.App:
    return firebase_app(
        session_settings.model_copy(update={"firebase_auth_emulator_host": auth_emulator_host})
    )


@dataclass
class BillingWorld:
    url: str
    billing: Billing
    repos: Repositories
    clock: FixedClock
    paypal: FakePayPal
    tranzila: FakeTranzila
    twilio: TwilioStandin
    mail: MailSink
    auth_host: str
    firebase: firebase_admin.App

    @property
    def api(self) -> str:
        return f"{self.url}/api"

    @property
    def paypal_hook(self) -> str:
        return f"{self.url}/paypal_webhook/"

    def applicant(self) -> Person:
        return mint(self.auth_host, self.firebase, None)

    def fresh_token(self, person: Person) -> Person:
        """Sign in again: the new ID token carries the claims provisioning granted."""
        base = f"http://{self.auth_host}/identitytoolkit.googleapis.com/v1"
        body = {"email": person.email, "password": PASSWORD, "returnSecureToken": True}
        answer = requests.post(f"{base}/accounts:signInWithPassword?key=emulator", json=body,
                               timeout=10)  # fmt: skip
        answer.raise_for_status()
        return Person(person.uid, person.email, answer.json()["idToken"], person.claims)


@pytest.fixture
def world(
    settings: Settings,
    repos: Repositories,
    auth_emulator_host: str,
    auth_app: firebase_admin.App,
    paypal_server: FakePayPal,
    tranzila_server: FakeTranzila,
    seal_pems: tuple[bytes, bytes],
    billing_server: tuple[str, LateApp],
    twilio: TwilioStandin,
    mail: MailSink,
) -> BillingWorld:
    url, late = billing_server
    cert_pem, key_pem = seal_pems
    billing_settings = settings.model_copy(
        update={
            "firebase_auth_emulator_host": auth_emulator_host,
            "public_base_url": url,
            "paypal_api_base": paypal_server.base_url,
            "paypal_client_id": fake_paypal.CLIENT_ID,
            "paypal_client_secret": fake_paypal.CLIENT_SECRET,
            "paypal_webhook_id": fake_paypal.WEBHOOK_ID,
            "paypal_trusted_cert_hosts": paypal_server.base_url.removeprefix("http://"),
            "paypal_test_root_ca": paypal_server.root_pem,
            "tranzila_api_base": tranzila_server.base_url,
            "tranzila_iframe_base": tranzila_server.base_url,
            "tranzila_terminal": fake_tranzila.TERMINAL,
            "tranzila_app_key": fake_tranzila.APP_KEY,
            "tranzila_secret": fake_tranzila.SECRET,
            "platform_seal_cert_pem": cert_pem.decode(),
            "platform_seal_key_pem": key_pem.decode(),
            "twilio_api_base": twilio.base_url,
            "billing_sms_from": INVOICES_FROM,
            "smtp_host": "127.0.0.1",
            "smtp_port": mail.port,
            "smtp_security": "none",  # a loopback sink; production refuses "none"
            "smtp_username": SMTP_LOGIN[0],
            "smtp_password": SMTP_LOGIN[1],
            "billing_email_from": MAIL_FROM,
        }
    )
    directory = FirebaseUserDirectory(auth_app)
    clock = FixedClock(NOW)
    billing = build_billing(
        billing_settings, repos.client, TenantsProvisioner(repos.client, clock, directory)
    )
    billing.documents.ensure_bucket()
    billing.payments.numbers.add(POOL, NOW)
    # The API reads time from its repositories' clock: the same fixed clock as the callbacks.
    services = Services.build(Repositories.from_client(repos.client, clock), directory,
                              billing=billing)  # fmt: skip
    api = CrmApi(services, FirebaseTokenVerifier(auth_app), billing_settings.cors_origins)

    api_app = flask.Flask("billing-test-api")

    @api_app.route("/", defaults={"path": ""}, methods=METHODS)
    @api_app.route("/<path:path>", methods=METHODS)
    def api_any(path: str) -> flask.Response:
        return crm.serve(api, flask.request)

    def hook(handler: Any, name: str) -> flask.Flask:
        app = flask.Flask(name)
        app.add_url_rule("/", name, lambda: json_errors(handler)(flask.request, billing, clock),
                         methods=METHODS)  # fmt: skip
        return app

    late.target = DispatcherMiddleware(
        flask.Flask("billing-test-root"),
        {
            "/api": api_app,
            "/crm": api_app,  # where links sent to people point (the function's own path)
            "/paypal_webhook": hook(billing_hooks.handle_paypal, "paypal"),
            "/tranzila_notify": hook(billing_hooks.handle_tranzila, "tranzila"),
            "/billing_daily": hook(billing_hooks.handle_daily, "daily"),
        },
    )
    return BillingWorld(url, billing, repos, clock, paypal_server, tranzila_server, twilio, mail,
                        auth_emulator_host, auth_app)  # fmt: skip
