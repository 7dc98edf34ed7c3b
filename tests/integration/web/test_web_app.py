"""The staff web app's own checks, run from pytest so `make test` covers them.

`npm test` runs the vitest suites (components and the typed API client against a fake CRM at
the fetch boundary); the build step type-checks everything with tsc strict and bundles it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "web"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.slow,
]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if not (WEB / "node_modules" / ".bin" / "vitest").exists():
        pytest.fail("web/node_modules is missing: run `make setup` (npm ci in web/)")
    env = {**os.environ, "CI": "1", "NO_COLOR": "1", "TMPDIR": str(tmp_path)}
    return subprocess.run(
        args, cwd=WEB, env=env, capture_output=True, text=True, timeout=280, check=False
    )


def test_web_unit_tests_pass(tmp_path: Path) -> None:
    result = _run(["npm", "test", "--silent"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert " passed" in output and " failed" not in output, output[-3000:]


def test_web_app_type_checks_and_builds(tmp_path: Path) -> None:
    out_dir = tmp_path / "dist"
    result = _run(["npm", "run", "build", "--silent", "--", "--outDir", str(out_dir)], tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in index
    assert list((out_dir / "assets").glob("*.js"))
