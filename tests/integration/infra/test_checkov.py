"""checkov (its own venv, .venv-checkov) scans infra/terraform offline: 0 failed checks, and every
skip carries its reason next to the resource it skips (tests/unit/infra/test_checkov_skips.py).
An integration test: it runs a tool for ~25 s (not a fast unit test)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.unit.infra.hcl import TERRAFORM_DIR

CHECKOV = TERRAFORM_DIR.parents[1] / ".venv-checkov" / "bin" / "checkov"


@pytest.mark.slow
@pytest.mark.skipif(not CHECKOV.exists(), reason="no .venv-checkov: run scripts/setup.sh")
def test_checkov_finds_nothing(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(CHECKOV),
            "-d",
            str(TERRAFORM_DIR),
            "--framework",
            "terraform",
            "--skip-download",
            "--compact",
            "-o",
            "json",
            "--output-file-path",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads((tmp_path / "results_json.json").read_text())
    summary = report["summary"]
    print("checkov:", json.dumps(summary))
    failed = [
        (c["check_id"], c["resource"], c["file_path"]) for c in report["results"]["failed_checks"]
    ]
    assert failed == [] and summary["parsing_errors"] == 0, result.stderr[-2000:]
    assert summary["passed"] > 0 and summary["resource_count"] > 50
    for check in report["results"]["skipped_checks"]:
        assert check["check_result"].get("suppress_comment"), check["check_id"]
