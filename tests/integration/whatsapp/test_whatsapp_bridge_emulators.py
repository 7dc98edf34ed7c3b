"""The bridge keeps its WhatsApp Web session in Firestore (not on a stateless instance's
disk) and incoming media in Cloud Storage: its Node tests for both run against this session's
emulators."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from agentlocator.config import Settings

pytestmark = pytest.mark.emulators
BRIDGE = Path(__file__).resolve().parents[3] / "whatsapp_bridge"


def _ensure_node_modules() -> None:
    if (BRIDGE / "node_modules" / "@whiskeysockets" / "baileys").exists():
        return
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=BRIDGE,
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_auth_state_round_trips_through_firestore(settings: Settings) -> None:
    _ensure_node_modules()
    assert settings.firestore_emulator_host
    env = {
        **os.environ,
        "FIRESTORE_EMULATOR_HOST": settings.firestore_emulator_host,
        "GOOGLE_CLOUD_PROJECT": settings.gcp_project,
    }
    result = subprocess.run(
        ["node", "--test", "test/authState.test.js"],
        cwd=BRIDGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# pass 1" in result.stdout and "# skipped 0" in result.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_media_go_to_cloud_storage(settings: Settings, storage_emulator_host: str) -> None:
    _ensure_node_modules()
    env = {
        **os.environ,
        "STORAGE_EMULATOR_HOST": storage_emulator_host,
        "GOOGLE_CLOUD_PROJECT": settings.gcp_project,
    }
    result = subprocess.run(
        ["node", "--test", "test/mediaStorage.test.js"],
        cwd=BRIDGE,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# pass 2" in result.stdout and "# skipped 0" in result.stdout
