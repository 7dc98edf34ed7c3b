"""The CRM API over real HTTP (functions-framework app on a local port) against the Firestore
and Auth emulators, with ID tokens the Auth emulator minted.

These tests run their own Auth emulator: firebase-tools also opens an emulator hub and a logging
port (4400/4500 by default), and when several suites start at once on one machine one of them
loses that race and exits after reporting ready. Pinning those ports to free ones avoids it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import firebase_admin
import functions_framework
import pytest
import requests
import runtime
from werkzeug.serving import make_server

from agentlocator.api.firebase import firebase_app
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from agentlocator.devstack.emulators import HOST, repo_root
from agentlocator.devstack.processes import ManagedProcess, free_port
from agentlocator.devstack.stack import LocalStack
from tests.integration.api.world import People, Tenant, build_world

CRM_SOURCE = str(Path(__file__).resolve().parents[3] / "functions" / "crm.py")


def _auth_emulator(logs: Path, project: str, attempt: int) -> ManagedProcess:
    port, hub, logging_port = free_port(), free_port(), free_port()
    config_dir = logs / f"auth-{attempt}"
    config_dir.mkdir(parents=True, exist_ok=True)
    emulators = {
        "auth": {"host": HOST, "port": port},
        "hub": {"host": HOST, "port": hub},
        "logging": {"host": HOST, "port": logging_port},
        "ui": {"enabled": False},
    }
    (config_dir / "firebase.json").write_text(json.dumps({"emulators": emulators}))
    firebase = repo_root() / "web" / "node_modules" / ".bin" / "firebase"
    argv = [str(firebase), "emulators:start", "--only", "auth", "--project", project,
            "--config", str(config_dir / "firebase.json")]  # fmt: skip
    return ManagedProcess(
        "auth", argv, HOST, port, ready_url=f"http://{HOST}:{port}/",
        log_path=config_dir / "auth.log", cwd=config_dir,
        env={"FIREBASE_CLI_DISABLE_UPDATE_CHECK": "true", "CI": "true"},
    )  # fmt: skip


@pytest.fixture(scope="session")
def api_auth_host(
    local_stack: LocalStack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An Auth emulator of our own that stayed up after reporting ready."""
    logs = Path(tmp_path_factory.mktemp("api-auth"))
    for attempt in range(3):
        process = _auth_emulator(logs, local_stack.project, attempt)
        process.start()
        try:
            process.wait_ready(90)
            time.sleep(2)  # a lost port race kills it just after "ready"
            if process.process is not None and process.process.poll() is None:
                break
        except (RuntimeError, TimeoutError):
            pass
        process.stop()
    else:
        raise RuntimeError(f"Auth emulator did not stay up; logs in {logs}")
    saved = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST")
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = process.address
    try:
        yield process.address
    finally:
        process.stop()
        if saved is not None:
            os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = saved


@pytest.fixture(scope="session")
def api_settings(session_settings: Settings, api_auth_host: str) -> Settings:
    return session_settings.model_copy(update={"firebase_auth_emulator_host": api_auth_host})


@pytest.fixture(scope="session")
def firebase(api_settings: Settings) -> firebase_admin.App:
    return firebase_app(api_settings)


@pytest.fixture(scope="session")
def api_url(api_settings: Settings, firebase: firebase_admin.App) -> Iterator[str]:
    """crm_api served by functions-framework on a free port (real HTTP, real token checks)."""
    runtime.settings.cache_clear()  # read the environment as it is now (our Auth emulator)
    runtime.repos.cache_clear()
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
def people(firebase: firebase_admin.App, api_auth_host: str) -> People:
    return People.mint_all(api_auth_host, firebase, DEMO_BUSINESS_ID)


@pytest.fixture
def world(repos: Repositories, people: People) -> tuple[Tenant, Tenant]:
    return build_world(repos, people)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
