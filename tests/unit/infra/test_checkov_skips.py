"""Every checkov skip in infra/terraform says why, next to the resource it skips."""

from __future__ import annotations

import re

from tests.unit.infra.hcl import TERRAFORM_DIR

SKIP = re.compile(r"#checkov:skip=(CKV_[A-Z0-9_]+):(.*)")


def test_every_skip_is_justified() -> None:
    skips = [
        (path.relative_to(TERRAFORM_DIR), match)
        for path in TERRAFORM_DIR.rglob("*.tf")
        for match in SKIP.finditer(path.read_text())
    ]
    assert skips
    for where, match in skips:
        assert len(match.group(2).strip()) >= 30, f"{where}: {match.group(1)} needs a reason"
