"""The emulators the product uses locally, each started on a chosen port."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

from agentlocator.devstack.processes import ManagedProcess, free_port, venv_bin

GCLOUD_PLATFORM = Path("/usr/lib/google-cloud-sdk/platform")
FIRESTORE_JAR = GCLOUD_PLATFORM / "cloud-firestore-emulator" / "cloud-firestore-emulator.jar"
PUBSUB_BIN = GCLOUD_PLATFORM / "pubsub-emulator" / "bin" / "cloud-pubsub-emulator"
HOST = "127.0.0.1"


def repo_root() -> Path:
    # shared/agentlocator/devstack/emulators.py → repo root is three levels above the package.
    return Path(__file__).resolve().parents[3]


def firestore_emulator(port: int, logs: Path, rules: Path | None = None) -> ManagedProcess:
    """With ``rules``, client requests (ID tokens) are checked against that security-rules
    file; the server SDKs send the emulator's admin token and are not."""
    # java directly (not the gcloud wrapper) so the process we hold is the server.
    argv = [
        "java", "-Duser.language=en", "-cp", str(FIRESTORE_JAR),
        "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
        "start", f"--host={HOST}", f"--port={port}",
    ]  # fmt: skip
    if rules is not None:
        argv.append(f"--rules={rules}")
    return ManagedProcess(
        "firestore",
        argv,
        HOST,
        port,
        ready_url=f"http://{HOST}:{port}/",
        log_path=logs / "firestore.log",
    )


def reset_firestore(address: str, project: str) -> None:
    """Delete every document in the emulator's default database."""
    url = f"http://{address}/emulator/v1/projects/{project}/databases/(default)/documents"
    request = urllib.request.Request(url, method="DELETE")
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (loopback only)
        pass


def load_firestore_rules(address: str, project: str, rules: str) -> None:
    """Replace the running emulator's security rules (what ``--rules`` sets at start).

    Server SDKs pass as admin; the web app's listeners are checked against ``rules``."""
    url = f"http://{address}/emulator/v1/projects/{project}:securityRules"
    body = json.dumps({"rules": {"files": [{"name": "firestore.rules", "content": rules}]}})
    request = urllib.request.Request(
        url, data=body.encode(), method="PUT", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (loopback only)
        pass


def pubsub_emulator(port: int, logs: Path) -> ManagedProcess:
    argv = [str(PUBSUB_BIN), f"--host={HOST}", f"--port={port}"]
    return ManagedProcess(
        "pubsub", argv, HOST, port, ready_url=f"http://{HOST}:{port}/", log_path=logs / "pubsub.log"
    )


def storage_emulator(port: int, logs: Path, data_dir: Path | None = None) -> ManagedProcess:
    argv = [
        venv_bin("gcp-storage-emulator"),
        "start",
        "--host",
        HOST,
        "--port",
        str(port),
        "--in-memory",
    ]
    if data_dir is not None:
        argv = argv[:-1] + ["-d", str(data_dir)]
    return ManagedProcess("storage", argv, HOST, port, log_path=logs / "storage.log")


def tasks_emulator(port: int, logs: Path) -> ManagedProcess:
    # Its own venv: gcloud-tasks-emulator pins protobuf<5, which the product cannot use.
    binary = repo_root() / ".venv-tasks" / "bin" / "gcloud-tasks-emulator"
    argv = [str(binary), "start", "-p", str(port), "-r", "5"]
    return ManagedProcess("tasks", argv, HOST, port, log_path=logs / "tasks.log")


def auth_emulator(port: int, logs: Path, project: str) -> ManagedProcess:
    firebase = repo_root() / "web" / "node_modules" / ".bin" / "firebase"
    config_dir = logs / "firebase"
    config_dir.mkdir(parents=True, exist_ok=True)
    config = config_dir / "firebase.json"
    # The hub and logging side servers default to fixed ports (4400/4500): two stacks at once
    # (a test run beside `make run`) would collide, so they get free ports too.
    emulators_config = {
        "auth": {"host": HOST, "port": port},
        "hub": {"host": HOST, "port": free_port()},
        "logging": {"host": HOST, "port": free_port()},
        "ui": {"enabled": False},
    }
    config.write_text(json.dumps({"emulators": emulators_config}))
    argv = [
        str(firebase),
        "emulators:start",
        "--only",
        "auth",
        "--project",
        project,
        "--config",
        str(config),
    ]
    return ManagedProcess(
        "auth",
        argv,
        HOST,
        port,
        ready_url=f"http://{HOST}:{port}/",
        log_path=logs / "auth.log",
        cwd=config_dir,
        env={"FIREBASE_CLI_DISABLE_UPDATE_CHECK": "true", "CI": "true"},
    )


def available() -> dict[str, bool]:
    """Which emulators this machine can start (make setup installs the missing ones)."""
    return {
        "firestore": FIRESTORE_JAR.exists() and shutil.which("java") is not None,
        "pubsub": PUBSUB_BIN.exists(),
        "storage": Path(venv_bin("gcp-storage-emulator")).exists(),
        "tasks": (repo_root() / ".venv-tasks" / "bin" / "gcloud-tasks-emulator").exists(),
        "auth": (repo_root() / "web" / "node_modules" / ".bin" / "firebase").exists(),
    }
