"""The CRM API over real HTTP (functions-framework app on a local port) against the Firestore
and Auth emulators, with ID tokens the Auth emulator minted.

"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import firebase_admin
import functions_framework
import pytest
import requests
import runtime

from agentlocator.api.app import CrmApi
from agentlocator.api.firebase import FirebaseTokenVerifier, FirebaseUserDirectory, firebase_app
from agentlocator.api.http import ApiRequest
from agentlocator.api.recording_links import StorageRecordingLinks
from agentlocator.api.services import Services
from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.api import requests_catalog
from tests.integration.api.world import MONDAY, People, Person, Tenant, build_world
from tests.integration.billing import fake_paypal
from tests.integration.billing.fake_paypal import FakePayPal

CRM_SOURCE = str(Path(__file__).resolve().parents[3] / "functions" / "crm.py")


@pytest.fixture(scope="session")
def api_auth_host(auth_emulator_host: str) -> str:
    """The session stack's Auth emulator (every test suite mints its users on the same one)."""
    return auth_emulator_host


@pytest.fixture(scope="session")
def api_settings(session_settings: Settings, api_auth_host: str) -> Settings:
    return session_settings.model_copy(update={"firebase_auth_emulator_host": api_auth_host})


@pytest.fixture(scope="session")
def firebase(api_settings: Settings) -> firebase_admin.App:
    return firebase_app(api_settings)


@pytest.fixture(scope="session")
def api_paypal(local_stack: object) -> Iterator[FakePayPal]:
    """A local PayPal for the billing routes (the session stack restores the environment)."""
    fake = FakePayPal()
    with serve_wsgi(fake) as url:
        fake.base_url = url
        os.environ.update(PAYPAL_API_BASE=url, PAYPAL_CLIENT_ID=fake_paypal.CLIENT_ID,
                          PAYPAL_CLIENT_SECRET=fake_paypal.CLIENT_SECRET)  # fmt: skip
        requests_catalog.LOCAL_PAYPAL[:] = [fake]
        yield fake


@pytest.fixture(scope="session")
def api_url(
    api_settings: Settings, firebase: firebase_admin.App, api_paypal: FakePayPal
) -> Iterator[str]:
    """crm_api served by functions-framework on a free port (real HTTP, real token checks)."""
    runtime.settings.cache_clear()  # read the environment as the session stack set it
    runtime.repos.cache_clear()
    runtime.billing.cache_clear()
    runtime.billing().documents.ensure_bucket()  # Terraform creates it in the cloud
    with serve_wsgi(functions_framework.create_app("crm_api", CRM_SOURCE, "http")) as url:
        yield url


@pytest.fixture(scope="session")
def people(firebase: firebase_admin.App, api_auth_host: str) -> People:
    return People.mint_all(api_auth_host, firebase, DEMO_BUSINESS_ID)


@pytest.fixture
def world(repos: Repositories, people: People) -> tuple[Tenant, Tenant]:
    return build_world(repos, people)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@dataclass
class ClockedApi:
    """The CRM API in-process on a FixedClock: real Firestore, real Auth-emulator tokens, only
    the HTTP hop left out, so results that depend on "now" are the same on any date."""

    api: CrmApi
    clock: FixedClock
    repos: Repositories

    def call(
        self,
        person: Person,
        method: str,
        path: str,
        body: Any = None,
        query: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        raw = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        headers = {k.lower(): v for k, v in person.headers().items()}
        response = self.api.handle(ApiRequest(method, path, query or {}, headers, raw))
        if response.headers.get("Content-Type", "").startswith("application/json"):
            return response.status, response.json_body()
        return response.status, response.body


@pytest.fixture
def clocked(
    repos: Repositories, firebase: firebase_admin.App, api_settings: Settings
) -> ClockedApi:
    clock = FixedClock(MONDAY - timedelta(days=1))
    clocked_repos = Repositories.from_client(repos.client, clock=clock)
    services = Services.build(
        clocked_repos,
        FirebaseUserDirectory(firebase),
        StorageRecordingLinks.from_settings(api_settings),
    )
    return ClockedApi(CrmApi(services, FirebaseTokenVerifier(firebase), []), clock, clocked_repos)
