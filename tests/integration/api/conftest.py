"""The CRM API over real HTTP (functions-framework app on a local port) against the Firestore
and Auth emulators, with ID tokens the Auth emulator minted.

"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import firebase_admin
import functions_framework
import pytest
import requests
import runtime

from agentlocator.api.firebase import firebase_app
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.api.world import People, Tenant, build_world
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
