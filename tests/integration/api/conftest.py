"""The CRM API over real HTTP (functions-framework app on a local port) against the Firestore
and Auth emulators, with ID tokens the Auth emulator minted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import firebase_admin
import functions_framework
import pytest
import requests
from werkzeug.serving import make_server

from agentlocator.api.firebase import firebase_app
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from tests.integration.api.world import People, Tenant, build_world

CRM_SOURCE = str(Path(__file__).resolve().parents[3] / "functions" / "crm.py")


@pytest.fixture(scope="session")
def firebase(session_settings: Settings, auth_emulator_host: str) -> firebase_admin.App:
    return firebase_app(session_settings)


@pytest.fixture(scope="session")
def api_url(session_settings: Settings, auth_emulator_host: str) -> Iterator[str]:
    """crm_api served by functions-framework on a free port (real HTTP, real token checks)."""
    app = functions_framework.create_app("crm_api", CRM_SOURCE, "http")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def people(firebase: firebase_admin.App, auth_emulator_host: str) -> People:
    return People.mint_all(auth_emulator_host, firebase, DEMO_BUSINESS_ID)


@pytest.fixture
def world(repos: Repositories, people: People) -> tuple[Tenant, Tenant]:
    return build_world(repos, people)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
