"""One shape for a tenant: Terraform's modules/tenant writes the documents the Python provisioning
writes. The documents Python wrote on the Firestore emulator are compared with the module parsed
by python-hcl2 (document set, field names, Firestore value types), and, where a terraform binary
exists, with the module's documents evaluated by `terraform console` (every value)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentlocator.clock import FixedClock
from agentlocator.crm.repositories import Repositories
from agentlocator.tenants import TenantSpec, provision
from agentlocator.tenants.documents import tenant_documents
from tests.unit.infra.hcl import MODULES, expression, module

pytestmark = pytest.mark.emulators
MOMENT = datetime(2027, 4, 23, 17, 45, tzinfo=UTC)
TENANT: dict[str, Any] = {
    "name": "אקמי נדל״ן",
    "owner": {"uid": "owner-uid-1", "email": "owner@acme.example", "display_name": "רונית"},
    "voice_numbers": ["+97235551234"],
    "whatsapp_numbers": ["+97235551234", "+972501112233"],
    "agents": [{"id": "agent-1", "name": "דנה"}, {"id": "agent-2", "name": "יוסי"}],
    "meeting_minutes": 45,
    "greeting": "שלום, הגעתם לאקמי",
}
# Which module local renders each collection's documents (documents.tf), and by which key.
LOCAL_FOR = {
    "businesses": ("business_fields", None),
    "statuses": ("status_fields", "id"),
    "prompts": ("prompt_fields", "channel"),
    "prompt_counters": ("prompt_counter_fields", None),
    "users": ("owner_fields", None),
    "phone_routes": ("route_fields", "id"),
    "tenants": ("record_fields", None),
}


def firestore_type(value: Any) -> str:
    if value is None:
        return "nullValue"
    if isinstance(value, bool):
        return "booleanValue"
    if isinstance(value, int):
        return "integerValue"
    if isinstance(value, float):
        return "doubleValue"
    if isinstance(value, str):
        return "stringValue"
    if isinstance(value, datetime):
        return "timestampValue"
    if isinstance(value, list):
        return "arrayValue"
    if isinstance(value, dict):
        return "mapValue"
    raise TypeError(type(value))


def decode(value: dict[str, Any]) -> Any:
    """Firestore's typed JSON (what google_firestore_document sends) → a Python value."""
    [(kind, inner)] = value.items()
    if kind == "mapValue":
        return {k: decode(v) for k, v in (inner.get("fields") or {}).items()}
    if kind == "arrayValue":
        return [decode(v) for v in (inner.get("values") or [])]
    if kind == "integerValue":
        return int(inner)
    if kind == "timestampValue":
        return datetime.fromisoformat(inner.replace("Z", "+00:00"))
    return inner


def kind_of(collection: str) -> str:
    return collection.rsplit("/", 1)[-1]


def value_types(value: Any, locals_: dict[str, Any]) -> set[str]:
    if isinstance(value, dict):
        return set(value)
    reference = re.fullmatch(r"local\.(\w+)", expression(value))
    if reference:
        return value_types(locals_[reference.group(1)], locals_)
    return set(re.findall(r"\b(\w+Value)\b", value))


def typed_fields(local: Any, locals_: dict[str, Any]) -> dict[str, set[str]]:
    """Field → Firestore value types a module local can produce (python-hcl2's view: a dict of
    `{ xValue = … }` objects, or an expression string for conditionals and for-expressions)."""
    if isinstance(local, dict):
        return {name: value_types(value, locals_) for name, value in local.items()}
    text = expression(local)
    body = text[text.index("=>") + 2 :]  # {for x in … : key => { field = { xValue = … } … }}
    found: dict[str, set[str]] = {}
    for name, kinds in re.findall(r"\b(\w+)\s*=\s*(\{(?:[^{}]|\$\{[^{}]*\})*\}|local\.\w+)", body):
        found.setdefault(name, set()).update(value_types(kinds, locals_))
    return found


@pytest.fixture
def written(repos: Repositories) -> dict[str, dict[str, Any]]:
    """What the Python path wrote on the emulator, by document path."""
    spec = TenantSpec.model_validate({"business_id": "acme-homes", **TENANT})
    provision(spec, repos.client, FixedClock(MOMENT), provisioned_by="terraform")
    paths = [d.path for d in tenant_documents(spec, "owner-uid-1", MOMENT, "terraform")]
    stored = {path: repos.client.document(path).get() for path in paths}
    assert all(snap.exists for snap in stored.values())
    return {path: snap.to_dict() for path, snap in stored.items()}


def test_the_module_writes_the_same_documents_and_fields(
    written: dict[str, dict[str, Any]],
) -> None:
    tenant = module("tenant")
    locals_ = tenant.locals()
    resources = tenant.resources("google_firestore_document")
    collections = {expression(r["collection"]) for r in resources.values()}
    assert {kind_of(c) for c in collections} == {kind_of(p.rsplit("/", 1)[0]) for p in written}
    for path, data in written.items():
        local_name, _ = LOCAL_FOR[kind_of(path.rsplit("/", 1)[0])]
        module_fields = typed_fields(locals_[local_name], locals_)
        assert set(module_fields) == set(data), path
        for field, value in data.items():
            assert firestore_type(value) in module_fields[field], (path, field)


def _tfvars(tenant: dict[str, Any]) -> str:
    return "\n".join(
        [
            'project_id = "demo-parity"',
            'business_id = "acme-homes"',
            f"tenant = {json.dumps(tenant, ensure_ascii=False)}",
        ]
    ).replace('": ', '" = ')


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on PATH")
def test_the_module_evaluated_by_terraform_equals_what_python_wrote(
    written: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    tenant_dir = MODULES / "tenant"
    for name in ("variables.tf", "documents.tf", "defaults.json"):
        shutil.copy(tenant_dir / name, tmp_path / name)
    moment = MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ")
    (tmp_path / "moments.tf").write_text(
        f'locals {{\n  provisioned_at = "{moment}"\n  changed_at = "{moment}"\n}}\n'
    )
    (tmp_path / "terraform.tfvars").write_text(_tfvars(TENANT), "utf-8")
    query = (
        "jsonencode({business = local.business_fields, statuses = local.status_fields, "
        "prompts = local.prompt_fields, counter = local.prompt_counter_fields, "
        "owner = local.owner_fields, routes = local.route_fields, record = local.record_fields})"
    )
    result = subprocess.run(
        ["terraform", "console"],
        input=query,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    docs = json.loads(json.loads(result.stdout.strip()))

    def module_doc(path: str) -> dict[str, Any]:
        collection, doc_id = path.rsplit("/", 1)
        kind = kind_of(collection)
        typed = {
            "businesses": lambda: docs["business"],
            "statuses": lambda: docs["statuses"][doc_id],
            "prompts": lambda: docs["prompts"][doc_id.split("-v")[0]],
            "prompt_counters": lambda: docs["counter"],
            "users": lambda: docs["owner"],
            "phone_routes": lambda: docs["routes"][doc_id],
            "tenants": lambda: docs["record"],
        }[kind]()
        return {field: decode(value) for field, value in typed.items()}

    for path, data in written.items():
        assert module_doc(path) == data, path
