"""The bridge's own tests (message mapping, HMAC signing, /send, forwarding) under Node's test
runner, so ``make test`` covers them. They need no node_modules; skipped only without node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

BRIDGE = Path(__file__).resolve().parents[3] / "whatsapp_bridge"
PURE_TESTS = ["test/mapping.test.js", "test/signing.test.js", "test/media.test.js"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_bridge_node_tests_pass() -> None:
    result = subprocess.run(
        ["node", "--test", *PURE_TESTS],
        cwd=BRIDGE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout
