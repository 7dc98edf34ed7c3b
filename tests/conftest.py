"""Session-wide local stack: the official emulators start once and Firestore is emptied
before each test that uses it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import seed_demo
from agentlocator.devstack.emulators import reset_firestore
from agentlocator.devstack.stack import LocalStack, start_stack

# Components the tests need; auth and tasks need `make setup` (node and a second venv).
_SESSION_COMPONENTS = ("firestore", "pubsub", "storage", "tasks", "auth")


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    logs = Path(tmp_path_factory.mktemp("emulator-logs"))
    stack = start_stack(_SESSION_COMPONENTS, logs=logs)
    saved = dict(os.environ)
    stack.export()
    try:
        yield stack
    finally:
        stack.stop()
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def session_settings(local_stack: LocalStack) -> Settings:
    return local_stack.settings({"environment": "test"})


@pytest.fixture(scope="session")
def session_repos(session_settings: Settings) -> Repositories:
    # Stamps (created_at/updated_at) only: tests that decide by time pass ``now`` explicitly.
    return Repositories.from_settings(session_settings, SYSTEM_CLOCK)


@pytest.fixture
def settings(session_settings: Settings, local_stack: LocalStack) -> Settings:
    """Settings on the emulators, with Firestore emptied for this test."""
    reset_firestore(local_stack.processes["firestore"].address, local_stack.project)
    return session_settings


@pytest.fixture
def repos(settings: Settings, session_repos: Repositories) -> Repositories:
    return session_repos


@pytest.fixture
def firestore_client(repos: Repositories):  # type: ignore[no-untyped-def]
    return repos.client


@pytest.fixture
def demo_business(repos: Repositories) -> Business:
    return seed_demo(repos)


@pytest.fixture(scope="session")
def pubsub_emulator_host(local_stack: LocalStack) -> str:
    return local_stack.processes["pubsub"].address


@pytest.fixture(scope="session")
def storage_emulator_host(local_stack: LocalStack) -> str:
    return f"http://{local_stack.processes['storage'].address}"


@pytest.fixture(scope="session")
def tasks_emulator_host(local_stack: LocalStack) -> str:
    return local_stack.processes["tasks"].address


@pytest.fixture(scope="session")
def auth_emulator_host(local_stack: LocalStack) -> str:
    return local_stack.processes["auth"].address
