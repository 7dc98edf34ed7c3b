"""Terraform cannot `init` offline (no provider download), so we check what can be checked here:
formatting, and that every deployable has its own service account."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TERRAFORM_DIR = Path(__file__).resolve().parents[3] / "infra" / "terraform"


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform binary not installed")
def test_terraform_is_formatted() -> None:
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", str(TERRAFORM_DIR)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_deployable_has_its_own_service_account() -> None:
    iam = (TERRAFORM_DIR / "iam.tf").read_text()
    assert 'resource "google_service_account" "functions"' in iam
    assert 'resource "google_service_account" "media"' in iam
    assert "roles/owner" not in iam and "roles/editor" not in iam
