"""An Auth emulator with every port firebase-tools opens pinned to a free one.

firebase-tools also opens an emulator hub and a logging port (4400/4500 by default); when
several suites start emulators at once on one machine, one of them loses that race and exits
just after reporting ready. (devstack.emulators.auth_emulator leaves those ports unpinned.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from agentlocator.devstack.emulators import HOST, repo_root
from agentlocator.devstack.processes import ManagedProcess, free_port


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


def start_auth_emulator(logs: Path, project: str, attempts: int = 3) -> ManagedProcess:
    """A started Auth emulator that stayed up after reporting ready (retried on a lost race)."""
    for attempt in range(attempts):
        process = _auth_emulator(logs, project, attempt)
        process.start()
        try:
            process.wait_ready(90)
            time.sleep(2)  # a lost port race kills it just after "ready"
            if process.process is not None and process.process.poll() is None:
                return process
        except (RuntimeError, TimeoutError):
            pass
        process.stop()
    raise RuntimeError(f"Auth emulator did not stay up; logs in {logs}")
