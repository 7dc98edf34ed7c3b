"""Read the Terraform tree with python-hcl2 into plain dicts (quotes stripped from block labels)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2

TERRAFORM_DIR = Path(__file__).resolve().parents[3] / "infra" / "terraform"
MODULES = TERRAFORM_DIR / "modules"
ENVIRONMENTS = TERRAFORM_DIR / "environments"


def unquote(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            (k[1:-1] if k.startswith('"') and k.endswith('"') else k): unquote(v)
            for k, v in value.items()
            if k != "__is_block__"
        }
    if isinstance(value, list):
        return [unquote(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


class Module:
    """One directory of .tf files: its resources, locals, variables and outputs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.files = {f.name: unquote(hcl2.loads(f.read_text())) for f in sorted(path.glob("*.tf"))}

    def blocks(self, kind: str) -> list[Any]:
        return [block for parsed in self.files.values() for block in parsed.get(kind, [])]

    def resources(self, rtype: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for block in self.blocks("resource"):
            for name, body in block.get(rtype, {}).items():
                found[name] = body
        return found

    def locals(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for block in self.blocks("locals"):
            merged.update(block)
        return merged

    def variables(self) -> dict[str, dict[str, Any]]:
        return {name: body for block in self.blocks("variable") for name, body in block.items()}

    def outputs(self) -> dict[str, dict[str, Any]]:
        return {name: body for block in self.blocks("output") for name, body in block.items()}


def module(name: str) -> Module:
    return Module(MODULES / name)


def every_module() -> list[Module]:
    dirs = sorted(MODULES.iterdir()) + sorted(ENVIRONMENTS.iterdir())
    return [Module(d) for d in dirs if d.is_dir()]


def expression(value: Any) -> str:
    """An HCL expression as python-hcl2 prints it: "${...}" → "..."."""
    text = str(value)
    return text[2:-1] if text.startswith("${") and text.endswith("}") else text
