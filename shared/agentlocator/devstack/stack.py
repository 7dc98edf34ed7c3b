"""Start a set of emulators together and describe them as environment variables and Settings."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentlocator.config import LOCAL_PROJECT_ID, Settings, load_settings
from agentlocator.devstack import emulators
from agentlocator.devstack.processes import ManagedProcess, free_port

# Where ``make run`` records the running stack so the CLI and scripts can find it.
STACK_FILE = Path(tempfile.gettempdir()) / "agentlocator-local-stack.json"

_ENV_BY_COMPONENT = {
    "firestore": "FIRESTORE_EMULATOR_HOST",
    "pubsub": "PUBSUB_EMULATOR_HOST",
    "storage": "STORAGE_EMULATOR_HOST",
    "auth": "FIREBASE_AUTH_EMULATOR_HOST",
    "tasks": "CLOUD_TASKS_EMULATOR_HOST",
}


@dataclass
class LocalStack:
    project: str
    logs: Path
    processes: dict[str, ManagedProcess] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """Variables the google SDKs (and Settings) read to use these emulators."""
        values = {"GOOGLE_CLOUD_PROJECT": self.project, "GCLOUD_PROJECT": self.project}
        for name, process in self.processes.items():
            address = process.address
            values[_ENV_BY_COMPONENT[name]] = f"http://{address}" if name == "storage" else address
        return values

    def settings(self, overrides: Mapping[str, Any] | None = None) -> Settings:
        values: dict[str, Any] = {key.lower(): value for key, value in self.env().items()}
        values["GOOGLE_CLOUD_PROJECT"] = self.project
        values.pop("google_cloud_project", None)
        values.pop("gcloud_project", None)
        values.update(overrides or {})
        return load_settings(values)

    def export(self) -> None:
        os.environ.update(self.env())

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()

    def write_stack_file(
        self, extra: Mapping[str, Any] | None = None, path: Path = STACK_FILE
    ) -> None:
        payload = {"pid": os.getpid(), "project": self.project, "env": self.env(), **(extra or {})}
        path.write_text(json.dumps(payload, indent=2))


def start_stack(
    components: Iterable[str],
    *,
    project: str = LOCAL_PROJECT_ID,
    ports: Mapping[str, int] | None = None,
    logs: Path | None = None,
    timeout: float = 90.0,
) -> LocalStack:
    """Start the named emulators (firestore, pubsub, storage, tasks, auth) and wait for all."""
    log_dir = logs or Path(tempfile.mkdtemp(prefix="agentlocator-logs-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = LocalStack(project=project, logs=log_dir)
    chosen = dict(ports or {})
    builders = {
        "firestore": lambda port: emulators.firestore_emulator(port, log_dir),
        "pubsub": lambda port: emulators.pubsub_emulator(port, log_dir),
        "storage": lambda port: emulators.storage_emulator(port, log_dir),
        "tasks": lambda port: emulators.tasks_emulator(port, log_dir),
        "auth": lambda port: emulators.auth_emulator(port, log_dir, project),
    }
    try:
        for name in components:
            process = builders[name](chosen.get(name) or free_port())
            process.start()
            stack.processes[name] = process
        for process in stack.processes.values():
            process.wait_ready(timeout)
    except BaseException:
        stack.stop()
        raise
    return stack


def running_stack_env() -> dict[str, str] | None:
    """The environment of a stack ``make run`` started, if it is still running."""
    if not STACK_FILE.exists():
        return None
    try:
        payload = json.loads(STACK_FILE.read_text())
        os.kill(int(payload["pid"]), 0)
    except (OSError, ValueError, KeyError):
        return None
    env: dict[str, str] = payload["env"]
    return env
